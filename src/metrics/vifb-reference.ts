// The 13 fusion metrics of the VIFB benchmark (Zhang, Ye, Xiao, "VIFB: A Visible and Infrared
// Image Fusion Benchmark", CVPRW 2020; xingchenzhang/VIFB at 22b2ea9, metrics/metrics*.m), as
// VIFB computes them, quirks included: ../shared/fixtures/METRICS.md is the transcription
// these follow line by line. CPU references in float64 on planes of 0..255 values.
// Profile 'vifb'; ./standard-reference.ts has the textbook definitions where VIFB departs.
import { fft2 } from '../reference/fft.js';

/** One H x W plane of doubles. */
export interface Plane {
  h: number;
  w: number;
  d: Float64Array;
}

function histogram(p: Plane): Float64Array {
  const hist = new Float64Array(256);
  for (const v of p.d) hist[Math.min(255, Math.max(0, Math.floor(v)))]++;
  for (let k = 0; k < 256; k++) hist[k] /= p.d.length;
  return hist;
}

export function entropy(f: Plane): number {
  let e = 0;
  for (const p of histogram(f)) if (p > 0) e -= p * Math.log2(p);
  return e;
}

/** KL divergence over the bins where both histograms are non-zero (VIFB's cross entropy). */
function crossEntropy1(x: Plane, f: Plane): number {
  const px = histogram(x);
  const pf = histogram(f);
  let s = 0;
  for (let k = 0; k < 256; k++) if (px[k] > 0 && pf[k] > 0) s += px[k] * Math.log2(px[k] / pf[k]);
  return s;
}

export const crossEntropy = (vi: Plane, ir: Plane, f: Plane) => (crossEntropy1(vi, f) + crossEntropy1(ir, f)) / 2;

/** MATLAB int16(): round half away from zero. */
const roundAway = (v: number) => Math.sign(v) * Math.round(Math.abs(v));

function minMax(p: Plane): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of p.d) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

function quantise(p: Plane): Int32Array {
  const [lo, hi] = minMax(p);
  const q = new Int32Array(p.d.length);
  for (let i = 0; i < q.length; i++) q[i] = hi > lo ? roundAway(((p.d[i] - lo) / (hi - lo)) * 255) : 0;
  return q;
}

/** Mutual information in nats from min-max normalised 256-level images. */
function mutualInfo1(x: Plane, f: Plane): number {
  const qx = quantise(x);
  const qf = quantise(f);
  const n = qx.length;
  const joint = new Float64Array(256 * 256);
  const hx = new Float64Array(256);
  const hf = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    joint[qx[i] * 256 + qf[i]]++;
    hx[qx[i]]++;
    hf[qf[i]]++;
  }
  const ent = (a: Float64Array) => {
    let e = 0;
    for (const c of a) if (c > 0) e -= (c / n) * Math.log(c / n);
    return e;
  };
  return ent(hx) + ent(hf) - ent(joint);
}

export const mutualInfo = (vi: Plane, ir: Plane, f: Plane) => mutualInfo1(vi, f) + mutualInfo1(ir, f);

/** VIFB's "mse": the Frobenius norm of the difference divided by the pixel count. */
function vifbMse(x: Plane, f: Plane): number {
  let s = 0;
  for (let i = 0; i < x.d.length; i++) s += (x.d[i] - f.d[i]) ** 2;
  return Math.sqrt(s) / x.d.length;
}

export const rmse = (vi: Plane, ir: Plane, f: Plane) => (vifbMse(vi, f) + vifbMse(ir, f)) / 2;
export const psnr = (vi: Plane, ir: Plane, f: Plane) => 20 * Math.log10(255 / Math.sqrt(rmse(vi, ir, f)));

export function standardDeviation(f: Plane): number {
  let m = 0;
  for (const v of f.d) m += v;
  m /= f.d.length;
  let s = 0;
  for (const v of f.d) s += (v - m) ** 2;
  return Math.sqrt(s / f.d.length);
}

