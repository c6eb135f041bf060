import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

const K5 = [0.0625, 0.25, 0.375, 0.25, 0.0625];

/** cv2.pyrDown: 5x5 [1 4 6 4 1]/16 with reflect-101, output ceil(H/2) x ceil(W/2). */
export function pyrDownRef(x: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const oh = Math.ceil(h / 2);
  const ow = Math.ceil(w / 2);
  const out = tensor([c, oh, ow]);
  for (let ch = 0; ch < c; ch++) {
    const p = ch * h * w;
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let acc = 0;
        for (let i = 0; i < 5; i++) {
          const r = p + borderIndex(2 * y + i - 2, h, 0) * w;
          let row = 0;
          for (let j = 0; j < 5; j++) row += K5[j] * x.data[r + borderIndex(2 * xo + j - 2, w, 0)];
          acc += K5[i] * row;
        }
        out.data[(ch * oh + y) * ow + xo] = acc;
      }
    }
  }
  return out;
}

/** Taps of pyrUp along one axis; the rule is documented in shaders/common/pyr_up.wgsl. */
export function upTaps(o: number, n: number, isRow: boolean): [number, number, number, number, number, number] {
  let i = o;
  if (i >= 2 * n) i = isRow ? 2 * n - 2 : 2 * n - 1;
  const m = i >> 1;
  const last = n - 1;
  if ((i & 1) === 0) return [m > 0 ? m - 1 : Math.min(1, last), m, Math.min(m + 1, last), 0.125, 0.75, 0.125];
  return [m, Math.min(m + 1, last), m, 0.5, 0.5, 0];
}

/** OpenCV's rule for an explicit pyrUp dstsize: |dst - 2*src| <= dst % 2, per axis. */
export function pyrUpSizeOk(src: number, dst: number): boolean {
  return Math.abs(dst - 2 * src) <= dst % 2;
}

/** pyrUp(coarse) at every pixel of an (h, w) output, per channel. */
export function pyrUpRef(coarse: Tensor, h: number, w: number): Tensor {
  const [c, ch, cw] = coarse.shape;
  const out = tensor([c, h, w]);
  const xt = Array.from({ length: w }, (_, x) => upTaps(x, cw, false));
  for (let z = 0; z < c; z++) {
    const p = z * ch * cw;
    for (let y = 0; y < h; y++) {
      const ty = upTaps(y, ch, true);
      for (let x = 0; x < w; x++) {
        const tx = xt[x];
        let acc = 0;
        for (let i = 0; i < 3; i++) {
          const r = p + ty[i] * cw;
          acc += ty[3 + i] * (tx[3] * coarse.data[r + tx[0]] + tx[4] * coarse.data[r + tx[1]] + tx[5] * coarse.data[r + tx[2]]);
        }
        out.data[(z * h + y) * w + x] = acc;
      }
    }
  }
  return out;
}

export function addRef(a: Tensor, b: Tensor, sign: 1 | -1): Tensor {
  const out = tensor(a.shape);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + sign * b.data[i];
  return out;
}
