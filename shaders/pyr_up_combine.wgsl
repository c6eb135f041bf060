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

fn row3v(r: u32, c: vec3<u32>) -> vec3<f32> {
  return vec3<f32>(coarse[r + c.x], coarse[r + c.y], coarse[r + c.z]);
}

fn combineAt(o: u32, up: f32) {
  if (u.mode == 0u) {
    dst[o] = up;
  } else if (u.mode == 1u) {
    dst[o] = other[o] + up;
  } else {
    dst[o] = other[o] - up;
  }
}

// One 2x2 output block per invocation (common/pyr_up.wgsl's upBlock): loads cost llvmpipe
// about 10 cycles a lane, and the block shares its 9 coarse values.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let x = 2u * id.x;
  let y = 2u * id.y;
  if (x >= u.width || y >= u.height || id.z >= u.channels) { return; }
  let cw = u.coarseWidth;
  let plane = id.z * cw * u.coarseHeight;
  let k = upBlock(id.x, id.y, cw, u.coarseHeight);
  let up = upQuad(row3v(plane + k.r.x * cw, k.c), row3v(plane + k.r.y * cw, k.c), row3v(plane + k.r.z * cw, k.c), k.evenColIsOdd);
  let o = (id.z * u.height + y) * u.width + x;
  let right = x + 1u < u.width;
  combineAt(o, up.x);
  if (right) { combineAt(o + 1u, up.y); }
  if (y + 1u < u.height) {
    combineAt(o + u.width, up.z);
    if (right) { combineAt(o + u.width + 1u, up.w); }
  }
}
