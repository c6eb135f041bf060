// CPU references of shaders/vif.wgsl in float64: the same centred window sums (rows about
// each segment's centre, then columns moved to the window centre), VIF's terms, decimation.
import { tensor, type Tensor } from '../core/tensor.js';
import { VIFF_NOISE, vifTerm } from '../metrics/extra-reference.js';

export function vifRowsRef(stack: Tensor, taps: readonly number[]): Tensor {
  const [c3, h, w] = stack.shape;
  const c = c3 / 3;
  const n = h * w;
  const r = (taps.length - 1) / 2;
  const y = tensor([8 * c, h, w]);
  const v = (ch: number, yy: number, x: number) => stack.data[ch * n + yy * w + x];
  for (let k = 0; k < c; k++) {
    for (let yy = 0; yy < h; yy++) {
      for (let x = r; x + r < w; x++) {
        const [ca, cb, cf] = [v(k, yy, x), v(c + k, yy, x), v(2 * c + k, yy, x)];
        const s = new Float64Array(8);
        for (let t = 0; t < taps.length; t++) {
          const xx = x + t - r;
          const [a, b, f] = [v(k, yy, xx) - ca, v(c + k, yy, xx) - cb, v(2 * c + k, yy, xx) - cf];
          const wt = taps[t];
          s[0] += wt * a; s[1] += wt * b; s[2] += wt * f;
          s[3] += wt * a * a; s[4] += wt * b * b; s[5] += wt * f * f;
          s[6] += wt * a * f; s[7] += wt * b * f;
        }
        for (let j = 0; j < 8; j++) y.data[(j * c + k) * n + yy * w + x] = s[j];
      }
    }
  }
  return y;
}

/** variant 'vif': planes numA, denA, numB, denB; 'viff': VID, VIND of the source with the smaller g (B on ties). */
export function vifWindowsRef(rows: Tensor, stack: Tensor, taps: readonly number[], variant: 'vif' | 'viff' = 'vif'): Tensor {
  const [c3, h, w] = stack.shape;
  const c = c3 / 3;
  const n = h * w;
  const r = (taps.length - 1) / 2;
  const y = tensor([(variant === 'vif' ? 4 : 2) * c, h, w]);
  const noise = variant === 'vif' ? 2 : VIFF_NOISE;
  const v = (ch: number, yy: number, x: number) => stack.data[ch * n + yy * w + x];
  const row = (band: number, k: number, q: number) => rows.data[(band * c + k) * n + q];
  for (let k = 0; k < c; k++) {
    for (let yy = r; yy + r < h; yy++) {
      for (let x = r; x + r < w; x++) {
        const [ca, cb, cf] = [v(k, yy, x), v(c + k, yy, x), v(2 * c + k, yy, x)];
        let [sa, sb, sf, saa, sbb, sff, saf, sbf] = [0, 0, 0, 0, 0, 0, 0, 0];
        for (let t = 0; t < taps.length; t++) {
          const ry = yy + t - r;
          const q = ry * w + x;
          const wt = taps[t];
          const [da, db, df] = [v(k, ry, x) - ca, v(c + k, ry, x) - cb, v(2 * c + k, ry, x) - cf];
          const [ra, rb, rf] = [row(0, k, q), row(1, k, q), row(2, k, q)];
          sa += wt * (ra + da);
          sb += wt * (rb + db);
          sf += wt * (rf + df);
          saa += wt * (row(3, k, q) + 2 * da * ra + da * da);
          sbb += wt * (row(4, k, q) + 2 * db * rb + db * db);
          sff += wt * (row(5, k, q) + 2 * df * rf + df * df);
          saf += wt * (row(6, k, q) + da * rf + df * ra + da * df);
          sbf += wt * (row(7, k, q) + db * rf + df * rb + db * df);
        }
        const p = yy * w + x;
        const ta = vifTerm(saa - sa * sa, sff - sf * sf, saf - sa * sf, noise);
        const tb = vifTerm(sbb - sb * sb, sff - sf * sf, sbf - sb * sf, noise);
        if (variant === 'viff') {
          const t = ta[2] < tb[2] ? ta : tb;
          y.data[k * n + p] = t[0];
          y.data[(c + k) * n + p] = t[1];
          continue;
        }
        y.data[k * n + p] = ta[0];
        y.data[(c + k) * n + p] = ta[1];
        y.data[(2 * c + k) * n + p] = tb[0];
        y.data[(3 * c + k) * n + p] = tb[1];
      }
    }
  }
  return y;
}

export const subsampledSize = (n: number, offset: number) => Math.ceil((n - 2 * offset) / 2);

export function subsample2Ref(x: Tensor, offset: number): Tensor {
  const [c, h, w] = x.shape;
  const oh = subsampledSize(h, offset);
  const ow = subsampledSize(w, offset);
  const y = tensor([c, oh, ow]);
  for (let k = 0; k < c; k++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) y.data[(k * oh + i) * ow + j] = x.data[(k * h + offset + 2 * i) * w + offset + 2 * j];
  return y;
}
