// CPU references of the network layer ops (PyTorch semantics: cross-correlation, no kernel
// flip, OIHW weights). Sums run in float64 and are stored as float32; the kernels' accuracy
// contracts bound the difference.
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

/** Activation ids shared with shaders/common/activation.wgsl. */
export const ACTIVATIONS = ['none', 'relu', 'relu6', 'leakyRelu', 'prelu', 'sigmoid', 'tanh', 'softThreshold'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** `alpha` is the LeakyReLU slope or the soft-threshold level; `slope` the PReLU slope of this channel. */
export function activate(v: number, act: number, alpha: number, slope: number): number {
  switch (act) {
    case 1: return v > 0 ? v : 0;
    case 2: return Math.min(Math.max(v, 0), 6);
    case 3: return v >= 0 ? v : alpha * v;
    case 4: return v >= 0 ? v : slope * v;
    case 5: return 1 / (1 + Math.exp(-v));
    case 6: return Math.tanh(v);
    case 7: return Math.sign(v) * Math.max(Math.abs(v) - alpha, 0);
    default: return v;
  }
}

export interface ConvGeometry {
  kh: number; kw: number;
  strideY: number; strideX: number;
  dilY: number; dilX: number;
  padY: number; padX: number;
  groups: number;
  /** Border id of src/reference/border.ts: 3 zeros, 0 reflect (PyTorch reflect = reflect-101), 2 replicate, 4 circular. */
  border: number;
}

export interface Epilogue {
  bias?: Tensor;
  act: number;
  alpha: number;
  /** PReLU slopes: one per output channel, or a single shared one. */
  slope?: Tensor;
}

const slopeOf = (e: Epilogue, c: number) => (e.slope ? e.slope.data[e.slope.data.length === 1 ? 0 : c] : 0);

export function convOutSize(n: number, k: number, stride: number, dil: number, pad: number): number {
  return Math.floor((n + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

export function convTransposeOutSize(n: number, k: number, stride: number, dil: number, pad: number, outPad: number): number {
  return (n - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
}

/** torch.nn.functional.conv2d (after F.pad with the border mode), weight [outC * inC/groups, kh, kw]. */
export function conv2dRef(x: Tensor, weight: Tensor, outC: number, g: ConvGeometry, e: Epilogue): Tensor {
  const [inC, h, w] = x.shape;
  const oh = convOutSize(h, g.kh, g.strideY, g.dilY, g.padY);
  const ow = convOutSize(w, g.kw, g.strideX, g.dilX, g.padX);
  const y = tensor([outC, oh, ow]);
  const cinG = inC / g.groups;
  const coutG = outC / g.groups;
  const rows = new Int32Array(g.kh);
  const cols = new Int32Array(g.kw);
  for (let oy = 0; oy < oh; oy++) {
    for (let ky = 0; ky < g.kh; ky++) rows[ky] = borderIndex(oy * g.strideY - g.padY + ky * g.dilY, h, g.border);
    for (let ox = 0; ox < ow; ox++) {
      for (let kx = 0; kx < g.kw; kx++) cols[kx] = borderIndex(ox * g.strideX - g.padX + kx * g.dilX, w, g.border);
      for (let co = 0; co < outC; co++) {
        const c0 = Math.floor(co / coutG) * cinG;
        let acc = 0;
        for (let ci = 0; ci < cinG; ci++) {
          const plane = (c0 + ci) * h * w;
          const wb = (co * cinG + ci) * g.kh * g.kw;
          for (let ky = 0; ky < g.kh; ky++) {
            if (rows[ky] < 0) continue;
            for (let kx = 0; kx < g.kw; kx++) {
              if (cols[kx] < 0) continue;
              acc += weight.data[wb + ky * g.kw + kx] * x.data[plane + rows[ky] * w + cols[kx]];
            }
          }
        }
        if (e.bias) acc += e.bias.data[co];
        y.data[(co * oh + oy) * ow + ox] = activate(acc, e.act, e.alpha, slopeOf(e, co));
      }
    }
  }
  return y;
}

/**
 * torch.nn.functional.conv_transpose2d (zero padding), weight [inC * outC/groups, kh, kw]:
 * the adjoint of conv2d with the same weight, gathered per output pixel.
 */
export function convTranspose2dRef(x: Tensor, weight: Tensor, outC: number, g: ConvGeometry, outPadY: number, outPadX: number, e: Epilogue): Tensor {
  const [inC, h, w] = x.shape;
  const oh = convTransposeOutSize(h, g.kh, g.strideY, g.dilY, g.padY, outPadY);
  const ow = convTransposeOutSize(w, g.kw, g.strideX, g.dilX, g.padX, outPadX);
  const y = tensor([outC, oh, ow]);
  const cinG = inC / g.groups;
  const coutG = outC / g.groups;
  for (let co = 0; co < outC; co++) {
    const grp = Math.floor(co / coutG);
    const col = co - grp * coutG;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let ky = 0; ky < g.kh; ky++) {
          const ny = oy + g.padY - ky * g.dilY;
          if (ny < 0 || ny % g.strideY !== 0) continue;
          const iy = ny / g.strideY;
          if (iy >= h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const nx = ox + g.padX - kx * g.dilX;
            if (nx < 0 || nx % g.strideX !== 0) continue;
            const ix = nx / g.strideX;
            if (ix >= w) continue;
            for (let ci = 0; ci < cinG; ci++) {
              const c = grp * cinG + ci;
              acc += weight.data[((c * coutG + col) * g.kh + ky) * g.kw + kx] * x.data[(c * h + iy) * w + ix];
            }
          }
        }
        if (e.bias) acc += e.bias.data[co];
        y.data[(co * oh + oy) * ow + ox] = activate(acc, e.act, e.alpha, slopeOf(e, co));
      }
    }
  }
  return y;
}

/** F.interpolate(mode='bilinear', antialias=False) with PyTorch's source-index rules. */
export function resizeBilinearRef(x: Tensor, oh: number, ow: number, alignCorners: boolean): Tensor {
  const [c, h, w] = x.shape;
  const y = tensor([c, oh, ow]);
  const axis = (o: number, n: number, on: number) => {
    let s: number;
    if (alignCorners) s = on > 1 ? (o * (n - 1)) / (on - 1) : 0;
    else s = Math.max(((o + 0.5) * n) / on - 0.5, 0);
    const i0 = Math.min(Math.floor(s), n - 1);
    return { i0, i1: Math.min(i0 + 1, n - 1), l: s - i0 };
  };
  for (let oy = 0; oy < oh; oy++) {
    const ay = axis(oy, h, oh);
    for (let ox = 0; ox < ow; ox++) {
      const ax = axis(ox, w, ow);
      for (let z = 0; z < c; z++) {
        const p = z * h * w;
        const top = (1 - ax.l) * x.data[p + ay.i0 * w + ax.i0] + ax.l * x.data[p + ay.i0 * w + ax.i1];
        const bot = (1 - ax.l) * x.data[p + ay.i1 * w + ax.i0] + ax.l * x.data[p + ay.i1 * w + ax.i1];
        y.data[(z * oh + oy) * ow + ox] = (1 - ay.l) * top + ay.l * bot;
      }
    }
  }
  return y;
}

/** Outputs per invocation of the window-sum kernels (shaders/window_filter.wgsl). */
export const WINDOW_RUN = 16;

/**
 * Window sums of k values along one axis in float32, in the kernel's order: each run of
 * WINDOW_RUN outputs starts with a direct sum, then slides (s += in - out).
 */
function runSums(n: number, k: number, border: number, get: (i: number) => number, put: (i: number, v: number) => void): void {
  const a = k >> 1;
  const at = (p: number) => {
    const i = borderIndex(p, n, border);
    return i < 0 ? 0 : get(i);
  };
  for (let start = 0; start < n; start += WINDOW_RUN) {
    let s = 0;
    for (let t = 0; t < k; t++) s = Math.fround(s + at(start + t - a));
    for (let t = start; t < Math.min(start + WINDOW_RUN, n); t++) {
      if (t > start) s = Math.fround(s + Math.fround(at(t + k - 1 - a) - at(t - 1 - a)));
      put(t, s);
    }
  }
}

/**
 * Sum over the k x k window (anchor at the centre) with a border rule: rows, then columns
 * (window_filter.wgsl), or columns, then rows (window_pair.wgsl).
 */
export function windowSumRef(x: Tensor, k: number, border: number, order: 'rows' | 'cols' = 'rows'): Tensor {
  const [c, h, w] = x.shape;
  const tmp = tensor(x.shape);
  const out = tensor(x.shape);
  for (let z = 0; z < c; z++) {
    const p = z * h * w;
    const rows = (src: Float32Array, dst: Float32Array) => {
      for (let y = 0; y < h; y++) runSums(w, k, border, (i) => src[p + y * w + i], (i, v) => (dst[p + y * w + i] = v));
    };
    const cols = (src: Float32Array, dst: Float32Array) => {
      for (let xi = 0; xi < w; xi++) runSums(h, k, border, (i) => src[p + i * w + xi], (i, v) => (dst[p + i * w + xi] = v));
    };
    if (order === 'rows') {
      rows(x.data, tmp.data);
      cols(tmp.data, out.data);
    } else {
      cols(x.data, tmp.data);
      rows(tmp.data, out.data);
    }
  }
  return out;
}
