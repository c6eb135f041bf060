// CPU reference of shaders/bilateral.wgsl, with OpenCV's float32 bilateralFilter semantics
// (imgproc/src/bilateral_filter.dispatch.cpp, bilateralFilter_32f: radius rule, disc support,
// 4096-bin colour LUT over the image range with linear interpolation) and the MATLAB cross
// bilateral filter of CBF (square window, exact Gaussian range weight).
import { fail } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

export const BILATERAL_MAX_RADIUS = 31;
export const LUT_BINS_PER_CHANNEL = 4096;

/** cvRound: round half to even. */
const cvRound = (v: number) => {
  const f = Math.floor(v);
  const r = v - f;
  return r > 0.5 ? f + 1 : r < 0.5 ? f : f % 2 === 0 ? f : f + 1;
};

/** OpenCV's radius: d/2 for d > 0, else cvRound(1.5 sigmaSpace); at least 1. */
export function bilateralRadius(d: number, sigmaSpace: number): number {
  const r = Math.max(d > 0 ? Math.floor(d / 2) : cvRound(sigmaSpace * 1.5), 1);
  if (r > BILATERAL_MAX_RADIUS) fail('bad-param', `bilateralFilter: radius ${r} (d ${d}, sigmaSpace ${sigmaSpace}) is above ${BILATERAL_MAX_RADIUS}; use a smaller d or sigmaSpace`);
  return r;
}

/** Space weights over the (2r+1)^2 window, row-major, 0 outside the support; float32 as OpenCV stores them. */
export function spaceWeights(r: number, sigmaSpace: number, disc: boolean): Float32Array {
  const side = 2 * r + 1;
  const w = new Float32Array(side * side);
  const coeff = -0.5 / (sigmaSpace * sigmaSpace);
  for (let i = -r; i <= r; i++) {
    for (let j = -r; j <= r; j++) {
      const d2 = i * i + j * j;
      if (disc && Math.sqrt(d2) > r) continue;
      w[(i + r) * side + j + r] = Math.exp(d2 * coeff);
    }
  }
  return w;
}

export interface BilateralSpec {
  radius: number;
  space: Float32Array;
  sigmaColor: number;
  border: number;
  lut: boolean;
}

export function bilateralRef(x: Tensor, guide: Tensor, s: BilateralSpec): Tensor {
  const [c, h, w] = x.shape;
  const g = guide.shape[0];
  const plane = h * w;
  const gcc = -0.5 / (s.sigmaColor * s.sigmaColor);
  const f = Math.fround;
  let scale = 0;
  let table: Float32Array | undefined;
  if (s.lut) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of guide.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (hi - lo < 1.1920929e-7) return tensor(x.shape, Float32Array.from(x.data));
    const bins = LUT_BINS_PER_CHANNEL * g;
    scale = f(bins / f(f(hi - lo) * g));
    table = new Float32Array(bins + 2);
    for (let i = 0; i < bins + 2; i++) {
      const v = f(i / scale);
      table[i] = Math.exp(v * v * gcc);
    }
  }
  const range = (d: number) => {
    if (!table) return Math.exp(d * d * gcc);
    const alpha = f(d * scale);
    const i = Math.min(Math.floor(alpha), table.length - 2);
    const t = alpha - i;
    return table[i] + t * (table[i + 1] - table[i]);
  };
  const y = tensor(x.shape);
  const r = s.radius;
  const side = 2 * r + 1;
  for (let ch = 0; ch < c; ch++) {
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        const p = py * w + px;
        let sum = 0;
        let wsum = 0;
        for (let dy = -r; dy <= r; dy++) {
          const yy = borderIndex(py + dy, h, s.border);
          for (let dx = -r; dx <= r; dx++) {
            const sw = s.space[(dy + r) * side + dx + r];
            if (sw === 0) continue;
            const q = yy * w + borderIndex(px + dx, w, s.border);
            let d = 0;
            for (let k = 0; k < g; k++) d += Math.abs(guide.data[k * plane + q] - guide.data[k * plane + p]);
            const wt = sw * range(d);
            sum += x.data[ch * plane + q] * wt;
            wsum += wt;
          }
        }
        y.data[ch * plane + p] = sum / wsum;
      }
    }
  }
  return y;
}
