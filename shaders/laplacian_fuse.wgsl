// One Laplacian level of both sources and their fusion in one pass:
// band_s = fine_s - pyrUp(coarse_s), out = rule(band_a, band_b). For activity rules the
// bands of the window are recomputed in place (no band tensor is ever written).
//#include "common/border.wgsl"
//#include "common/pyr_up.wgsl"
//#include "common/fuse_rule.wgsl"

struct Params { width: u32, height: u32, channels: u32, coarseWidth: u32, coarseHeight: u32, rule: u32, weight: f32, radius: i32 }

@group(0) @binding(0) var<storage, read> fineA: array<f32>;
@group(0) @binding(1) var<storage, read> coarseA: array<f32>;
@group(0) @binding(2) var<storage, read> fineB: array<f32>;
@group(0) @binding(3) var<storage, read> coarseB: array<f32>;
@group(0) @binding(4) var<storage, read_write> dst: array<f32>;
@group(0) @binding(5) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// Both sources' bands at (y, x) of plane c, sharing the tap computation.
fn bands(c: u32, y: i32, x: i32) -> vec2<f32> {
  let cw = u.coarseWidth;
  let cplane = c * cw * u.coarseHeight;
  let ty = upTaps(y, i32(u.coarseHeight), true);
  let tx = upTaps(x, i32(cw), false);
  let r0 = cplane + ty.i0 * cw;
  let r1 = cplane + ty.i1 * cw;
  let r2 = cplane + ty.i2 * cw;
  let ua = ty.w0 * (tx.w0 * coarseA[r0 + tx.i0] + tx.w1 * coarseA[r0 + tx.i1] + tx.w2 * coarseA[r0 + tx.i2])
         + ty.w1 * (tx.w0 * coarseA[r1 + tx.i0] + tx.w1 * coarseA[r1 + tx.i1] + tx.w2 * coarseA[r1 + tx.i2])
         + ty.w2 * (tx.w0 * coarseA[r2 + tx.i0] + tx.w1 * coarseA[r2 + tx.i1] + tx.w2 * coarseA[r2 + tx.i2]);
  let ub = ty.w0 * (tx.w0 * coarseB[r0 + tx.i0] + tx.w1 * coarseB[r0 + tx.i1] + tx.w2 * coarseB[r0 + tx.i2])
         + ty.w1 * (tx.w0 * coarseB[r1 + tx.i0] + tx.w1 * coarseB[r1 + tx.i1] + tx.w2 * coarseB[r1 + tx.i2])
         + ty.w2 * (tx.w0 * coarseB[r2 + tx.i0] + tx.w1 * coarseB[r2 + tx.i1] + tx.w2 * coarseB[r2 + tx.i2]);
  let o = (c * u.height + u32(y)) * u.width + u32(x);
  return vec2<f32>(fineA[o] - ua, fineB[o] - ub);
}

// Activity rules, one output per invocation: the window's bands are recomputed in place.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn activity(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let y = i32(id.y);
  let x = i32(id.x);
  let centre = bands(id.z, y, x);
  var act = vec2<f32>(0.0, 0.0);
  for (var dy = -u.radius; dy <= u.radius; dy++) {
    let yy = borderIndex(y + dy, i32(u.height), 0u);
    for (var dx = -u.radius; dx <= u.radius; dx++) {
      act += abs(bands(id.z, yy, borderIndex(x + dx, i32(u.width), 0u)));
    }
  }
  dst[(id.z * u.height + id.y) * u.width + id.x] = combine(centre.x, centre.y, act.x, act.y, u.rule, u.weight);
}

fn row3a(r: u32, c: vec3<u32>) -> vec3<f32> {
  return vec3<f32>(coarseA[r + c.x], coarseA[r + c.y], coarseA[r + c.z]);
}

fn row3b(r: u32, c: vec3<u32>) -> vec3<f32> {
  return vec3<f32>(coarseB[r + c.x], coarseB[r + c.y], coarseB[r + c.z]);
}

fn store(o: u32, a: f32, ua: f32, b: f32, ub: f32) {
  dst[o] = combine(a - ua, b - ub, 0.0, 0.0, u.rule, u.weight);
}

// Pixel rules (no activity), one 2x2 output block per invocation: the block shares the 9
// coarse values of each source (common/pyr_up.wgsl's upBlock), 26 loads per 4 outputs instead
// of 80; loads cost llvmpipe about 10 cycles a lane.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let x = 2u * id.x;
  let y = 2u * id.y;
  if (x >= u.width || y >= u.height || id.z >= u.channels) { return; }
  let cw = u.coarseWidth;
  let cplane = id.z * cw * u.coarseHeight;
  let k = upBlock(id.x, id.y, cw, u.coarseHeight);
  let r0 = cplane + k.r.x * cw;
  let r1 = cplane + k.r.y * cw;
  let r2 = cplane + k.r.z * cw;
  let ua = upQuad(row3a(r0, k.c), row3a(r1, k.c), row3a(r2, k.c), k.evenColIsOdd);
  let ub = upQuad(row3b(r0, k.c), row3b(r1, k.c), row3b(r2, k.c), k.evenColIsOdd);
  let o = (id.z * u.height + y) * u.width + x;
  let right = x + 1u < u.width;
  store(o, fineA[o], ua.x, fineB[o], ub.x);
  if (right) { store(o + 1u, fineA[o + 1u], ua.y, fineB[o + 1u], ub.y); }
  if (y + 1u < u.height) {
    let o2 = o + u.width;
    store(o2, fineA[o2], ua.z, fineB[o2], ub.z);
    if (right) { store(o2 + 1u, fineA[o2 + 1u], ua.w, fineB[o2 + 1u], ub.w); }
  }
}
