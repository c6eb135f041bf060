// CPU references of shaders/block_dct.wgsl: tile bases in float64, the transform summed in
// float64 and rounded once; the fusion rule's energies in float32 in the kernel's order, so
// both backends take the same decisions.
import { tensor, type Tensor } from '../core/tensor.js';

/** Orthonormal DCT-II basis of size n, row-major [k][m]: c(k) cos(pi (2m + 1) k / 2n). */
export function dctBasis(n: number): Float64Array {
  const b = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const c = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let m = 0; m < n; m++) b[k * n + m] = c * Math.cos((Math.PI * (2 * m + 1) * k) / (2 * n));
  }
  return b;
}

/** Tiles of an axis of n samples: [start, size] each; the last one may be short. */
export function tilesOf(n: number, block: number): [number, number][] {
  const t: [number, number][] = [];
  for (let s = 0; s < n; s += block) t.push([s, Math.min(block, n - s)]);
  return t;
}

export function blockDctRef(x: Tensor, block: number, inverse: boolean): Tensor {
  const [c, h, w] = x.shape;
  const y = tensor(x.shape);
  const bases = new Map<number, Float64Array>();
  const basis = (n: number) => bases.get(n) ?? bases.set(n, dctBasis(n)).get(n)!;
  for (let ch = 0; ch < c; ch++) {
    const off = ch * h * w;
    for (const [ys, yn] of tilesOf(h, block)) {
      const br = basis(yn);
      for (const [xs, xn] of tilesOf(w, block)) {
        const bc = basis(xn);
        for (let k = 0; k < yn; k++) {
          for (let l = 0; l < xn; l++) {
            let sum = 0;
            for (let m = 0; m < yn; m++) {
              let s = 0;
              for (let n = 0; n < xn; n++) s += (inverse ? bc[n * xn + l] : bc[l * xn + n]) * x.data[off + (ys + m) * w + xs + n];
              sum += (inverse ? br[m * yn + k] : br[k * yn + m]) * s;
            }
            y.data[off + (ys + k) * w + xs + l] = sum;
          }
        }
      }
    }
  }
  return y;
}

export function dctFuseRef(a: Tensor, b: Tensor, block: number, rule: 'variance' | 'maxAbs'): Tensor {
  const [c, h, w] = a.shape;
  const y = tensor(a.shape);
  const f = Math.fround;
  for (let ch = 0; ch < c; ch++) {
    const off = ch * h * w;
    for (const [ys, yn] of tilesOf(h, block)) {
      for (const [xs, xn] of tilesOf(w, block)) {
        let ea = 0;
        let eb = 0;
        for (let m = 0; m < yn; m++) {
          for (let n = 0; n < xn; n++) {
            if (m === 0 && n === 0) continue;
            const i = off + (ys + m) * w + xs + n;
            ea = f(ea + f(a.data[i] * a.data[i]));
            eb = f(eb + f(b.data[i] * b.data[i]));
          }
        }
        const d = off + ys * w + xs;
        const e = (2 * block + 4) * 2 ** -24 * Math.max(Math.abs(a.data[d]), Math.abs(b.data[d]));
        const tie = 2 * (2 * block * Math.sqrt(Math.max(ea, eb)) * e + block * block * e * e);
        const aWins = ea + tie >= eb;
        for (let m = 0; m < yn; m++) {
          for (let n = 0; n < xn; n++) {
            const i = off + (ys + m) * w + xs + n;
            const [va, vb] = [a.data[i], b.data[i]];
            if (rule === 'variance') y.data[i] = aWins ? va : vb;
            else y.data[i] = m === 0 && n === 0 ? 0.5 * (va + vb) : Math.abs(va) >= Math.abs(vb) ? va : vb;
          }
        }
      }
    }
  }
  return y;
}
