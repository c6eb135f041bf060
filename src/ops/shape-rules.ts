import { fail } from '../core/errors.js';
import { fmtShape, sameShape, type Shape } from '../core/tensor.js';
import { pyrUpSizeOk } from '../reference/pyramid.js';

export function requireSame(op: string, a: [string, Shape], b: [string, Shape]): void {
  if (!sameShape(a[1], b[1])) {
    fail('shape', `${op}: '${a[0]}' is ${fmtShape(a[1])} but '${b[0]}' is ${fmtShape(b[1])}; they must match`);
  }
}

export function requireChannels(op: string, name: string, s: Shape, c: number): void {
  if (s[0] !== c) fail('shape', `${op}: '${name}' must have ${c} channel(s), got ${fmtShape(s)}`);
}

/** `fine` must be a valid pyrUp target of `coarse` (OpenCV: |dst - 2 src| <= dst % 2 per axis). */
export function requirePyrPair(op: string, fine: [string, Shape], coarse: [string, Shape]): void {
  const [f, c] = [fine[1], coarse[1]];
  if (f[0] !== c[0] || !pyrUpSizeOk(c[1], f[1]) || !pyrUpSizeOk(c[2], f[2])) {
    fail('shape', `${op}: '${fine[0]}' ${fmtShape(f)} is not one pyramid level above '${coarse[0]}' ${fmtShape(c)} (need |fine - 2*coarse| <= fine % 2 per axis, same channels)`);
  }
}

/** The grid of a per-pixel pass over shape s: x = width, y = height, z = channels. */
export function pixelGrid(s: Shape, channels = s[0]): [number, number, number] {
  return [s[2], s[1], channels];
}

/** A per-element pass over n values laid out as rows of `rowLen` (keeps every grid axis under the workgroup-count limit). */
export function flatGrid(n: number): { rowLen: number; grid: [number, number, number] } {
  const rowLen = Math.max(1, Math.min(n, 16384));
  return { rowLen, grid: [rowLen, Math.ceil(n / rowLen), 1] };
}

/** Float32 sum of n terms each at most `mag` in size: sequential rounding error bound (n-1) u n mag, u = 2^-24. */
export function sumErrorBound(n: number, mag = 1): number {
  return Math.max(n - 1, 1) * n * mag * 2 ** -24;
}

/** Whether every index lo..hi on an axis of n samples lies within one border fold (common/border.wgsl's borderNear is exact there). */
export const oneFold = (lo: number, hi: number, n: number): boolean => n >= 2 && lo >= -(n - 1) && hi <= 2 * n - 2;

/** A kernel's GENERAL constant: 1 when a window reaching `half` past an edge leaves one fold of some side. */
export const borderGeneral = (half: number, ...sides: number[]): number => (sides.some((n) => !oneFold(-half, n - 1 + half, n)) ? 1 : 0);