/** Separable correlation with zero padding; `valid` keeps only positions where the kernel fits. */
function sepFilter(p: Plane, k: Float64Array, valid: boolean): Plane {
  const r = k.length >> 1;
  const { h, w } = p;
  const tmp = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const xx = x + t;
        if (xx >= 0 && xx < w) s += k[t + r] * p.d[y * w + xx];
      }
      tmp[y * w + x] = s;
    }
  }
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const yy = y + t;
        if (yy >= 0 && yy < h) s += k[t + r] * tmp[yy * w + x];
      }
      out[y * w + x] = s;
    }
  }
  if (!valid) return { h, w, d: out };
  const vh = h - 2 * r;
  const vw = w - 2 * r;
  const v = new Float64Array(Math.max(0, vh * vw));
  for (let y = 0; y < vh; y++) for (let x = 0; x < vw; x++) v[y * vw + x] = out[(y + r) * w + x + r];
  return { h: vh, w: vw, d: v };
}

function gaussian1d(size: number, sigma: number, normalise: boolean): Float64Array {
  const r = size >> 1;
  const g = new Float64Array(size);
  for (let t = -r; t <= r; t++) g[t + r] = Math.exp(-(t * t) / (2 * sigma * sigma));
  if (normalise) {
    const s = g.reduce((a, b) => a + b, 0);
    for (let i = 0; i < size; i++) g[i] /= s;
  }
  return g;
}

const mul = (a: Plane, b: Plane): Plane => ({ h: a.h, w: a.w, d: a.d.map((v, i) => v * b.d[i]) });

/** Wang et al. SSIM with an 11x11 Gaussian (sigma 1.5), valid windows, data range 255. */
function ssim1(x: Plane, f: Plane): number {
  const g = gaussian1d(11, 1.5, true);
  const mx = sepFilter(x, g, true);
  const mf = sepFilter(f, g, true);
  const xx = sepFilter(mul(x, x), g, true);
  const ff = sepFilter(mul(f, f), g, true);
  const xf = sepFilter(mul(x, f), g, true);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let s = 0;
  for (let i = 0; i < mx.d.length; i++) {
    const a = mx.d[i];
    const b = mf.d[i];
    const vx = xx.d[i] - a * a;
    const vf = ff.d[i] - b * b;
    const cov = xf.d[i] - a * b;
    s += ((2 * a * b + c1) * (2 * cov + c2)) / ((a * a + b * b + c1) * (vx + vf + c2));
  }
  return s / mx.d.length;
}

export const ssim = (vi: Plane, ir: Plane, f: Plane) => ssim1(vi, f) + ssim1(ir, f);
/** The 'standard' profile's fusion SSIM: the mean of the two, (SSIM(A,F) + SSIM(B,F)) / 2. */
export const ssimMean = (a: Plane, b: Plane, f: Plane) => ssim(a, b, f) / 2;

/** 3x3 correlation with zero padding, output the input size (filter2 'same'). */
function corr3(p: Plane, k: readonly number[]): Float64Array {
  const { h, w } = p;
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let a = 0; a < 3; a++) {
        const yy = y + a - 1;
        if (yy < 0 || yy >= h) continue;
        for (let b = 0; b < 3; b++) {
          const xx = x + b - 1;
          if (xx >= 0 && xx < w) s += k[a * 3 + b] * p.d[yy * w + xx];
        }
      }
      out[y * w + x] = s;
    }
  }
  return out;
}

/** conv2(X, k, 'same') = correlation with the 180-degree-rotated kernel. */
const conv3 = (p: Plane, k: readonly number[]) => corr3(p, [...k].reverse());

/**
 * Xydeas-Petrovic Qabf (Electronics Letters 2000). VIFB's code has a strength-ratio quirk,
 * G = gF where gA == gF; the paper's ratio min/max is 1 there (the 'standard' profile).
 */
export function qabf(a: Plane, b: Plane, f: Plane, vifbQuirk = true): number {
  const h3 = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
  const h1 = [1, 2, 1, 0, 0, 0, -1, -2, -1];
  const grad = (p: Plane) => {
    const s = { h: p.h, w: p.w, d: p.d.map((v) => 255 * v) };
    const sx = conv3(s, h3);
    const sy = conv3(s, h1);
    const g = sx.map((v, i) => Math.sqrt(v * v + sy[i] * sy[i]));
    const al = sx.map((v, i) => (v === 0 ? Math.PI / 2 : Math.atan(sy[i] / v)));
    return { g, al };
  };
  const A = grad(a);
  const B = grad(b);
  const F = grad(f);
  const q = (X: { g: Float64Array; al: Float64Array }, i: number) => {
    const gx = X.g[i];
    const gf = F.g[i];
    const G = gx > gf ? gf / gx : gx === gf ? (vifbQuirk ? gf : 1) : gx / gf;
    const Al = 1 - Math.abs(X.al[i] - F.al[i]) / (Math.PI / 2);
    return (0.9994 / (1 + Math.exp(-15 * (G - 0.5)))) * (0.9879 / (1 + Math.exp(-22 * (Al - 0.8))));
  };
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.d.length; i++) {
    num += q(A, i) * A.g[i] + q(B, i) * B.g[i];
    den += A.g[i] + B.g[i];
  }
  return num / den;
}

