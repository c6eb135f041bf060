import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

/**
 * cv2.getGaussianKernel: for ksize 1, 3, 5, 7, 9 and sigma <= 0 OpenCV uses fixed tables,
 * otherwise exp(-(i - (k-1)/2)^2 / (2 sigma^2)) normalised, with sigma <= 0 replaced by
 * 0.3*((k-1)*0.5 - 1) + 0.8.
 */
export function gaussianKernel(ksize: number, sigma: number): number[] {
  const fixed: Record<number, number[]> = {
    1: [1],
    3: [0.25, 0.5, 0.25],
    5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
    7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
    9: [1, 3.25, 7.5, 12.75, 15, 12.75, 7.5, 3.25, 1].map((v) => v / 64),
  };
  if (sigma <= 0 && fixed[ksize]) return fixed[ksize].slice();
  const s = sigma > 0 ? sigma : ((ksize - 1) * 0.5 - 1) * 0.3 + 0.8;
  const k = Array.from({ length: ksize }, (_, i) => Math.exp(-((i - (ksize - 1) / 2) ** 2) / (2 * s * s)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

/** GaussianBlur's automatic size for float data: round(sigma*4*2 + 1) | 1. */
export function gaussianKsize(sigma: number): number {
  return Math.round(sigma * 8 + 1) | 1;
}

/** Normalised binomial taps C(k-1, i) / 2^(k-1). */
export function binomialKernel(ksize: number): number[] {
  const k = [1];
  for (let n = 1; n < ksize; n++) {
    for (let i = k.length - 1; i > 0; i--) k[i] += k[i - 1];
    k.push(1);
  }
  const sum = 2 ** (ksize - 1);
  return k.map((v) => v / sum);
}

/** Row pass then column pass, each a correlation with anchor ksize/2, like cv2.sepFilter2D. */
export function sepConvRef(x: Tensor, kx: number[], ky: number[], border: number): Tensor {
  const [c, h, w] = x.shape;
  const tmp = tensor(x.shape);
  const out = tensor(x.shape);
  const ax = kx.length >> 1;
  const ay = ky.length >> 1;
  for (let z = 0; z < c; z++) {
    const p = z * h * w;
    for (let y = 0; y < h; y++) {
      for (let xi = 0; xi < w; xi++) {
        let acc = 0;
        for (let k = 0; k < kx.length; k++) {
          const j = borderIndex(xi + k - ax, w, border);
          if (j >= 0) acc += kx[k] * x.data[p + y * w + j];
        }
        tmp.data[p + y * w + xi] = acc;
      }
    }
    for (let y = 0; y < h; y++) {
      for (let xi = 0; xi < w; xi++) {
        let acc = 0;
        for (let k = 0; k < ky.length; k++) {
          const j = borderIndex(y + k - ay, h, border);
          if (j >= 0) acc += ky[k] * tmp.data[p + j * w + xi];
        }
        out.data[p + y * w + xi] = acc;
      }
    }
  }
  return out;
}
