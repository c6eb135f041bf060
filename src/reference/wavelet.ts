// CPU references of the wavelet kernels (shaders/dwt.wgsl), in float64 with the result
// rounded to float32, with PyWavelets' definitions (see src/wavelets/wavelet.ts and
// ../shared/fixtures/FORMAT.md):
//   dwt  (non-periodization): c[k] = sum_j f[j] x~[2k + 1 - j], x~ = x extended by the mode
//   dwt  (periodization):     c[k] = sum_j f[j] xp[(2k + L/2 - j) mod Np], xp = x with its
//                             last sample repeated when N is odd
//   idwt (non-periodization): y[m] = sum_k a[k] rlo[m + L - 2 - 2k] + d[k] rhi[m + L - 2 - 2k]
//   idwt (periodization):     y[(2k + j - L/2 + 1) mod 2n] += a[k] rlo[j] + d[k] rhi[j]
//   swt  (level s = 2^(l-1)): c[i] = sum_j f[j] x[(i + sL/2 - sj) mod N]
//   iswt:                     y[m] = 1/2 sum_j rlo[j] a[(m - s(j - L/2 + 1)) mod N] + rhi[j] d[...]
// The iswt line is pywt's iswt2 (the mean of the periodization idwts of the 2^2 interleaved
// sub-grids, each rolled back by its offset) written as one periodic convolution per axis;
// 2-D transforms are these along axis 0 (rows index) and axis 1, pywt's cH being high-pass
// along axis 0. Details are stored band-major: channel b*C + c holds band b (H, V, D) of c.
import { tensor, type Tensor } from '../core/tensor.js';
import { borderIndex } from './border.js';
import { dwtLength, idwtLength, modeBorder, type Wavelet, type WaveletMode } from '../wavelets/wavelet.js';

/** Sample index read by analysis tap position p of an axis of n samples; -1 = zero. */
function analysisIndex(p: number, n: number, mode: WaveletMode): number {
  if (mode === 'periodization') return Math.min(borderIndex(p, n + (n & 1), 4), n - 1);
  return borderIndex(p, n, modeBorder(mode));
}

/** Per output position of one axis: the input indices and the tap numbers that read them. */
interface AxisTaps { idx: Int32Array; tap: Int32Array; count: number }

function analysisTaps(out: number, n: number, w: Wavelet, mode: WaveletMode, step: number, dil: number): AxisTaps[] {
  const L = w.length;
  const off = step === 1 ? (dil * L) / 2 : mode === 'periodization' ? L / 2 : 1;
  const res: AxisTaps[] = [];
  for (let k = 0; k < out; k++) {
    const idx = new Int32Array(L);
    const tap = new Int32Array(L);
    let count = 0;
    for (let j = 0; j < L; j++) {
      const i = step === 1 ? borderIndex(k + off - j * dil, n, 4) : analysisIndex(step * k + off - j, n, mode);
      if (i >= 0) { idx[count] = i; tap[count++] = j; }
    }
    res.push({ idx, tap, count });
  }
  return res;
}

function synthesisTaps(out: number, n: number, w: Wavelet, mode: WaveletMode): AxisTaps[] {
  const L = w.length;
  const per = mode === 'periodization';
  const off = per ? L / 2 - 1 : L - 2;
  const res: AxisTaps[] = [];
  for (let m = 0; m < out; m++) {
    const idx = new Int32Array(L);
    const tap = new Int32Array(L);
    let count = 0;
    for (let j = (m + off) & 1; j < L; j += 2) {
      let k = (m + off - j) >> 1;
      if (per) k = ((k % n) + n) % n;
      else if (k < 0 || k >= n) continue;
      idx[count] = k;
      tap[count++] = j;
    }
    res.push({ idx, tap, count });
  }
  return res;
}

function swtSynthesisTaps(n: number, w: Wavelet, dil: number): AxisTaps[] {
  const L = w.length;
  const res: AxisTaps[] = [];
  for (let m = 0; m < n; m++) {
    const idx = new Int32Array(L);
    const tap = new Int32Array(L);
    for (let j = 0; j < L; j++) {
      idx[j] = borderIndex(m - dil * (j - L / 2 + 1), n, 4);
      tap[j] = j;
    }
    res.push({ idx, tap, count: L });
  }
  return res;
}

