// The unrolled proximal-gradient layer of AUIF-Net-style networks (Zhao et al., TCSVT 2021,
// eq. 8-11; exact forward in ../shared/auif/auif-net.md section 5), with the conv pair folded:
//
//   x1 = conv(reflect(x), K)          1 -> M channels, 3x3
//   x3 = conv(reflect(x1), K^T)       M -> 1, the 180-degree-rotated kernels (the adjoint)
//   x' = x - eta * (prelu(alpha * x3 + beta) - theta * (img - x))
//
// Both convs are linear and channel-summed, so x3 = sum_{d,e in 3x3} P[d][e] x[refl(refl(p+d)+e)]
// with P[d][e] = sum_c K[c][1-d] K[c][1+e] (offsets d, e in -1..1 per axis): 81 numbers instead
// of M*18 taps. Away from the outer one-pixel ring the two reflections compose to one, and
// x3 = sum_u A[u] x[refl(p+u)] with the 5x5 kernel A[u] = sum_{d+e=u} P[d][e], which is
// 180-degree symmetric (A[u] = A[-u]), so 13 numbers define it. The ring keeps the exact
// two-step form: on a side (not a corner) the double reflection only folds the rows (top,
// bottom) or the columns (left, right), so P collapses to a 3x5 kernel T per side over the
// three rows (columns) nearest the edge; the four corners use P itself. Images under 3 pixels
// in a dimension use P on the whole ring. Folding is done on the host in float64.
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';

/**
 * Floats per (layer, group) in the packed weight tensor: A (13), P (81), T top, bottom, left,
 * right (15 each: [distance from the edge 0..2][offset along the edge -2..2]), then eta,
 * theta, alpha, beta, PReLU slope, and one float of padding so that every group starts on a
 * vec4 (the kernel reads the packed layers as vec4s).
 */
export const UNROLLED_STRIDE = 160;
export const UNROLLED_A = 0;
export const UNROLLED_P = 13;
/** Offsets of T for the sides 0 top, 1 bottom, 2 left, 3 right. */
export const UNROLLED_T = [94, 109, 124, 139] as const;
export const UNROLLED_COEF = 154;

/** Side of a ring pixel that is not a corner (0 top, 1 bottom, 2 left, 3 right), or -1. */
export function ringSide(y: number, x: number, h: number, w: number): number {
  if (h < 3 || w < 3) return -1;
  const top = y === 0;
  const bottom = y === h - 1;
  const left = x === 0;
  const right = x === w - 1;
  if ((top || bottom) && (left || right)) return -1;
  return top ? 0 : bottom ? 1 : left ? 2 : right ? 3 : -1;
}

export interface UnrolledLayerWeights {
  /** [M, 3, 3] first-conv kernels (PyTorch OIHW with I = 1). */
  kernel: Float32Array;
  eta: number;
  theta: number;
  /** Eval-mode batch norm folded to alpha * x + beta. */
  bnAlpha: number;
  bnBeta: number;
  prelu: number;
}

