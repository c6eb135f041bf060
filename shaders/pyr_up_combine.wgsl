// pyrUp of `coarse` to the output size, optionally combined with a full-size `other`:
// mode 0: pyrUp(coarse)            (op pyrUp)
// mode 1: other + pyrUp(coarse)    (op pyrUpAdd: one Laplacian collapse step)
// mode 2: other - pyrUp(coarse)    (op laplacianBand: one Laplacian build step)
// One kernel for all three, so a pyramid step costs one dispatch and no temporary.
//#include "common/pyr_up.wgsl"

struct Params { width: u32, height: u32, channels: u32, coarseWidth: u32, coarseHeight: u32, mode: u32 }

@group(0) @binding(0) var<storage, read> coarse: array<f32>;
@group(0) @binding(1) var<storage, read> other: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn row3(r: u32, t: UpTaps) -> f32 {
  return t.w0 * coarse[r + t.i0] + t.w1 * coarse[r + t.i1] + t.w2 * coarse[r + t.i2];
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let cw = u.coarseWidth;
  let plane = id.z * cw * u.coarseHeight;
  let ty = upTaps(i32(id.y), i32(u.coarseHeight), true);
  let tx = upTaps(i32(id.x), i32(cw), false);
  let up = ty.w0 * row3(plane + ty.i0 * cw, tx) + ty.w1 * row3(plane + ty.i1 * cw, tx) + ty.w2 * row3(plane + ty.i2 * cw, tx);
  let o = (id.z * u.height + id.y) * u.width + id.x;
  if (u.mode == 0u) {
    dst[o] = up;
  } else if (u.mode == 1u) {
    dst[o] = other[o] + up;
  } else {
    dst[o] = other[o] - up;
  }
}