/** VIFB's normalize1: round((x - min) / (max - min) * 255), kept as is when all zero. */
function normalise1(p: Plane): Plane {
  const [lo, hi] = minMax(p);
  if (hi === 0 && lo === 0) return p;
  return { h: p.h, w: p.w, d: p.d.map((v) => roundAway(((v - lo) / (hi - lo)) * 255)) };
}

/**
 * real(ifft2(ifftshift(fftshift(fft2(X)) .* S))) with S sampled on freqspace's grid, scaled
 * as (W / div) * f_cols and (H / div) * f_rows: the shifts cancel, so bin k of an axis of
 * length n carries frequency (k < n - floor(n/2) ? k : k - n) * 2 / n. S depends on |f|
 * only (real and even), so two real images filter in one complex transform, a + i b.
 */
function csfFilter(a: Plane, b: Plane | undefined, div: number, s: (r: number) => number): [Plane, Plane] {
  const { h, w } = a;
  const re = Float64Array.from(a.d);
  const im = b ? Float64Array.from(b.d) : new Float64Array(h * w);
  fft2(re, im, h, w);
  const freq = (k: number, n: number) => ((k < n - Math.floor(n / 2) ? k : k - n) * 2) / n;
  for (let y = 0; y < h; y++) {
    const v = (h / div) * freq(y, h);
    for (let x = 0; x < w; x++) {
      const u = (w / div) * freq(x, w);
      const g = s(Math.sqrt(u * u + v * v));
      re[y * w + x] *= g;
      im[y * w + x] *= g;
    }
  }
  fft2(re, im, h, w, true);
  return [{ h, w, d: re }, { h, w, d: im }];
}

/** Chen-Blum Qcb. */
export function qcb(vi: Plane, ir: Plane, f: Plane): number {
  const sd = (r: number) => Math.exp(-((r / 15.387) ** 2)) - 0.7622 * Math.exp(-((r / 1.3456) ** 2));
  // 31x31 unnormalised Gaussians exp(-(x^2+y^2)/(2 s^2)) / (2 pi s^2) = g(x) g(y) / (2 pi s^2).
  const g = (s: number) => gaussian1d(31, s, false).map((v) => v / Math.sqrt(2 * Math.PI * s * s));
  const g1 = g(2);
  const g2 = g(4);
  const contrast = (x: Plane) => {
    const a = sepFilter(x, g1, false).d;
    const b = sepFilter(x, g2, false).d;
    return a.map((v, i) => {
      const c = Math.abs(v / b[i] - 1);
      return c ** 3 / (c * c + 1e-4);
    });
  };
  const [x1, x2] = csfFilter(normalise1(vi), normalise1(ir), 30, sd);
  const [xf] = csfFilter(normalise1(f), undefined, 30, sd);
  const c1 = contrast(x1);
  const c2 = contrast(x2);
  const cf = contrast(xf);
  let s = 0;
  for (let i = 0; i < cf.length; i++) {
    const q1 = c1[i] < cf[i] ? c1[i] / cf[i] : cf[i] / c1[i];
    const q2 = c2[i] < cf[i] ? c2[i] / cf[i] : cf[i] / c2[i];
    const l1 = (c1[i] * c1[i]) / (c1[i] * c1[i] + c2[i] * c2[i]);
    const l2 = (c2[i] * c2[i]) / (c1[i] * c1[i] + c2[i] * c2[i]);
    s += l1 * q1 + l2 * q2;
  }
  return s / cf.length;
}