/** Analysis: a = lo x lo, H = hi (axis 0) x lo (axis 1), V = lo x hi, D = hi x hi. */
function analysis2(x: Tensor, rows: AxisTaps[], cols: AxisTaps[], w: Wavelet): { a: Tensor; details: Tensor } {
  const [c, h, wd] = x.shape;
  const [oh, ow] = [rows.length, cols.length];
  const a = tensor([c, oh, ow]);
  const details = tensor([3 * c, oh, ow]);
  const plane = oh * ow;
  for (let ch = 0; ch < c; ch++) {
    const src = x.data.subarray(ch * h * wd, (ch + 1) * h * wd);
    for (let i = 0; i < oh; i++) {
      const r = rows[i];
      for (let j = 0; j < ow; j++) {
        const q = cols[j];
        let sa = 0, sh = 0, sv = 0, sd = 0;
        for (let t = 0; t < r.count; t++) {
          const row = r.idx[t] * wd;
          let lo = 0, hi = 0;
          for (let s = 0; s < q.count; s++) {
            const v = src[row + q.idx[s]];
            lo += w.decLo[q.tap[s]] * v;
            hi += w.decHi[q.tap[s]] * v;
          }
          const fl = w.decLo[r.tap[t]], fh = w.decHi[r.tap[t]];
          sa += fl * lo; sv += fl * hi; sh += fh * lo; sd += fh * hi;
        }
        const o = i * ow + j;
        a.data[ch * plane + o] = sa;
        details.data[ch * plane + o] = sh;
        details.data[(c + ch) * plane + o] = sv;
        details.data[(2 * c + ch) * plane + o] = sd;
      }
    }
  }
  return { a, details };
}

/** Synthesis from a (read with its own width: waverec2's crop) and band-major details. */
function synthesis2(a: Tensor, details: Tensor, rows: AxisTaps[], cols: AxisTaps[], w: Wavelet, scale: number): Tensor {
  const c = a.shape[0];
  const [, dh, dw] = details.shape;
  const aw = a.shape[2];
  const y = tensor([c, rows.length, cols.length]);
  const plane = dh * dw;
  for (let ch = 0; ch < c; ch++) {
    const A = a.data.subarray(ch * a.shape[1] * aw);
    const H = details.data.subarray(ch * plane);
    const V = details.data.subarray((c + ch) * plane);
    const D = details.data.subarray((2 * c + ch) * plane);
    for (let m = 0; m < rows.length; m++) {
      const r = rows[m];
      for (let n = 0; n < cols.length; n++) {
        const q = cols[n];
        let sum = 0;
        for (let t = 0; t < r.count; t++) {
          const k1 = r.idx[t];
          let sLo = 0, sHi = 0;
          for (let s = 0; s < q.count; s++) {
            const k2 = q.idx[s];
            const gl = w.recLo[q.tap[s]], gh = w.recHi[q.tap[s]];
            sLo += gl * A[k1 * aw + k2] + gh * V[k1 * dw + k2];
            sHi += gl * H[k1 * dw + k2] + gh * D[k1 * dw + k2];
          }
          sum += w.recLo[r.tap[t]] * sLo + w.recHi[r.tap[t]] * sHi;
        }
        y.data[(ch * rows.length + m) * cols.length + n] = scale * sum;
      }
    }
  }
  return y;
}

export function dwt2Ref(x: Tensor, w: Wavelet, mode: WaveletMode): { a: Tensor; details: Tensor } {
  const [, h, wd] = x.shape;
  const rows = analysisTaps(dwtLength(h, w.length, mode), h, w, mode, 2, 1);
  const cols = analysisTaps(dwtLength(wd, w.length, mode), wd, w, mode, 2, 1);
  return analysis2(x, rows, cols, w);
}

/** Output size [rows, cols] is pywt's (2n - L + 2 or 2n) unless a smaller crop is asked for. */
export function idwt2Ref(a: Tensor, details: Tensor, w: Wavelet, mode: WaveletMode, out?: [number, number]): Tensor {
  const [, dh, dw] = details.shape;
  const oh = out?.[0] ?? idwtLength(dh, w.length, mode);
  const ow = out?.[1] ?? idwtLength(dw, w.length, mode);
  return synthesis2(a, details, synthesisTaps(oh, dh, w, mode), synthesisTaps(ow, dw, w, mode), w, 1);
}

export function swt2StepRef(x: Tensor, w: Wavelet, level: number): { a: Tensor; details: Tensor } {
  const [, h, wd] = x.shape;
  const dil = 2 ** (level - 1);
  return analysis2(x, analysisTaps(h, h, w, 'periodic', 1, dil), analysisTaps(wd, wd, w, 'periodic', 1, dil), w);
}

export function iswt2StepRef(a: Tensor, details: Tensor, w: Wavelet, level: number): Tensor {
  const [, h, wd] = details.shape;
  const dil = 2 ** (level - 1);
  return synthesis2(a, details, swtSynthesisTaps(h, w, dil), swtSynthesisTaps(wd, w, dil), w, 0.25);
}
