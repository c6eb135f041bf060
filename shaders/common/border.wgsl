// Border extrapolation with OpenCV's names and rules (core/borderInterpolate):
// 0 reflect-101 gfedcb|abcdefgh|gfedcba, 1 reflect fedcba|abcdefgh|hgfedcb,
// 2 replicate aaaaaa|abcdefgh|hhhhhhh, 3 constant 0, 4 wrap cdefgh|abcdefgh|abcdefg.
// Returns -1 for a constant border so the caller reads 0 there.
// The same rule is src/reference/border.ts; the cross-check tests hold them together.
fn borderIndex(p: i32, n: i32, mode: u32) -> i32 {
  if (p >= 0 && p < n) { return p; }
  if (mode == 3u) { return -1; }
  if (mode == 2u) { return clamp(p, 0, n - 1); }
  if (mode == 4u) { return ((p % n) + n) % n; }
  if (mode == 0u) {
    if (n == 1) { return 0; }
    let period = 2 * n - 2;
    let q = ((p % period) + period) % period;
    return select(q, period - q, q >= n);
  }
  let period = 2 * n;
  let q = ((p % period) + period) % period;
  return select(q, period - 1 - q, q >= n);
}