/** Packs one layer: P and A in float64 from the float32 kernels, then rounded once to float32. */
export function foldUnrolledLayer(l: UnrolledLayerWeights, out: Float32Array, offset: number): void {
  const m = l.kernel.length / 9;
  if (!Number.isInteger(m) || m < 1) throw new Error(`unrolled layer kernel must be [M,3,3], got ${l.kernel.length} values`);
  const P = new Float64Array(81);
  for (let d = 0; d < 9; d++) {
    const [dy, dx] = [Math.floor(d / 3) - 1, (d % 3) - 1];
    for (let e = 0; e < 9; e++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += l.kernel[c * 9 + (1 - dy) * 3 + (1 - dx)] * l.kernel[c * 9 + e];
      P[d * 9 + e] = s;
    }
  }
  const A = new Float64Array(25);
  for (let d = 0; d < 9; d++) {
    for (let e = 0; e < 9; e++) {
      const uy = Math.floor(d / 3) + Math.floor(e / 3); // (dy+1)+(ey+1) = uy+2
      const ux = (d % 3) + (e % 3);
      A[uy * 5 + ux] += P[d * 9 + e];
    }
  }
  for (let k = 0; k < 13; k++) out[offset + UNROLLED_A + k] = (A[k] + A[24 - k]) / 2;
  for (let k = 0; k < 81; k++) out[offset + UNROLLED_P + k] = P[k];
  // T per side from P, with the double reflection worked out on a virtual 16x16 image at the
  // middle of that side (the mapping is the same for every image of 3 or more pixels).
  const n = 16;
  for (let side = 0; side < 4; side++) {
    const T = new Float64Array(15);
    const [py, px] = [[0, 8], [n - 1, 8], [8, 0], [8, n - 1]][side];
    for (let d = 0; d < 9; d++) {
      const qy = borderIndex(py + Math.floor(d / 3) - 1, n, 0);
      const qx = borderIndex(px + (d % 3) - 1, n, 0);
      for (let e = 0; e < 9; e++) {
        const ry = borderIndex(qy + Math.floor(e / 3) - 1, n, 0);
        const rx = borderIndex(qx + (e % 3) - 1, n, 0);
        // (distance from the edge, offset along it)
        const [dist, along] = side === 0 ? [ry, rx - px] : side === 1 ? [n - 1 - ry, rx - px] : side === 2 ? [rx, ry - py] : [n - 1 - rx, ry - py];
        T[dist * 5 + along + 2] += P[d * 9 + e];
      }
    }
    for (let k = 0; k < 15; k++) out[offset + UNROLLED_T[side] + k] = T[k];
  }
  out.set([l.eta, l.theta, l.bnAlpha, l.bnBeta, l.prelu], offset + UNROLLED_COEF);
}

/** True for the outer one-pixel ring, where the two-step form must be used. */
export const onRing = (y: number, x: number, h: number, w: number) => y === 0 || x === 0 || y === h - 1 || x === w - 1;

/**
 * One layer for the four channels of a channels-last [H, W, 4] estimate: channel j uses weight
 * group floor(j / imgC) of `layer` and image channel j % imgC (imgC = 1, 2 or 4), so one
 * dispatch runs several encoders over several sources (AUIF-Net: [B_ir, B_vis, D_ir, D_vis]).
 */
