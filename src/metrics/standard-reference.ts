// The 'standard' profile: VIFB's metrics with the textbook definitions of their original papers
// where VIFB's code departs from them. CPU references in float64 on 0..255 planes; the rest of
// the thirteen (EN, CE, SD, EI, Qcb, Qcv) are the same in both profiles (./vifb-reference.ts:
// VIFB's code follows the papers there, CE skipping the empty fused bins that would make it
// infinite).
import type { Plane } from './vifb-reference.js';

function histogramBits(x: Plane, f: Plane): number {
  const n = x.d.length;
  const joint = new Float64Array(256 * 256);
  const hx = new Float64Array(256);
  const hf = new Float64Array(256);
  const level = (v: number) => Math.min(255, Math.max(0, Math.floor(v)));
  for (let i = 0; i < n; i++) {
    const a = level(x.d[i]);
    const b = level(f.d[i]);
    joint[a * 256 + b]++;
    hx[a]++;
    hf[b]++;
  }
  const ent = (h: Float64Array) => h.reduce((e, c) => (c > 0 ? e - (c / n) * Math.log2(c / n) : e), 0);
  return ent(hx) + ent(hf) - ent(joint);
}

/** Qu, Zhang and Yan, "Information measure for performance of image fusion" (Electronics Letters 2002): I(A;F) + I(B;F) in bits, 256-bin histograms of the grey levels. */
export const mutualInfoStd = (a: Plane, b: Plane, f: Plane) => histogramBits(a, f) + histogramBits(b, f);

const mse = (x: Plane, f: Plane) => x.d.reduce((s, v, i) => s + (v - f.d[i]) ** 2, 0) / x.d.length;

/** The mean squared error averaged over the sources, MSE = (MSE(A,F) + MSE(B,F)) / 2. */
export const rmseStd = (a: Plane, b: Plane, f: Plane) => Math.sqrt((mse(a, f) + mse(b, f)) / 2);
/** PSNR = 10 log10(255^2 / MSE) with the same averaged MSE. */
export const psnrStd = (a: Plane, b: Plane, f: Plane) => 10 * Math.log10((255 * 255) / ((mse(a, f) + mse(b, f)) / 2));

/** Average gradient with forward differences over the (M-1)(N-1) interior grid: mean sqrt((dx^2 + dy^2) / 2), then the band mean. */
export function averageGradientStd(bands: Plane[]): number {
  let total = 0;
  for (const p of bands) {
    let s = 0;
    for (let y = 0; y + 1 < p.h; y++) {
      for (let x = 0; x + 1 < p.w; x++) {
        const i = y * p.w + x;
        const dx = p.d[i + 1] - p.d[i];
        const dy = p.d[i + p.w] - p.d[i];
        s += Math.sqrt((dx * dx + dy * dy) / 2);
      }
    }
    total += s / ((p.h - 1) * (p.w - 1));
  }
  return total / bands.length;
}

/** Eskicioglu and Fisher's spatial frequency (IEEE Trans. Commun. 1995) of each band, then the band mean. */
export function spatialFrequencyStd(bands: Plane[]): number {
  let total = 0;
  for (const p of bands) {
    let rf = 0;
    let cf = 0;
    for (let y = 0; y < p.h; y++) for (let x = 1; x < p.w; x++) rf += (p.d[y * p.w + x] - p.d[y * p.w + x - 1]) ** 2;
    for (let y = 1; y < p.h; y++) for (let x = 0; x < p.w; x++) cf += (p.d[y * p.w + x] - p.d[(y - 1) * p.w + x]) ** 2;
    total += Math.sqrt(rf / (p.h * p.w) + cf / (p.h * p.w));
  }
  return total / bands.length;
}
