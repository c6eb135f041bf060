// CPU reference of shaders/fmi.wgsl: feature mutual information, Haghighat and Razian's
// Fast-FMI ("Fast-FMI: non-reference image fusion metric", AICT 2014; fmi.m of Haghighat,
// after Haghighat, Aghagolzadeh, Seyedarabi, Computers & Electrical Engineering 2011), with
// the 3 x 3 window fusion papers report as FMI_pixel (feature 'none') and FMI_gradient
// ('gradient': MATLAB's gradient(I) with one output, the horizontal derivative: central
// differences inside, one-sided at the first and last column, 0 on a 1-column image).
//
// Per valid 3 x 3 window (the image less a 1-pixel frame) and per source X: if the window of X
// equals the fused window, 1; else both windows are min-max normalised (a flat window becomes
// ones), divided by their sums (PDFs over the 9 positions in MATLAB's column-major order),
// turned into CDFs; c = Pearson's correlation of the two PDFs; the joint PDF is Nelsen's
// mixture of the independent one with Frechet's upper bound (c >= 0, weight c / corrUp) or
// lower bound (c < 0, weight c / corrLo), where corrUp/corrLo are those bounds' correlations
// over the position index; FMI_XF = 2 MI / (H_X + H_F) in bits (0 where MI = 0). The window's
// value is (FMI_AF + FMI_BF) / 2, the metric their mean. Two details of fmi.m are kept: the
// fused window is normalised in place by the first source's branch, so the second source's
// equality test sees the normalised window; a negative joint-PDF value (rounding) contributes
// -p log2 |p| (MATLAB's real() of a complex log). Frechet's bounds 0.5 (x + y - |x - y|) and
// 0.5 (x + y - 1 + |x + y - 1|) are min(x, y) and max(x + y - 1, 0), which is how both
// implementations compute them (the same values up to the MATLAB form's rounding).
import { tensor, type Tensor } from '../core/tensor.js';

export const FMI_FEATURES = ['none', 'gradient'] as const;
export type FmiFeature = (typeof FMI_FEATURES)[number];

/** The feature plane of channel k: the levels, or MATLAB's gradient(I) (horizontal). */
export function fmiFeature(d: ArrayLike<number>, base: number, h: number, w: number, feature: FmiFeature): Float64Array {
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = (xx: number) => d[base + y * w + xx];
      if (feature === 'none') out[y * w + x] = at(x);
      else if (w === 1) out[y * w + x] = 0;
      else if (x === 0) out[y * w + x] = at(1) - at(0);
      else if (x === w - 1) out[y * w + x] = at(w - 1) - at(w - 2);
      else out[y * w + x] = (at(x + 1) - at(x - 1)) / 2;
    }
  }
  return out;
}

function normalise(v: Float64Array, out: Float64Array): Float64Array {
  let lo = v[0];
  let hi = v[0];
  for (let i = 1; i < 9; i++) { lo = Math.min(lo, v[i]); hi = Math.max(hi, v[i]); }
  for (let i = 0; i < 9; i++) out[i] = hi === lo ? 1 : (v[i] - lo) / (hi - lo);
  return out;
}

/** A normalised window that was flat: all ones (any other has a 0). */
function flat(v: Float64Array): boolean {
  for (let i = 0; i < 9; i++) if (v[i] !== 1) return false;
  return true;
}

const plog = (p: number) => (p === 0 ? 0 : -p * Math.log2(Math.abs(p)));

// scratch for fmiPair (the reference runs per window; allocation would dominate)
const S = { xp: new Float64Array(9), fp: new Float64Array(9), xc: new Float64Array(9), fc: new Float64Array(9), cdf: new Float64Array(100) };

