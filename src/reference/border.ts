/** Border modes with OpenCV's names; the numbers are the WGSL ids in shaders/common/border.wgsl. */
export const BORDERS = ['reflect101', 'reflect', 'replicate', 'constant', 'wrap'] as const;
export type Border = (typeof BORDERS)[number];

export function borderId(b: Border): number {
  return BORDERS.indexOf(b);
}

/** OpenCV's borderInterpolate; -1 means "outside, read 0" (constant border). */
export function borderIndex(p: number, n: number, mode: number): number {
  if (p >= 0 && p < n) return p;
  if (mode === 3) return -1;
  if (mode === 2) return Math.min(Math.max(p, 0), n - 1);
  if (mode === 4) return ((p % n) + n) % n;
  if (mode === 0) {
    if (n === 1) return 0;
    const period = 2 * n - 2;
    const q = ((p % period) + period) % period;
    return q >= n ? period - q : q;
  }
  const period = 2 * n;
  const q = ((p % period) + period) % period;
  return q >= n ? period - 1 - q : q;
}
