// CPU references of shaders/nsst.wgsl, in float64 (see the shader for the construction).
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

const B3 = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16];

export function atrousStepRef(x: Tensor, level: number, border: number): { low: Tensor; detail: Tensor } {
  const [c, h, w] = x.shape;
  const dil = 2 ** (level - 1);
  const rows = new Float64Array(x.data.length);
  const low = tensor(x.shape);
  const detail = tensor(x.shape);
  for (let z = 0; z < c; z++) {
    const b = z * h * w;
    for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
      let s = 0;
      for (let t = 0; t < 5; t++) s += B3[t] * x.data[b + y * w + borderIndex(i + (t - 2) * dil, w, border)];
      rows[b + y * w + i] = Math.fround(s);
    }
    for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) {
      let s = 0;
      for (let t = 0; t < 5; t++) s += B3[t] * rows[b + borderIndex(y + (t - 2) * dil, h, border) * w + i];
      const p = b + y * w + i;
      low.data[p] = s;
      detail.data[p] = x.data[p] - low.data[p];
    }
  }
  return { low, detail };
}

const freq = (k: number, n: number) => (2 * k > n ? k - n : k) / n;
const beta = (x: number) => x ** 4 * (35 + x * (-84 + x * (70 - 20 * x)));
const ramp = (v: number) => {
  const x = Math.min(Math.max(0.5 * (v + 1), 0), 1);
  return x <= 0.5 ? beta(x) : 1 - beta(1 - x);
};
const past = (t: number, b: number, delta: number) => {
  const d = t - b + delta;
  return d - 4 * Math.floor(d / 4) - delta;
};

/** The k-th of K directional windows at frequency (fx, fy); the K windows sum to 1. */
export function shearletWindow(k: number, K: number, delta: number, fx: number, fy: number): number {
  if (K === 1) return 1;
  if (fx === 0 && fy === 0) return k === 0 ? 1 : 0;
  const t = Math.abs(fy) <= Math.abs(fx) ? fy / fx : 2 - fx / fy;
  const width = 4 / K;
  const lo = -1 + k * width;
  const v = past(t, lo, delta);
  return ramp(v / delta) * (1 - ramp((v - width) / delta));
}

/** z: complex image as (re plane, im plane); returns ceil(images K / 2) complex images of packed band spectra. */
export function shearletBandsRef(z: Tensor, K: number, images: number, delta: number): Tensor {
  const [, h, w] = z.shape;
  const n = h * w;
  const outImages = Math.ceil((images * K) / 2);
  const y = tensor([2 * outImages, h, w]);
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      const p = py * w + px;
      const mx = px === 0 ? 0 : w - px;
      const my = py === 0 ? 0 : h - py;
      const q = my * w + mx;
      const [zr, zi, cr, ci] = [z.data[p], z.data[n + p], z.data[q], -z.data[n + q]];
      const spectra = [[0.5 * (zr + cr), 0.5 * (zi + ci)], [0.5 * (zi - ci), 0.5 * (cr - zr)]];
      const [fx, fy, gx, gy] = [freq(px, w), freq(py, h), freq(mx, w), freq(my, h)];
      const nyq = 2 * px === w || 2 * py === h;
      for (let o = 0; o < outImages; o++) {
        let re = 0;
        let im = 0;
        for (let j = 0; j < 2; j++) {
          const band = 2 * o + j;
          if (band >= images * K) break;
          const k = band % K;
          let wk = shearletWindow(k, K, delta, fx, fy);
          if (nyq) wk = 0.5 * (wk + shearletWindow(k, K, delta, gx, gy));
          const [sr, si] = spectra[Math.floor(band / K)].map((v) => v * wk);
          if (j === 0) { re += sr; im += si; } else { re -= si; im += sr; }
        }
        y.data[2 * o * n + p] = re;
        y.data[(2 * o + 1) * n + p] = im;
      }
    }
  }
  return y;
}
