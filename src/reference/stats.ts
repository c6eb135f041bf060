// CPU references of shaders/stats.wgsl: exact counts, and float64 sums.
import { tensor, type Tensor } from '../core/tensor.js';

const level = (v: number) => Math.min(255, Math.max(0, Math.floor(v)));

export function histogramRef(x: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const n = h * w;
  const y = tensor([c, 1, 256]);
  for (let k = 0; k < c; k++) for (let i = 0; i < n; i++) y.data[k * 256 + level(x.data[k * n + i])]++;
  return y;
}

export function jointHistogramRef(a: Tensor, b: Tensor): Tensor {
  const y = tensor([1, 256, 256]);
  for (let i = 0; i < a.data.length; i++) y.data[level(a.data[i]) * 256 + level(b.data[i])]++;
  return y;
}

export function channelSumsRef(x: Tensor, shift: number): Tensor {
  const [c, h, w] = x.shape;
  const n = h * w;
  const y = tensor([c, 1, 4]);
  for (let k = 0; k < c; k++) {
    let s = 0;
    let q = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x.data[k * n + i];
      const d = Math.fround(v - shift);
      s += d;
      q += d * d;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    y.data.set([s, q, lo, hi], k * 4);
  }
  return y;
}

/** round((x - lo) 255 / (hi - lo)) half away from zero on integer levels; 0 for a constant channel. */
export function quantiseRef(x: Tensor, stats: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const n = h * w;
  const y = tensor(x.shape);
  for (let k = 0; k < c; k++) {
    const [lo, hi] = [stats.data[k * 4 + 2], stats.data[k * 4 + 3]];
    const den = hi - lo;
    for (let i = 0; i < n; i++) {
      const num = Math.max(x.data[k * n + i] - lo, 0) * 255;
      y.data[k * n + i] = den > 0 ? Math.floor((2 * num + den) / (2 * den)) : 0;
    }
  }
  return y;
}
