import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

const f = Math.fround;

/** Same rules and tie-breaks as shaders/common/fuse_rule.wgsl, evaluated in float32. */
export function combine(a: number, b: number, actA: number, actB: number, rule: number, weight: number): number {
  switch (rule) {
    case 0:
      return f(0.5 * f(a + b));
    case 1:
      return Math.abs(a) >= Math.abs(b) ? a : b;
    case 2:
      return f(f(weight * a) + f(f(1 - weight) * b));
    case 3:
      return actA >= actB ? a : b;
    default: {
      const s = f(actA + actB);
      return s > 0 ? f(f(f(actA * a) + f(actB * b)) / s) : f(0.5 * f(a + b));
    }
  }
}

/**
 * Windowed l1 activity of both planes, summed in float32 in the kernel's order
 * (rows of the window top to bottom, each left to right), so choose-max decisions match.
 */
export function activity(a: Float32Array, b: Float32Array, plane: number, h: number, w: number, y: number, x: number, r: number): [number, number] {
  let sa = 0;
  let sb = 0;
  for (let dy = -r; dy <= r; dy++) {
    const row = plane + borderIndex(y + dy, h, 0) * w;
    for (let dx = -r; dx <= r; dx++) {
      const i = row + borderIndex(x + dx, w, 0);
      sa = f(sa + Math.abs(a[i]));
      sb = f(sb + Math.abs(b[i]));
    }
  }
  return [sa, sb];
}

export function fuseRef(a: Tensor, b: Tensor, rule: number, weight: number, radius: number): Tensor {
  const [c, h, w] = a.shape;
  const out = tensor(a.shape);
  const wf = f(weight);
  for (let z = 0; z < c; z++) {
    const p = z * h * w;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = p + y * w + x;
        const [sa, sb] = rule >= 3 ? activity(a.data, b.data, p, h, w, y, x, radius) : [0, 0];
        out.data[o] = combine(a.data[o], b.data[o], sa, sb, rule, wf);
      }
    }
  }
  return out;
}
