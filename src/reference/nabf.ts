// CPU reference of shaders/nabf.wgsl: Shreyamsha Kumar's modified fusion-artifacts measure
// N_ABF per pixel (objective_fusion_perform_fn.m of his CBF / DCHWT code, "Multifocus and
// multispectral image fusion based on pixel significance using discrete cosine harmonic wavelet
// transform", SIViP 2013), on 0..255 levels. Its edge model is Petrovic's with Kumar's
// constants: sobel_fn (3x3 Sobel correlation / 8 on per_extn_im_fn's extension, which for a
// 3x3 window mirrors without repeating the edge, reflect-101; a 1-pixel-wide axis extends with
// zeros there, as the MATLAB fills its border from the still-empty one), strength ratio
// min/max (0 where either strength is 0), orientation a = atan(gv / gh) (0 where both are 0),
// alpha = |(|a_X - a_F| - pi/2)| 2/pi, Q = sqrt(Qg Qa) with sigmoids (0.9999, 19, 0.5) and
// (0.9995, 22, 0.5), weights w = g^1.5 where g >= 2 else 0.001. Planes: c = na ((1 - Q_AF) w_A
// + (1 - Q_BF) w_B) with na = [g_F > g_A and g_F > g_B], and C + c = w_A + w_B; N_ABF is the
// ratio of their sums. Strengths are compared through their squares, exact integers / 64.
import { tensor, type Tensor } from '../core/tensor.js';

export const NABF = { td: 2, wtMin: 0.001, lg: 1.5, nrg: 0.9999, kg: 19, sg: 0.5, nra: 0.9995, ka: 22, sa: 0.5 } as const;

/** Reflect-101 index for the 3x3 window; -1 (read 0) on a 1-pixel axis. */
const mirror = (p: number, n: number) => (p >= 0 && p < n ? p : n === 1 ? -1 : p < 0 ? 1 : n - 2);

/** Sobel sums x 8: v = right column - left column (sobel_fn's gv), h = bottom row - top row (gh). */
export function kumarSobel(d: ArrayLike<number>, base: number, h: number, w: number, y: number, x: number): [number, number] {
  const at = (dy: number, dx: number) => {
    const py = mirror(y + dy, h);
    const px = mirror(x + dx, w);
    return py < 0 || px < 0 ? 0 : d[base + py * w + px];
  };
  const v = at(-1, 1) + 2 * at(0, 1) + at(1, 1) - (at(-1, -1) + 2 * at(0, -1) + at(1, -1));
  const hh = at(1, -1) + 2 * at(1, 0) + at(1, 1) - (at(-1, -1) + 2 * at(-1, 0) + at(-1, 1));
  return [v, hh];
}

const angle = (v: number, h: number) => (v === 0 && h === 0 ? 0 : h === 0 ? Math.sign(v) * (Math.PI / 2) : Math.atan(v / h));

/** Edge preservation Q_XF from the Sobel sums x 8 of a source and the fused image. */
export function kumarQ(sx: [number, number], sf: [number, number]): number {
  const gx2 = sx[0] * sx[0] + sx[1] * sx[1];
  const gf2 = sf[0] * sf[0] + sf[1] * sf[1];
  const g = gx2 === 0 || gf2 === 0 ? 0 : Math.sqrt(Math.min(gx2, gf2) / Math.max(gx2, gf2));
  const al = (Math.abs(Math.abs(angle(sx[0], sx[1]) - angle(sf[0], sf[1])) - Math.PI / 2) * 2) / Math.PI;
  const qg = NABF.nrg / (1 + Math.exp(-NABF.kg * (g - NABF.sg)));
  const qa = NABF.nra / (1 + Math.exp(-NABF.ka * (al - NABF.sa)));
  return Math.sqrt(qg * qa);
}

/** w = g^1.5 where g = |Sobel| / 8 >= 2 (|sum|^2 >= 256), else 0.001. */
export const kumarWeight = (g2x64: number) => (g2x64 >= 256 ? (g2x64 / 64) ** (NABF.lg / 2) : NABF.wtMin);

/** One pixel's [numerator, denominator] terms of N_ABF (planes of 0..255 levels at offset base). */
export function nabfPixel(a: ArrayLike<number>, b: ArrayLike<number>, f: ArrayLike<number>, base: number, h: number, w: number, y: number, x: number): [number, number] {
  const sa = kumarSobel(a, base, h, w, y, x);
  const sb = kumarSobel(b, base, h, w, y, x);
  const sf = kumarSobel(f, base, h, w, y, x);
  const [ga, gb, gf] = [sa, sb, sf].map(([v, hh]) => v * v + hh * hh);
  const [wa, wb] = [kumarWeight(ga), kumarWeight(gb)];
  return [gf > ga && gf > gb ? (1 - kumarQ(sa, sf)) * wa + (1 - kumarQ(sb, sf)) * wb : 0, wa + wb];
}

export function nabfTermsRef(a: Tensor, b: Tensor, f: Tensor): Tensor {
  const [c, h, w] = f.shape;
  const n = h * w;
  const y = tensor([2 * c, h, w]);
  for (let k = 0; k < c; k++) {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const p = k * n + yy * w + xx;
        [y.data[p], y.data[c * n + p]] = nabfPixel(a.data, b.data, f.data, k * n, h, w, yy, xx);
      }
    }
  }
  return y;
}
