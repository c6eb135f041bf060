// CPU reference of shaders/guided_filter.wgsl: the same float32 operations in the same
// order (window sums from windowSumRef, the kernels' running sums), so the two agree to a
// few roundings. Plane layouts and modes as in the shader.
import { tensor, type Tensor } from '../core/tensor.js';
import { windowSumRef } from './nn.js';

export type GuideMode = 0 | 1 | 2;
const f = Math.fround;

export function guidedProducts(guide: Tensor, x: Tensor, mode: GuideMode): Tensor {
  const [P, h, w] = x.shape;
  const n = h * w;
  const K = mode === 0 ? 2 + 2 * P : mode === 1 ? 9 + 4 * P : 4 * P;
  const out = tensor([K, h, w]);
  const o = out.data;
  const g = guide.data;
  for (let p = 0; p < n; p++) {
    if (mode === 0) {
      const i = g[p];
      o[p] = i;
      o[n + p] = f(i * i);
      for (let k = 0; k < P; k++) {
        const v = x.data[k * n + p];
        o[(2 + 2 * k) * n + p] = v;
        o[(3 + 2 * k) * n + p] = f(i * v);
      }
    } else if (mode === 1) {
      const [r, gg, b] = [g[p], g[n + p], g[2 * n + p]];
      [r, gg, b, r * r, r * gg, r * b, gg * gg, gg * b, b * b].forEach((v, c) => (o[c * n + p] = v));
      for (let k = 0; k < P; k++) {
        const v = x.data[k * n + p];
        const base = 9 + 4 * k;
        o[base * n + p] = v;
        o[(base + 1) * n + p] = r * v;
        o[(base + 2) * n + p] = gg * v;
        o[(base + 3) * n + p] = b * v;
      }
    } else {
      for (let k = 0; k < P; k++) {
        const i = g[k * n + p];
        const v = x.data[k * n + p];
        o[4 * k * n + p] = i;
        o[(4 * k + 1) * n + p] = v;
        o[(4 * k + 2) * n + p] = i * i;
        o[(4 * k + 3) * n + p] = i * v;
      }
    }
  }
  return out;
}

function invAreaAt(x: number, y: number, w: number, h: number, r: number, shrink: boolean): number {
  if (!shrink) return f(1 / (2 * r + 1) ** 2);
  const cx = Math.min(x + r, w - 1) - Math.max(x - r, 0) + 1;
  const cy = Math.min(y + r, h - 1) - Math.max(y - r, 0) + 1;
  return f(1 / (cx * cy));
}

export function guidedFilterRef(guide: Tensor, x: Tensor, r: number, eps: number, border: number, shrink: boolean, mode: GuideMode): Tensor {
  const [P, h, w] = x.shape;
  const n = h * w;
  const k = 2 * r + 1;
  const sums = windowSumRef(guidedProducts(guide, x, mode), k, border).data;
  const K2 = mode === 1 ? 4 * P : 2 * P;
  const ab = tensor([K2, h, w]);
  const e = f(eps);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      const p = y * w + xx;
      const s = invAreaAt(xx, y, w, h, r, shrink);
      const S = (plane: number) => f(sums[plane * n + p] * s);
      for (let c = 0; c < P; c++) {
        if (mode !== 1) {
          const base = mode === 2 ? 4 * c : 0;
          const mi = S(base);
          const mii = S(mode === 2 ? base + 2 : 1);
          const mp = S(mode === 2 ? base + 1 : 2 + 2 * c);
          const mip = S(mode === 2 ? base + 3 : 3 + 2 * c);
          const a = f(f(mip - f(mi * mp)) / f(f(mii - f(mi * mi)) + e));
          ab.data[2 * c * n + p] = a;
          ab.data[(2 * c + 1) * n + p] = f(mp - f(a * mi));
          continue;
        }
        const m = [S(0), S(1), S(2)];
        const o = 9 + 4 * c;
        const mp = S(o);
        const cov = [0, 1, 2].map((j) => f(S(o + 1 + j) - f(m[j] * mp)));
        const rr = f(f(S(3) - f(m[0] * m[0])) + e);
        const rg = f(S(4) - f(m[0] * m[1]));
        const rb = f(S(5) - f(m[0] * m[2]));
        const gg = f(f(S(6) - f(m[1] * m[1])) + e);
        const gb = f(S(7) - f(m[1] * m[2]));
        const bb = f(f(S(8) - f(m[2] * m[2])) + e);
        const c00 = f(f(gg * bb) - f(gb * gb));
        const c01 = f(f(gb * rb) - f(rg * bb));
        const c02 = f(f(rg * gb) - f(gg * rb));
        const c11 = f(f(rr * bb) - f(rb * rb));
        const c12 = f(f(rb * rg) - f(rr * gb));
        const c22 = f(f(rr * gg) - f(rg * rg));
        const det = f(f(f(rr * c00) + f(rg * c01)) + f(rb * c02));
        const dot3 = (a: number, b: number, cc: number) => f(f(f(a * cov[0]) + f(b * cov[1])) + f(cc * cov[2]));
        const a = [f(dot3(c00, c01, c02) / det), f(dot3(c01, c11, c12) / det), f(dot3(c02, c12, c22) / det)];
        a.forEach((v, j) => (ab.data[(4 * c + j) * n + p] = v));
        ab.data[(4 * c + 3) * n + p] = f(mp - f(f(f(a[0] * m[0]) + f(a[1] * m[1])) + f(a[2] * m[2])));
      }
    }
  }
  const abSums = windowSumRef(ab, k, border).data;
  const y = tensor(x.shape);
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const p = yy * w + xx;
      const s = invAreaAt(xx, yy, w, h, r, shrink);
      for (let c = 0; c < P; c++) {
        if (mode === 1) {
          const a = [0, 1, 2].map((j) => f(abSums[(4 * c + j) * n + p] * s));
          const dot = f(f(f(a[0] * guide.data[p]) + f(a[1] * guide.data[n + p])) + f(a[2] * guide.data[2 * n + p]));
          y.data[c * n + p] = f(dot + f(abSums[(4 * c + 3) * n + p] * s));
        } else {
          const i = guide.data[(mode === 2 ? c : 0) * n + p];
          y.data[c * n + p] = f(f(f(abSums[2 * c * n + p] * s) * i) + f(abSums[(2 * c + 1) * n + p] * s));
        }
      }
    }
  }
  return y;
}
