// CPU reference of shaders/filter2d.wgsl (float64, rounded on store), and OpenCV's
// derivative kernels (imgproc/src/deriv.cpp getSobelKernels / getScharrKernels).
import { fail } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

export function filter2dRef(x: Tensor, k: Tensor, anchorX: number, anchorY: number, border: number, value: number, delta: number): Tensor {
  const [c, h, w] = x.shape;
  const [, kh, kw] = k.shape;
  const y = tensor(x.shape);
  for (let z = 0; z < c; z++) {
    const b = z * h * w;
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        let s = 0;
        for (let i = 0; i < kh; i++) {
          const yy = borderIndex(py + i - anchorY, h, border);
          for (let j = 0; j < kw; j++) {
            const xx = borderIndex(px + j - anchorX, w, border);
            s += k.data[i * kw + j] * (yy < 0 || xx < 0 ? value : x.data[b + yy * w + xx]);
          }
        }
        y.data[b + py * w + px] = s + delta;
      }
    }
  }
  return y;
}

/** OpenCV's 1-D derivative kernel of `order` and size `ksize` (ksize -1: Scharr; 1: [-1 0 1] or no smoothing). */
export function derivKernel(order: number, ksize: number): number[] {
  if (ksize === -1) {
    if (order > 1) fail('bad-param', `Scharr (ksize -1) takes derivative orders 0 or 1, got ${order}`);
    return order === 0 ? [3, 10, 3] : [-1, 0, 1];
  }
  const size = ksize === 1 && order > 0 ? 3 : ksize;
  if (order >= size) fail('bad-param', `a derivative of order ${order} needs ksize above ${order}, got ${ksize}`);
  if (size === 1) return [1];
  if (size === 3) return order === 0 ? [1, 2, 1] : order === 1 ? [-1, 0, 1] : [1, -2, 1];
  // binomial smoothing of order size - order - 1, then `order` differences
  let k = [1];
  for (let i = 0; i < size - order - 1; i++) k = [...k, 0].map((v, j) => v + (j > 0 ? k[j - 1] : 0));
  for (let i = 0; i < order; i++) k = [...k, 0].map((v, j) => (j > 0 ? k[j - 1] : 0) - v);
  return k;
}
