import type { Accuracy } from '../../src/core/op.js';
import type { Tensor } from '../../src/core/tensor.js';
import { fmtShape } from '../../src/core/tensor.js';

/**
 * Checks |got - want| <= atol + rtol |want| element-wise (NaN only matches NaN, infinities
 * must be equal) and returns a diagnostic message naming the first and last bad index,
 * the worst error and a few values around it; '' when within the contract. The bounds
 * themselves are not chosen here: each caller passes an op's derived Accuracy or the
 * tolerance a fixture case states.
 */
export function mismatch(got: Tensor, want: Tensor, acc: Pick<Accuracy, 'atol' | 'rtol' | 'maxMismatchFraction'>): string {
  if (got.shape.join() !== want.shape.join()) return `shape ${fmtShape(got.shape)} != expected ${fmtShape(want.shape)}`;
  let bad = 0;
  let first = -1;
  let last = -1;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i];
    const w = want.data[i];
    let ok: boolean;
    if (Number.isNaN(w) || Number.isNaN(g)) ok = Number.isNaN(w) && Number.isNaN(g);
    else if (!Number.isFinite(w) || !Number.isFinite(g)) ok = g === w;
    else ok = Math.abs(g - w) <= acc.atol + acc.rtol * Math.abs(w);
    if (!ok) {
      bad++;
      if (first < 0) first = i;
      last = i;
      const e = Math.abs(g - w);
      if (!(e <= worst)) {
        worst = e;
        worstAt = i;
      }
    }
  }
  const allowed = Math.floor((acc.maxMismatchFraction ?? 0) * want.data.length);
  if (bad <= allowed) return '';
  const [, h, w] = want.shape;
  const where = (i: number) => `[c${Math.floor(i / (h * w))} y${Math.floor((i % (h * w)) / w)} x${i % w}]`;
  const around = [];
  for (let i = Math.max(0, worstAt - 2); i <= Math.min(want.data.length - 1, worstAt + 2); i++) around.push(`${where(i)} got ${got.data[i]} want ${want.data[i]}`);
  return `${bad} of ${want.data.length} values off (allowed ${allowed}); first ${where(first)}, last ${where(last)}, worst |err| ${worst} at ${where(worstAt)}; atol ${acc.atol} rtol ${acc.rtol}\n  ${around.join('\n  ')}`;
}