/** Per 16x16 block (zero-padded at the right and bottom): sum of v(x) over the block. */
function blockSums(d: Float64Array, h: number, w: number, v: (x: number) => number): Float64Array {
  const bh = Math.ceil(h / 16);
  const bw = Math.ceil(w / 16);
  const out = new Float64Array(bh * bw);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[Math.floor(y / 16) * bw + Math.floor(x / 16)] += v(d[y * w + x]);
  return out;
}

/** Chen-Varshney Qcv (lower is better). */
export function qcv(vi: Plane, ir: Plane, f: Plane): number {
  const [a, b, c] = [normalise1(vi), normalise1(ir), normalise1(f)];
  const sal = (p: Plane) => {
    const gx = corr3(p, [-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    const gy = corr3(p, [-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    return blockSums(gx.map((v, i) => Math.sqrt(v * v + gy[i] * gy[i])), p.h, p.w, (g) => g ** 5);
  };
  const theta = (r: number) => 2.6 * (0.0192 + 0.144 * r) * Math.exp(-((0.144 * r) ** 1.1));
  const diff = (p: Plane) => ({ h: p.h, w: p.w, d: p.d.map((v, i) => v - c.d[i]) });
  const [d1, d2] = csfFilter(diff(a), diff(b), 8, theta);
  const err = (d: Plane) => blockSums(d.d, d.h, d.w, (e) => e * e).map((s) => s / 256);
  const l1 = sal(a);
  const l2 = sal(b);
  const e1 = err(d1);
  const e2 = err(d2);
  let num = 0;
  let den = 0;
  for (let i = 0; i < l1.length; i++) {
    num += l1[i] * e1[i] + l2[i] * e2[i];
    den += l1[i] + l2[i];
  }
  return num / den;
}

/** numpy.gradient along one axis: central differences inside, one-sided at the ends. */
function gradientAt(d: Float64Array, i: number, k: number, n: number, stride: number): number {
  if (n < 2) return 0;
  if (k === 0) return d[i + stride] - d[i];
  if (k === n - 1) return d[i] - d[i - stride];
  return (d[i + stride] - d[i - stride]) / 2;
}

export function averageGradient(bands: Plane[]): number {
  let total = 0;
  for (const p of bands) {
    let s = 0;
    for (let y = 0; y < p.h; y++) {
      for (let x = 0; x < p.w; x++) {
        const i = y * p.w + x;
        const dx = gradientAt(p.d, i, x, p.w, 1);
        const dy = gradientAt(p.d, i, y, p.h, p.w);
        s += Math.sqrt((dx * dx + dy * dy) / 2);
      }
    }
    total += s / ((p.h - 1) * (p.w - 1));
  }
  return total / bands.length;
}

/** Sobel magnitude with a replicate border, averaged over every pixel of every band. */
export function edgeIntensity(bands: Plane[]): number {
  let s = 0;
  let n = 0;
  for (const p of bands) {
    const { h, w } = p;
    const at = (y: number, x: number) => p.d[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        // imfilter(F, [1 2 1; 0 0 0; -1 -2 -1]) and its transpose, correlation.
        const gx = at(y - 1, x - 1) + 2 * at(y - 1, x) + at(y - 1, x + 1) - at(y + 1, x - 1) - 2 * at(y + 1, x) - at(y + 1, x + 1);
        const gy = at(y - 1, x - 1) + 2 * at(y, x - 1) + at(y + 1, x - 1) - at(y - 1, x + 1) - 2 * at(y, x + 1) - at(y + 1, x + 1);
        s += Math.sqrt(gx * gx + gy * gy);
        n++;
      }
    }
  }
  return s / n;
}

/** Spatial frequency of the H x (C W) matrix [band 0 | band 1 | ...] (VIFB's size() quirk). */
export function spatialFrequency(bands: Plane[]): number {
  const h = bands[0].h;
  const w = bands[0].w;
  const cw = w * bands.length;
  const at = (y: number, j: number) => bands[Math.floor(j / w)].d[y * w + (j % w)];
  let rf = 0;
  let cf = 0;
  for (let y = 0; y < h; y++) for (let j = 1; j < cw; j++) rf += (at(y, j) - at(y, j - 1)) ** 2;
  for (let j = 0; j < cw; j++) for (let y = 1; y < h; y++) cf += (at(y, j) - at(y - 1, j)) ** 2;
  return Math.sqrt(rf / (h * cw) + cf / (h * cw));
}
