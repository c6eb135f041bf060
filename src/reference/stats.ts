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

/** gradientMaps: per band c, planes 4c..4c+3 = AG term, EI term, SF row term, SF column term. */
export function gradientMapsRef(x: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const n = h * w;
  const y = tensor([6 * c, h, w]);
  const px = (k: number, yy: number, xx: number) => x.data[(k * h + Math.min(h - 1, Math.max(0, yy))) * w + Math.min(w - 1, Math.max(0, xx))];
  const grad = (k: number, yy: number, xx: number, horizontal: boolean) => {
    const len = horizontal ? w : h;
    const pos = horizontal ? xx : yy;
    const [dy, dx] = horizontal ? [0, 1] : [1, 0];
    if (len < 2) return 0;
    if (pos === 0) return px(k, yy + dy, xx + dx) - px(k, yy, xx);
    if (pos === len - 1) return px(k, yy, xx) - px(k, yy - dy, xx - dx);
    return (px(k, yy + dy, xx + dx) - px(k, yy - dy, xx - dx)) * 0.5;
  };
  for (let k = 0; k < c; k++) {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const p = yy * w + xx;
        const gx = grad(k, yy, xx, true);
        const gy = grad(k, yy, xx, false);
        y.data[6 * k * n + p] = Math.sqrt((gx * gx + gy * gy) / 2);
        const sx = px(k, yy - 1, xx - 1) + 2 * px(k, yy - 1, xx) + px(k, yy - 1, xx + 1) - px(k, yy + 1, xx - 1) - 2 * px(k, yy + 1, xx) - px(k, yy + 1, xx + 1);
        const sy = px(k, yy - 1, xx - 1) + 2 * px(k, yy, xx - 1) + px(k, yy + 1, xx - 1) - px(k, yy - 1, xx + 1) - 2 * px(k, yy, xx + 1) - px(k, yy + 1, xx + 1);
        y.data[(6 * k + 1) * n + p] = Math.sqrt(sx * sx + sy * sy);
        const v = px(k, yy, xx);
        y.data[(6 * k + 2) * n + p] = xx > 0 ? (v - px(k, yy, xx - 1)) ** 2 : 0;
        y.data[(6 * k + 3) * n + p] = yy > 0 ? (v - px(k, yy - 1, xx)) ** 2 : 0;
        const [fx, fy] = [px(k, yy, xx + 1) - v, px(k, yy + 1, xx) - v];
        y.data[(6 * k + 4) * n + p] = xx + 1 < w && yy + 1 < h ? Math.sqrt((fx * fx + fy * fy) / 2) : 0;
        y.data[(6 * k + 5) * n + p] = xx === 0 && k > 0 ? (v - px(k - 1, yy, w - 1)) ** 2 : 0;
      }
    }
  }
  return y;
}

export function ssimProductsRef(x: Tensor, f: Tensor, shift: number): Tensor {
  const n = x.data.length;
  const y = tensor([5 * x.shape[0], x.shape[1], x.shape[2]]);
  for (let i = 0; i < n; i++) {
    const a = Math.fround(x.data[i] - shift);
    const b = Math.fround(f.data[i] - shift);
    y.data[i] = a;
    y.data[n + i] = b;
    y.data[2 * n + i] = a * a;
    y.data[3 * n + i] = b * b;
    y.data[4 * n + i] = a * b;
  }
  return y;
}

export function ssimMapRef(m: Tensor, radius: number, shift: number): Tensor {
  const [c5, h, w] = m.shape;
  const c = c5 / 5;
  const cn = c * h * w;
  const y = tensor([c, h, w]);
  for (let k = 0; k < c; k++) {
    for (let yy = radius; yy < h - radius; yy++) {
      for (let xx = radius; xx < w - radius; xx++) {
        const i = (k * h + yy) * w + xx;
        const [sa, sb] = [m.data[i], m.data[cn + i]];
        const vx = m.data[2 * cn + i] - sa * sa;
        const vf = m.data[3 * cn + i] - sb * sb;
        const cov = m.data[4 * cn + i] - sa * sb;
        const [a, b] = [sa + shift, sb + shift];
        y.data[i] = ((2 * a * b + 6.5025) * (2 * cov + 58.5225)) / ((a * a + b * b + 6.5025) * (vx + vf + 58.5225));
      }
    }
  }
  return y;
}

/** qabfTerms: planes c = Q_AF g_A + Q_BF g_B, C + c = g_A + g_B (VIFB's Qabf per pixel, float64). */
export function qabfTermsRef(a: Tensor, b: Tensor, f: Tensor, vifbQuirk = true): Tensor {
  const [c, h, w] = f.shape;
  const n = h * w;
  const y = tensor([2 * c, h, w]);
  const sobel = (t: Tensor, k: number, yy: number, xx: number) => {
    const at = (dy: number, dx: number) => {
      const py = yy + dy;
      const px = xx + dx;
      return py < 0 || px < 0 || py >= h || px >= w ? 0 : 255 * t.data[k * n + py * w + px];
    };
    const sx = at(-1, -1) + 2 * at(0, -1) + at(1, -1) - (at(-1, 1) + 2 * at(0, 1) + at(1, 1));
    const sy = at(1, -1) + 2 * at(1, 0) + at(1, 1) - (at(-1, -1) + 2 * at(-1, 0) + at(-1, 1));
    return { g: Math.sqrt(sx * sx + sy * sy), a: sx === 0 ? Math.PI / 2 : Math.atan(sy / sx) };
  };
  const q = (x: { g: number; a: number }, fv: { g: number; a: number }) => {
    const G = x.g > fv.g ? fv.g / x.g : x.g === fv.g ? (vifbQuirk ? fv.g : 1) : x.g / fv.g;
    const al = 1 - Math.abs(x.a - fv.a) / (Math.PI / 2);
    return (0.9994 / (1 + Math.exp(-15 * (G - 0.5)))) * (0.9879 / (1 + Math.exp(-22 * (al - 0.8))));
  };
  for (let k = 0; k < c; k++) {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const [ga, gb, gf] = [sobel(a, k, yy, xx), sobel(b, k, yy, xx), sobel(f, k, yy, xx)];
        const p = k * n + yy * w + xx;
        y.data[p] = q(ga, gf) * ga.g + q(gb, gf) * gb.g;
        y.data[c * n + p] = ga.g + gb.g;
      }
    }
  }
  return y;
}