/** FMI of one window pair given the normalised windows (fmi.m's branch for aSub ~= fSub). */
export function fmiPair(xs: Float64Array, fs: Float64Array): number {
  const l = 9;
  const { xp, fp, xc, fc, cdf } = S;
  let sx = 0;
  let sf = 0;
  for (let i = 0; i < l; i++) { sx += xs[i]; sf += fs[i]; }
  let cx = 0;
  let cf = 0;
  for (let i = 0; i < l; i++) {
    xp[i] = xs[i] / sx;
    fp[i] = fs[i] / sf;
    cx += xp[i];
    cf += fp[i];
    xc[i] = cx;
    fc[i] = cf;
  }
  const mx = cx / l;
  const mf = cf / l;
  let sxf = 0;
  let sxx = 0;
  let sff = 0;
  let ex = 0;
  let ex2 = 0;
  let ef = 0;
  let ef2 = 0;
  for (let i = 0; i < l; i++) {
    const dx = xp[i] - mx;
    const df = fp[i] - mf;
    sxf += dx * df;
    sxx += dx * dx;
    sff += df * df;
    const k = i + 1;
    ex += k * xp[i];
    ex2 += k * k * xp[i];
    ef += k * fp[i];
    ef2 += k * k * fp[i];
  }
  // A flat window's PDF is uniform and its deviations from the mean exactly 0, though fmi.m's
  // mean(1/9 x 9) rounds them to equal tiny values: then two flat windows correlate at c = 1
  // (FMI 1, as identical windows) and one flat window at c ~ 1e-17 (FMI ~ 0). Both are taken
  // exactly (1, and c = 0) so that the float32 kernel follows the same branch.
  const xflat = flat(xs);
  const fflat = flat(fs);
  if (xflat && fflat) return 1;
  const c = sxf === 0 || xflat || fflat ? 0 : sxf / Math.sqrt(sxx * sff);
  // a variance rounding below 0 (an almost one-point PDF) counts as 0
  const sdx = Math.sqrt(Math.max(ex2 - ex * ex, 0));
  const sdf = Math.sqrt(Math.max(ef2 - ef * ef, 0));
  const upper = c >= 0;
  // the bound's joint CDF at (i, j) in cdf[(i + 1) * 10 + j + 1], 0 on the lower edges
  // (fmi.m's 1-D boundaries omit those terms)
  let cov = 0;
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < l; j++) {
      const v = upper ? Math.min(fc[i], xc[j]) : Math.max(fc[i] + xc[j] - 1, 0);
      cdf[(i + 1) * 10 + j + 1] = v;
      cov += v - fc[i] * xc[j];
    }
  }
  const weight = sdx === 0 || sdf === 0 || (upper && c === 0) ? 0 : c / (cov / (sdf * sdx));
  let hj = 0;
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < l; j++) {
      const q = (i + 1) * 10 + j + 1;
      const mass = cdf[q] - cdf[q - 10] - cdf[q - 1] + cdf[q - 11];
      hj += plog(weight * mass + (1 - weight) * fp[i] * xp[j]);
    }
  }
  let hx = 0;
  let hf = 0;
  for (let i = 0; i < l; i++) { hx += plog(xp[i]); hf += plog(fp[i]); }
  const mi = hx + hf - hj;
  return mi === 0 ? 0 : (2 * mi) / (hx + hf);
}

/** The window of plane d centred at (y, x) in column-major order, into out. */
function windowAt(d: Float64Array, w: number, y: number, x: number, out: Float64Array): Float64Array {
  for (let col = 0; col < 3; col++) for (let row = 0; row < 3; row++) out[col * 3 + row] = d[(y + row - 1) * w + x + col - 1];
  return out;
}

function same(p: Float64Array, q: Float64Array): boolean {
  for (let i = 0; i < 9; i++) if (p[i] !== q[i]) return false;
  return true;
}

const W = { a: new Float64Array(9), b: new Float64Array(9), f: new Float64Array(9), fn: new Float64Array(9), n1: new Float64Array(9), n2: new Float64Array(9) };

/** One valid window's value (FMI_AF + FMI_BF) / 2 from the feature planes, centred at (y, x). */
export function fmiWindowValue(fa: Float64Array, fb: Float64Array, ff: Float64Array, w: number, y: number, x: number): number {
  const wa = windowAt(fa, w, y, x, W.a);
  const wb = windowAt(fb, w, y, x, W.b);
  let wf = windowAt(ff, w, y, x, W.f);
  let qa = 1;
  if (!same(wa, wf)) {
    // fmi.m normalises the fused window in place: the second source's test sees it normalised
    wf = normalise(wf, W.fn);
    qa = fmiPair(normalise(wa, W.n1), wf);
  }
  const qb = same(wb, wf) ? 1 : fmiPair(normalise(wb, W.n1), normalise(wf, W.n2));
  return (qa + qb) / 2;
}

/** The per-window FMI map [C, H, W]: (FMI_AF + FMI_BF) / 2 at each valid window's centre, 0 on the 1-pixel frame. */
export function fmiMapRef(a: Tensor, b: Tensor, f: Tensor, feature: FmiFeature): Tensor {
  const [c, h, w] = f.shape;
  const n = h * w;
  const y = tensor([c, h, w]);
  for (let k = 0; k < c; k++) {
    const [fa, fb, ff] = [a, b, f].map((t) => fmiFeature(t.data, k * n, h, w, feature));
    for (let yy = 1; yy + 1 < h; yy++) for (let xx = 1; xx + 1 < w; xx++) y.data[k * n + yy * w + xx] = fmiWindowValue(fa, fb, ff, w, yy, xx);
  }
  return y;
}
