// Fusion metrics VIFB lacks, with the definitions of their original papers (profile
// 'standard'), as CPU references in float64 on planes of 0..255 values. Each takes the two
// sources and the fused plane; src/metrics/vifb.ts applies VIFB's colour handling (channel by
// channel, then the mean) to them as to VIFB's own.
import type { Plane } from './vifb-reference.js';
import { nabfPixel } from '../reference/nabf.js';
import { fmiFeature, fmiWindowValue, type FmiFeature } from '../reference/fmi.js';

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

/** Per scale, per 'valid' window: the terms [num, den] and the guarded gain g of ref against dist (vifp_mscale.m; ComVidVindG of VIFF_Public.m). */
export function vifWindowTerms(ref: Plane, dist: Plane, sigmaNsq: number): { num: Float64Array; den: Float64Array; g: Float64Array }[] {
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
    const t = { num: new Float64Array(mu1.length), den: new Float64Array(mu1.length), g: new Float64Array(mu1.length) };
    for (let i = 0; i < mu1.length; i++) {
      [t.num[i], t.den[i], t.g[i]] = vifTerm(s11[i] - mu1[i] * mu1[i], s22[i] - mu2[i] * mu2[i], s12[i] - mu1[i] * mu2[i], sigmaNsq);
    }
    out.push(t);
  }
  return out;
}

const total = (v: Float64Array) => v.reduce((p, x) => p + x, 0);

/** The per-scale sums of VIF's numerator and denominator (below). */
export function vifpScales(ref: Plane, dist: Plane): { num: number; den: number }[] {
  return vifWindowTerms(ref, dist, 2).map((t) => ({ num: total(t.num), den: total(t.den) }));
}

/** One window's terms of VIF [num, den] and its guarded gain g, with vifp_mscale.m's guards in its order. */
export function vifTerm(sigma1Sq: number, sigma2Sq: number, sigma12: number, sigmaNsq: number): [number, number, number] {
  let s1 = Math.max(sigma1Sq, 0);
  const s2 = Math.max(sigma2Sq, 0);
  let g = sigma12 / (s1 + 1e-10);
  let sv = s2 - g * sigma12;
  if (s1 < 1e-10) { g = 0; sv = s2; s1 = 0; }
  if (s2 < 1e-10) { g = 0; sv = 0; }
  if (g < 0) { sv = s2; g = 0; }
  if (sv <= 1e-10) sv = 1e-10;
  return [Math.log10(1 + (g * g * s1) / (sv + sigmaNsq)), Math.log10(1 + s1 / sigmaNsq), g];
}

/** VIFF's visual noise variance 0.005 x 255^2 and per-window constant C (VIFF_Public.m). */
export const VIFF_NOISE = 0.005 * 255 * 255;
export const VIFF_C = 1e-7;
/** VIFF's scale weights [1, 0, 0.15, 1] / 2.15. */
export const VIFF_WEIGHTS = [1, 0, 0.15, 1].map((v) => v / 2.15);

/**
 * VIFF, Han, Cai, Cao and Xu's fusion VIF ("A new image fusion performance metric based on
 * visual information fidelity", Information Fusion 14(2), 2013; VIFF_Public.m): the windows
 * and scales of vifp_mscale with visual noise sigma_n^2 = 0.005 x 255^2; per window the source
 * with the smaller gain g gives the distorted (VID) and undistorted (VIND) information (the
 * second source on ties), each plus C = 1e-7; per scale F_i = sum VID / sum VIND; VIFF =
 * sum_i p_i F_i with p = [1, 0, 0.15, 1] / 2.15. Grey levels as given; VIFF_Public's own colour
 * path (CIE L* of sRGB) is not reproduced: colour images take the channel mean like the rest.
 */
export function viff(a: Plane, b: Plane, f: Plane): number {
  const ta = vifWindowTerms(a, f, VIFF_NOISE);
  const tb = vifWindowTerms(b, f, VIFF_NOISE);
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const [p, q] = [ta[i], tb[i]];
    let vid = 0;
    let vind = 0;
    for (let j = 0; j < p.g.length; j++) {
      const first = p.g[j] < q.g[j];
      vid += (first ? p.num[j] : q.num[j]) + VIFF_C;
      vind += (first ? p.den[j] : q.den[j]) + VIFF_C;
    }
    s += VIFF_WEIGHTS[i] * (vid / vind);
  }
  return s;
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

/**
 * N_ABF, Shreyamsha Kumar's modified fusion-artifacts measure (the one fusion papers report as
 * Nabf; definition and source in src/reference/nabf.ts): the weighted loss of edge
 * preservation where the fused edge is stronger than both sources'. Lower is better.
 */
export function nabf(a: Plane, b: Plane, f: Plane): number {
  let num = 0;
  let den = 0;
  for (let y = 0; y < f.h; y++) {
    for (let x = 0; x < f.w; x++) {
      const [p, q] = nabfPixel(a.d, b.d, f.d, 0, f.h, f.w, y, x);
      num += p;
      den += q;
    }
  }
  return num / den;
}

/** FMI_pixel or FMI_gradient: the mean over the valid 3 x 3 windows of Fast-FMI (src/reference/fmi.ts); NaN below 3 x 3 as fmi.m's mean2 of an empty map. */
export function fmi(a: Plane, b: Plane, f: Plane, feature: FmiFeature): number {
  if (f.h < 3 || f.w < 3) return NaN;
  const [fa, fb, ff] = [a, b, f].map((p) => fmiFeature(p.d, 0, p.h, p.w, feature));
  let s = 0;
  for (let y = 1; y + 1 < f.h; y++) for (let x = 1; x + 1 < f.w; x++) s += fmiWindowValue(fa, fb, ff, f.w, y, x);
  return s / ((f.h - 2) * (f.w - 2));
}
