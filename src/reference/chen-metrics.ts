// CPU references of shaders/chen_metrics.wgsl (VIFB's Qcb and Qcv, src/metrics/vifb-reference.ts),
// in float64.
import { tensor, type Tensor } from '../core/tensor.js';

/** VIFB's CSF frequency of DFT index k of n (freqspace scaled by n / div): 2 k' / div. */
const freq = (k: number, n: number, div: number) => (2 * (2 * k >= n ? k - n : k)) / div;
export const csfBlum = (r: number) => Math.exp(-((r / 15.387) ** 2)) - 0.7622 * Math.exp(-((r / 1.3456) ** 2));
export const csfVarshney = (r: number) => 2.6 * (0.0192 + 0.144 * r) * Math.exp(-((0.144 * r) ** 1.1));

export interface ChenLayout {
  channels: number;
  visChannels: number;
  irChannels: number;
}

/** Real channels the spectra hold: [d1_k, d2_k] (2C) then [x1_k, x2_k, xf_k] (3C). */
export const chenRealChannels = (c: number) => 5 * c;

/** Stack index of each real source channel of fused channel k: visible, infrared, fused. */
export function chenSources(l: ChenLayout, k: number): [number, number, number] {
  return [l.visChannels === 1 ? 0 : k, l.visChannels + (l.irChannels === 1 ? 0 : k), l.visChannels + l.irChannels + k];
}

export function chenSpectraRef(z: Tensor, l: ChenLayout): Tensor {
  const [, h, w] = z.shape;
  const n = h * w;
  const c = l.channels;
  const pairs = Math.ceil(chenRealChannels(c) / 2);
  const y = tensor([2 * pairs, h, w]);
  const spectrum = (r: number, i: number, m: number): [number, number] => {
    const p = r >> 1;
    const [ar, ai] = [z.data[2 * p * n + i], z.data[(2 * p + 1) * n + i]];
    const [br, bi] = [z.data[2 * p * n + m], -z.data[(2 * p + 1) * n + m]];
    return r % 2 === 0 ? [(ar + br) / 2, (ai + bi) / 2] : [(ai - bi) / 2, -(ar - br) / 2];
  };
  for (let yy = 0; yy < h; yy++) {
    for (let x = 0; x < w; x++) {
      const i = yy * w + x;
      const m = ((h - yy) % h) * w + ((w - x) % w);
      const sb = csfBlum(Math.hypot(freq(x, w, 30), freq(yy, h, 30)));
      const sv = csfVarshney(Math.hypot(freq(x, w, 8), freq(yy, h, 8)));
      const filtered = (t: number): [number, number] => {
        if (t >= 5 * c) return [0, 0];
        if (t < 2 * c) {
          const k = t >> 1;
          const [v, ir, f] = chenSources(l, k);
          const a = spectrum(t % 2 === 0 ? v : ir, i, m);
          const b = spectrum(f, i, m);
          return [sv * (a[0] - b[0]), sv * (a[1] - b[1])];
        }
        const k = Math.floor((t - 2 * c) / 3);
        const a = spectrum(chenSources(l, k)[(t - 2 * c) % 3], i, m);
        return [sb * a[0], sb * a[1]];
      };
      for (let j = 0; j < pairs; j++) {
        const a = filtered(2 * j);
        const b = filtered(2 * j + 1);
        y.data[2 * j * n + i] = a[0] - b[1];
        y.data[(2 * j + 1) * n + i] = a[1] + b[0];
      }
    }
  }
  return y;
}

export function qcbTermsRef(s: Tensor, lg: Tensor, ratio: number): Tensor {
  const [c3, h, w] = s.shape;
  const n = h * w;
  const c = c3 / 3;
  const y = tensor([c, h, w]);
  const contrast = (a: number, b: number) => {
    const v = Math.abs((ratio * a) / b - 1);
    return v ** 3 / (v * v + 1e-4);
  };
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < n; i++) {
      const at = (t: number) => contrast(s.data[(3 * k + t) * n + i], lg.data[(3 * k + t) * n + i]);
      const [c1, c2, cf] = [at(0), at(1), at(2)];
      const q1 = c1 < cf ? c1 / cf : cf / c1;
      const q2 = c2 < cf ? c2 / cf : cf / c2;
      y.data[k * n + i] = (c1 * c1 * q1 + c2 * c2 * q2) / (c1 * c1 + c2 * c2);
    }
  }
  return y;
}

export const qcvBlockGrid = (h: number, w: number) => [Math.ceil(h / 16), Math.ceil(w / 16)] as const;

export function qcvBlocksRef(stack: Tensor, d: Tensor, l: ChenLayout): Tensor {
  const [, h, w] = stack.shape;
  const n = h * w;
  const [bh, bw] = qcvBlockGrid(h, w);
  const blocks = bh * bw;
  const acc = new Float64Array(4 * l.channels * blocks);
  const at = (ch: number, yy: number, x: number) => (yy < 0 || x < 0 || yy >= h || x >= w ? 0 : stack.data[ch * n + yy * w + x]);
  const saliency = (ch: number, yy: number, x: number) => {
    const gx = at(ch, yy - 1, x + 1) + 2 * at(ch, yy, x + 1) + at(ch, yy + 1, x + 1) - at(ch, yy - 1, x - 1) - 2 * at(ch, yy, x - 1) - at(ch, yy + 1, x - 1);
    const gy = at(ch, yy + 1, x - 1) + 2 * at(ch, yy + 1, x) + at(ch, yy + 1, x + 1) - at(ch, yy - 1, x - 1) - 2 * at(ch, yy - 1, x) - at(ch, yy - 1, x + 1);
    return Math.hypot(gx, gy) ** 5;
  };
  for (let k = 0; k < l.channels; k++) {
    const [v, ir] = chenSources(l, k);
    for (let yy = 0; yy < h; yy++) {
      for (let x = 0; x < w; x++) {
        const b = Math.floor(yy / 16) * bw + Math.floor(x / 16);
        const i = yy * w + x;
        acc[4 * k * blocks + b] += saliency(v, yy, x);
        acc[(4 * k + 1) * blocks + b] += saliency(ir, yy, x);
        acc[(4 * k + 2) * blocks + b] += d.data[2 * k * n + i] ** 2 / 256;
        acc[(4 * k + 3) * blocks + b] += d.data[(2 * k + 1) * n + i] ** 2 / 256;
      }
    }
  }
  return tensor([4 * l.channels, bh, bw], Float32Array.from(acc));
}
