// CPU reference of shaders/cbf_fuse.wgsl (CBF's covariance-trace weights), in float64.
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

const EPS = 2 ** -52 / 255 ** 2;

export function cbfFuseRef(a: Tensor, b: Tensor, fa: Tensor, fb: Tensor, win: number, border: number): Tensor {
  const [c, h, w] = a.shape;
  const y = tensor(a.shape);
  const half = Math.floor(win / 2);
  const weight = (x: Tensor, f: Tensor, base: number, px: number, py: number) => {
    const p = base + py * w + px;
    const d0 = x.data[p] - f.data[p];
    const rs = new Float64Array(win);
    const cs = new Float64Array(win);
    let ss = 0;
    for (let i = 0; i < win; i++) {
      const row = base + borderIndex(py + i - half, h, border) * w;
      for (let j = 0; j < win; j++) {
        const q = row + borderIndex(px + j - half, w, border);
        const t = x.data[q] - f.data[q] - d0;
        rs[i] += t;
        cs[j] += t;
        ss += t * t;
      }
    }
    let sq = 0;
    for (let k = 0; k < win; k++) sq += rs[k] * rs[k] + cs[k] * cs[k];
    const wt = Math.max((2 * ss - sq / win) / (win - 1), 0);
    return wt === 0 ? EPS : wt;
  };
  for (let ch = 0; ch < c; ch++) {
    const base = ch * h * w;
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        const wa = weight(a, fa, base, px, py);
        const wb = weight(b, fb, base, px, py);
        const p = base + py * w + px;
        y.data[p] = (a.data[p] * wa + b.data[p] * wb) / (wa + wb);
      }
    }
  }
  return y;
}
