// Fusion metrics VIFB lacks, with the definitions of their original papers (profile
// 'standard'), as CPU references in float64 on planes of 0..255 values. Each takes the two
// sources and the fused plane; src/metrics/vifb.ts applies VIFB's colour handling (channel by
// channel, then the mean) to them as to VIFB's own.
import type { Plane } from './vifb-reference.js';

/** Pearson's correlation of two planes (MATLAB corr2). */
export function corr2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx;
    const b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** CC: the mean of the correlations of each source with the fused image. */
export const correlation = (a: Plane, b: Plane, f: Plane) => (corr2(a.d, f.d) + corr2(b.d, f.d)) / 2;

/**
 * SCD, the sum of the correlations of differences (Aslantas and Bendes, "A new image quality
 * metric for image fusion: the sum of the correlations of differences", AEU 2015):
 * corr2(F - B, A) + corr2(F - A, B).
 */
export function scd(a: Plane, b: Plane, f: Plane): number {
  const fb = f.d.map((v, i) => v - b.d[i]);
  const fa = f.d.map((v, i) => v - a.d[i]);
  return corr2(fb, a.d) + corr2(fa, b.d);
}

/** fspecial('gaussian', n, sigma): normalised, taps below eps x max zeroed; separable. */
export function vifWindow(n: number): Float64Array {
  const s = n / 5;
  const r = (n - 1) / 2;
  const g = new Float64Array(n);
  for (let t = 0; t < n; t++) g[t] = Math.exp(-((t - r) ** 2) / (2 * s * s));
  const sum = g.reduce((p, v) => p + v, 0);
  return g.map((v) => v / sum);
}

/** filter2(w1 w1', p, 'valid') for a separable window. */
function validFilter(p: Plane, g: Float64Array): Plane {
  const n = g.length;
  const h = p.h - n + 1;
  const w = p.w - n + 1;
  if (h <= 0 || w <= 0) return { h: 0, w: 0, d: new Float64Array(0) };
  const tmp = new Float64Array(p.h * w);
  for (let y = 0; y < p.h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += g[t] * p.d[y * p.w + x + t];
    tmp[y * w + x] = s;
  }
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += g[t] * tmp[(y + t) * w + x];
    out[y * w + x] = s;
  }
  return { h, w, d: out };
}

const every2 = (p: Plane): Plane => {
  const h = Math.ceil(p.h / 2);
  const w = Math.ceil(p.w / 2);
  const d = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = p.d[2 * y * p.w + 2 * x];
  return { h, w, d };
};

/** The per-scale sums of VIF's numerator and denominator (below). */
export function vifpScales(ref: Plane, dist: Plane): { num: number; den: number }[] {
  const sigmaNsq = 2;
  const out = [];
  let x = ref;
  let y = dist;
  for (let scale = 1; scale <= 4; scale++) {
    const g = vifWindow(2 ** (4 - scale + 1) + 1);
    if (scale > 1) {
      x = every2(validFilter(x, g));
      y = every2(validFilter(y, g));
    }
    const prod = (p: Plane, q: Plane): Plane => ({ h: p.h, w: p.w, d: p.d.map((v, i) => v * q.d[i]) });
    const mu1 = validFilter(x, g).d;
    const mu2 = validFilter(y, g).d;
    const s11 = validFilter(prod(x, x), g).d;
    const s22 = validFilter(prod(y, y), g).d;
    const s12 = validFilter(prod(x, y), g).d;
    let num = 0;
    let den = 0;
    for (let i = 0; i < mu1.length; i++) {
      const t = vifTerm(s11[i] - mu1[i] * mu1[i], s22[i] - mu2[i] * mu2[i], s12[i] - mu1[i] * mu2[i], sigmaNsq);
      num += t[0];
      den += t[1];
    }
    out.push({ num, den });
  }
  return out;
}

/** One window's terms of VIF, with vifp_mscale.m's guards in its order. */
export function vifTerm(sigma1Sq: number, sigma2Sq: number, sigma12: number, sigmaNsq: number): [number, number] {
  let s1 = Math.max(sigma1Sq, 0);
  const s2 = Math.max(sigma2Sq, 0);
  let g = sigma12 / (s1 + 1e-10);
  let sv = s2 - g * sigma12;
  if (s1 < 1e-10) { g = 0; sv = s2; s1 = 0; }
  if (s2 < 1e-10) { g = 0; sv = 0; }
  if (g < 0) { sv = s2; g = 0; }
  if (sv <= 1e-10) sv = 1e-10;
  return [Math.log10(1 + (g * g * s1) / (sv + sigmaNsq)), Math.log10(1 + s1 / sigmaNsq)];
}

/**
 * Sheikh and Bovik's visual information fidelity in the pixel domain (IEEE TIP 2006;
 * vifp_mscale.m of LIVE: 4 scales, Gaussian windows of 17, 9, 5, 3 taps with sigma = taps / 5,
 * 'valid' filtering, 2x decimation between scales, sigma_n^2 = 2), summed over the two
 * sources as fusion papers report it: VIF = vifp(A, F) + vifp(B, F).
 */
export function vif(a: Plane, b: Plane, f: Plane): number {
  const one = (x: Plane) => {
    const s = vifpScales(x, f);
    return s.reduce((p, v) => p + v.num, 0) / s.reduce((p, v) => p + v.den, 0);
  };
  return one(a) + one(b);
}
