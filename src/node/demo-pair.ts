import { tensor, type Tensor } from '../core/tensor.js';

/**
 * A synthetic infrared/visible pair that shows what fusion does: the "infrared" image has
 * warm blobs on a dark, smooth background; the "visible" image has texture and edges
 * (a colour checker and stripes) but no blobs. Deterministic, so the demo output is too.
 */
export function demoPair(w = 320, h = 256): { ir: Tensor; vis: Tensor } {
  const ir = tensor([1, h, w]);
  const vis = tensor([3, h, w]);
  const n = w * h;
  const blobs = [
    [0.3, 0.4, 0.06],
    [0.7, 0.6, 0.09],
    [0.5, 0.2, 0.04],
  ];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / w;
      const v = y / h;
      let t = 0.15 + 0.1 * v;
      for (const [bx, by, r] of blobs) t += 0.7 * Math.exp(-((u - bx) ** 2 + (v - by) ** 2) / (2 * r * r));
      ir.data[y * w + x] = Math.min(1, t);
      const cell = (Math.floor(u * 6) + 6 * Math.floor(v * 4)) % 6;
      const stripes = 0.5 + 0.25 * Math.sin(u * 80) * (v > 0.75 ? 1 : 0);
      const base = [0.35 + 0.1 * cell, 0.6 - 0.07 * cell, 0.3 + 0.05 * ((cell * 7) % 6)];
      for (let c = 0; c < 3; c++) vis.data[c * n + y * w + x] = Math.min(1, Math.max(0, base[c] * stripes * 1.6));
    }
  }
  return { ir, vis };
}
