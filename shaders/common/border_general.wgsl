// The border rule of kernels whose windows stay within one fold of each side on all but tiny
// images: borderNear (common/border.wgsl, included first), unless GENERAL, which the host sets
// (borderGeneral and oneFold in src/ops/shape-rules.ts) when some index of a pass can leave one
// fold. borderIndex's loop, even never iterated, slows a whole kernel on llvmpipe: dwt 1.4x,
// cbfFuse 1.47x, box filters 1.15x.
override GENERAL: bool = false;

fn borderAt(p: i32, n: i32, mode: u32) -> i32 {
  if (GENERAL) { return borderIndex(p, n, mode); }
  return borderNear(p, n, mode);
}