export function unrolledStepRef(x: Tensor, img: Tensor, w: Tensor, layer: number): Tensor {
  const [h, wd, c] = x.shape;
  const imgC = img.shape[0];
  const groups = w.shape[1];
  const out = tensor(x.shape);
  const W = w.data;
  for (let z = 0; z < c; z++) {
    const base = (layer * groups + Math.floor(z / imgC)) * UNROLLED_STRIDE;
    const [eta, theta, alpha, beta, a] = W.subarray(base + UNROLLED_COEF, base + UNROLLED_COEF + 5);
    const iplane = (z % imgC) * h * wd;
    const idx = (yy: number, xx: number) => (yy * wd + xx) * c + z;
    const at = (yy: number, xx: number) => x.data[idx(borderIndex(yy, h, 0), borderIndex(xx, wd, 0))];
    const A = W.subarray(base + UNROLLED_A, base + UNROLLED_A + 13);
    for (let y = 0; y < h; y++) {
      for (let xi = 0; xi < wd; xi++) {
        let x3 = 0;
        if (!onRing(y, xi, h, wd)) {
          // The kernel's order: A[12] * centre, then A[k] * (x[p + off_k] + x[p - off_k]) for
          // k = 0..11 (row-major offsets; A[24 - k] = A[k]). Rows and columns are reflected
          // once (exact off the ring); interior pixels skip borderIndex.
          const inside = y >= 2 && y < h - 2 && xi >= 2 && xi < wd - 2;
          const px = (uy: number, ux: number) => (inside ? x.data[idx(y + uy, xi + ux)] : at(y + uy, xi + ux));
          x3 = Math.fround(A[12] * x.data[idx(y, xi)]);
          for (let k = 0; k < 12; k++) {
            const uy = Math.floor(k / 5) - 2;
            const ux = (k % 5) - 2;
            x3 = Math.fround(x3 + Math.fround(A[k] * Math.fround(px(uy, ux) + px(-uy, -ux))));
          }
        } else if (ringSide(y, xi, h, wd) >= 0) {
          const side = ringSide(y, xi, h, wd);
          const t = base + UNROLLED_T[side];
          for (let dist = 0; dist < 3; dist++) {
            for (let along = -2; along <= 2; along++) {
              const [yy, xx] = side === 0 ? [dist, xi + along] : side === 1 ? [h - 1 - dist, xi + along] : side === 2 ? [y + along, dist] : [y + along, wd - 1 - dist];
              x3 += W[t + dist * 5 + along + 2] * at(yy, xx);
            }
          }
        } else {
          for (let d = 0; d < 9; d++) {
            const qy = borderIndex(y + Math.floor(d / 3) - 1, h, 0);
            const qx = borderIndex(xi + (d % 3) - 1, wd, 0);
            for (let e = 0; e < 9; e++) x3 += W[base + UNROLLED_P + d * 9 + e] * at(qy + Math.floor(e / 3) - 1, qx + (e % 3) - 1);
          }
        }
        const v = alpha * x3 + beta;
        const p = v >= 0 ? v : a * v;
        const xv = x.data[idx(y, xi)];
        out.data[idx(y, xi)] = xv - eta * (p - theta * (img.data[iplane + y * wd + xi] - xv));
      }
    }
  }
  return out;
}

/** Fusion rules of AUIF-Net's Test_fusion (utils_AUIFNet.py): 0 sum, 1 average, 2 l1 (l1_addition, window 3x3, zero padding). */
export const FEATURE_RULES = ['sum', 'average', 'l1'] as const;

/**
 * Channels (2g, 2g+1) are the two sources' features of group g; the output is the sum over
 * groups of each group's fused pair, e.g. (B_ir + B_vis) + (D_ir + D_vis) for AUIF-Net's decoder
 * input. x is planar [C, H, W], or channels-last [H, W, C] when `channelsLast`.
 */
export function featureFuseRef(x: Tensor, rule: number, channelsLast = false): Tensor {
  const [c, h, w] = channelsLast ? [x.shape[2], x.shape[0], x.shape[1]] : x.shape;
  const out = tensor([1, h, w]);
  const n = h * w;
  const at = (ch: number, i: number) => x.data[channelsLast ? i * c + ch : ch * n + i];
  const activity = (ch: number, y: number, xi: number) => {
    let s = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const yy = y + dy;
        const xx = xi + dx;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w) s += Math.abs(at(ch, yy * w + xx));
      }
    }
    return s / 9;
  };
  for (let y = 0; y < h; y++) {
    for (let xi = 0; xi < w; xi++) {
      const i = y * w + xi;
      let acc = 0;
      for (let g = 0; g < c / 2; g++) {
        const a = at(2 * g, i);
        const b = at(2 * g + 1, i);
        let f: number;
        if (rule === 0) f = a + b;
        else if (rule === 1) f = (a + b) / 2;
        else {
          const ma = activity(2 * g, y, xi);
          const mb = activity(2 * g + 1, y, xi);
          // 0/0 where both windows are all zero: the original divides by zero (NaN); both
          // features are 0 there, so the even split gives the value the limit suggests, 0.
          const sum = ma + mb;
          f = sum > 0 ? (ma / sum) * a + (mb / sum) * b : 0.5 * a + 0.5 * b;
        }
        acc = Math.fround(acc + Math.fround(f));
      }
      out.data[i] = acc;
    }
  }
  return out;
}
