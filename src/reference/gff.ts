// CPU references of shaders/gff.wgsl (float64, rounded to float32 on store).
import { tensor, type Tensor } from '../core/tensor.js';

export function laplacianAbsRef(x: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const y = tensor(x.shape);
  const at = (b: number, yy: number, xx: number) => x.data[b + Math.min(Math.max(yy, 0), h - 1) * w + Math.min(Math.max(xx, 0), w - 1)];
  for (let k = 0; k < c; k++) {
    const b = k * h * w;
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        y.data[b + yy * w + xx] = Math.abs(at(b, yy - 1, xx) + at(b, yy + 1, xx) + at(b, yy, xx - 1) + at(b, yy, xx + 1) - 4 * at(b, yy, xx));
      }
    }
  }
  return y;
}

export function oneHotMaxRef(s: Tensor): Tensor {
  const [c, h, w] = s.shape;
  const n = h * w;
  const y = tensor(s.shape);
  for (let p = 0; p < n; p++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (s.data[k * n + p] > s.data[best * n + p]) best = k;
    y.data[best * n + p] = 1;
  }
  return y;
}

const quantised = (w: number) => Math.floor(Math.min(Math.max(w * 255, 0), 255) + 0.5) / 255 + 1e-12;

export function gffCombineRef(x: Tensor, base: Tensor, wb: Tensor, wd: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const n = h * w;
  const y = tensor([1, h, w]);
  for (let p = 0; p < n; p++) {
    let sb = 0;
    let sd = 0;
    for (let k = 0; k < c; k++) {
      sb += quantised(wb.data[k * n + p]);
      sd += quantised(wd.data[k * n + p]);
    }
    let f = 0;
    for (let k = 0; k < c; k++) {
      const i = k * n + p;
      f += (quantised(wb.data[i]) / sb) * base.data[i] + (quantised(wd.data[i]) / sd) * (x.data[i] - base.data[i]);
    }
    y.data[p] = f;
  }
  return y;
}
