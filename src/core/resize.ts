import { tensor, type Tensor } from './tensor.js';

/** Bilinear resize with half-pixel centres (cv2.INTER_LINEAR, no antialiasing), per channel. */
export function resizeBilinear(x: Tensor, h: number, w: number): Tensor {
  const [c, sh, sw] = x.shape;
  const out = tensor([c, h, w]);
  const fy = sh / h;
  const fx = sw / w;
  for (let z = 0; z < c; z++) {
    const p = z * sh * sw;
    for (let y = 0; y < h; y++) {
      const sy = Math.min(Math.max((y + 0.5) * fy - 0.5, 0), sh - 1);
      const y0 = Math.floor(sy);
      const y1 = Math.min(y0 + 1, sh - 1);
      const ay = sy - y0;
      for (let xo = 0; xo < w; xo++) {
        const sx = Math.min(Math.max((xo + 0.5) * fx - 0.5, 0), sw - 1);
        const x0 = Math.floor(sx);
        const x1 = Math.min(x0 + 1, sw - 1);
        const ax = sx - x0;
        const top = x.data[p + y0 * sw + x0] * (1 - ax) + x.data[p + y0 * sw + x1] * ax;
        const bot = x.data[p + y1 * sw + x0] * (1 - ax) + x.data[p + y1 * sw + x1] * ax;
        out.data[(z * h + y) * w + xo] = top * (1 - ay) + bot * ay;
      }
    }
  }
  return out;
}
