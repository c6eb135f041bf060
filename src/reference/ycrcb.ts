import { tensor, type Tensor } from '../core/tensor.js';

/** OpenCV float RGB -> Y and (Cr, Cb) planes; coefficients as in shaders/ycrcb.wgsl. */
export function toYcrcbRef(x: Tensor, delta: number): { luma: Tensor; chroma: Tensor } {
  const [, h, w] = x.shape;
  const n = h * w;
  const luma = tensor([1, h, w]);
  const chroma = tensor([2, h, w]);
  const d = x.data;
  for (let i = 0; i < n; i++) {
    const y = 0.299 * d[i] + 0.587 * d[i + n] + 0.114 * d[i + 2 * n];
    luma.data[i] = y;
    chroma.data[i] = (d[i] - y) * 0.713 + delta;
    chroma.data[i + n] = (d[i + 2 * n] - y) * 0.564 + delta;
  }
  return { luma, chroma };
}

export function toRgbRef(luma: Tensor, chroma: Tensor, delta: number): Tensor {
  const [, h, w] = luma.shape;
  const n = h * w;
  const out = tensor([3, h, w]);
  for (let i = 0; i < n; i++) {
    const y = luma.data[i];
    const cr = chroma.data[i] - delta;
    const cb = chroma.data[i + n] - delta;
    out.data[i] = y + 1.403 * cr;
    out.data[i + n] = y - 0.714 * cr - 0.344 * cb;
    out.data[i + 2 * n] = y + 1.773 * cb;
  }
  return out;
}
