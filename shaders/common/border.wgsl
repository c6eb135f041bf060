// Border extrapolation with OpenCV's names and rules (core/borderInterpolate):
// 0 reflect-101 gfedcb|abcdefgh|gfedcba, 1 reflect fedcba|abcdefgh|hgfedcb,
// 2 replicate aaaaaa|abcdefgh|hhhhhhh, 3 constant 0, 4 wrap cdefgh|abcdefgh|abcdefg.
// Returns -1 for a constant border so the caller reads 0 there.
// The same rule is src/reference/border.ts; the cross-check tests hold them together.
//
// No integer division or modulo: llvmpipe pays for them even in branches no lane takes
// (a modulo-based version made a 3x3 convolution 3x slower). One reflection per step, and
// more than one step only when a window overhangs by more than the image (tiny images).

fn borderStep(q: i32, n: i32, mode: u32) -> i32 {
  if (mode == 4u) { return select(select(q, q - n, q >= n), q + n, q < 0); }
  if (mode == 1u) { return select(select(q, 2 * n - 1 - q, q >= n), -q - 1, q < 0); }
  return select(select(q, 2 * n - 2 - q, q >= n), -q, q < 0);
}

fn borderIndex(p: i32, n: i32, mode: u32) -> i32 {
  if (mode == 3u) { return select(-1, p, p >= 0 && p < n); }
  if (mode == 2u || n == 1) { return clamp(p, 0, n - 1); }
  var q = p;
  for (var i = 0; i < 4096 && (q < 0 || q >= n); i++) { q = borderStep(q, n, mode); }
  return q;
}

// Reflect-101 with one fold and a clamp, no loop: exact for p in [-(n - 1), 2n - 2] and for
// n = 1; outside that the clamp only keeps a read in bounds. For kernels whose taps stay
// within one fold: borderIndex's loop, even never iterated, slows a whole kernel on llvmpipe.
fn reflect101Near(p: i32, n: u32) -> u32 {
  let m = i32(n) - 1;
  return u32(clamp(m - abs(m - abs(p)), 0, m));
}

// borderIndex without its loop: one step of the rule, exact when p lies within one fold of
// the axis (p in [-(n - 1), 2n - 2], n >= 2) for every mode. Kernels whose windows can reach
// further (tiny images) take borderIndex behind an override constant GENERAL the host sets:
// the loop, even never iterated, slows a whole kernel on llvmpipe (dwt 1.4x, cbfFuse 1.47x).
fn borderNear(p: i32, n: i32, mode: u32) -> i32 {
  if (mode == 3u) { return select(-1, p, p >= 0 && p < n); }
  if (mode == 2u) { return clamp(p, 0, n - 1); }
  return borderStep(p, n, mode);
}
