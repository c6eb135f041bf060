// OpenCV pyrDown: 5x5 [1 4 6 4 1]/16 Gaussian with reflect-101, then every second
// pixel, in one pass (blur and decimation fused: no full-size temporary).
// Output ceil(H/2) x ceil(W/2).
//#include "common/border.wgsl"
//#include "common/ycrcb_math.wgsl"

struct Params { width: u32, height: u32, channels: u32, srcWidth: u32, srcHeight: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;
// The same tensors as vec4s for `aligned`: the pool rounds every buffer up to 256 bytes.
@group(0) @binding(3) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> dst4: array<vec4<f32>>;
// The second source of the `Pair` entries (pyrDownPair: both sources' first level in one
// dispatch, stacked as two channels); the one-source entries bind x here too.
@group(0) @binding(5) var<storage, read> srcB: array<f32>;
@group(0) @binding(6) var<storage, read> srcB4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// LUMA: the source (LUMA_B: the second source) is 3-plane RGB and the output the pyrDown of its
// luma (rgbToYcrcb's Y, the same arithmetic: pyrDownLuma, pyrDownPairLuma), so colour fusion
// needs no full-size luma pass; constants, so the plain kernel compiles without them.
override LUMA: bool = false;
override LUMA_B: bool = false;

// Value i of source `which` (0 src, 1 srcB; a constant at every call, so the other source's
// code folds away), of plane 0 for an RGB source; at4: the vec4 i of srcWidth % 4 == 0 rows.
fn at1(which: u32, i: u32) -> f32 {
  let n = u.srcWidth * u.srcHeight;
  if (which == 0u) {
    if (LUMA) { return lumaOf(vec4<f32>(src[i]), vec4<f32>(src[i + n]), vec4<f32>(src[i + 2u * n])).x; }
    return src[i];
  }
  if (LUMA_B) { return lumaOf(vec4<f32>(srcB[i]), vec4<f32>(srcB[i + n]), vec4<f32>(srcB[i + 2u * n])).x; }
  return srcB[i];
}

fn at4(which: u32, i: u32) -> vec4<f32> {
  let n = u.srcWidth * u.srcHeight / 4u;
  if (which == 0u) {
    if (LUMA) { return lumaOf(src4[i], src4[i + n], src4[i + 2u * n]); }
    return src4[i];
  }
  if (LUMA_B) { return lumaOf(srcB4[i], srcB4[i + n], srcB4[i + 2u * n]); }
  return srcB4[i];
}

// Borders: reflect101Near (common/border.wgsl) is exact for every tap of an in-image output,
// for every n >= 1 (checked against the border rule for n <= 40); reads for outputs past the
// edge, which are not stored, stay in bounds.

// The 5 taps of one row for the block's two outputs, columns c0..c6 = cx - 2 .. cx + 4.
// Taps written out: a constant array indexed in a loop costs SwiftShader about 2x.
fn row2(which: u32, r: u32, a: vec4<u32>, b: vec3<u32>) -> vec2<f32> {
  let v0 = at1(which, r + a.x);
  let v1 = at1(which, r + a.y);
  let v2 = at1(which, r + a.z);
  let v3 = at1(which, r + a.w);
  let v4 = at1(which, r + b.x);
  let v5 = at1(which, r + b.y);
  let v6 = at1(which, r + b.z);
  return vec2<f32>(0.0625 * (v0 + v4) + 0.25 * (v1 + v3) + 0.375 * v2, 0.0625 * (v2 + v6) + 0.25 * (v3 + v5) + 0.375 * v4);
}

// The 2x2 output block at (ox, oy) of output channel `out` from source `which`'s plane at
// `plane`: its 7x7 source window is loaded once (49 loads for 4 outputs instead of 100; loads
// cost llvmpipe about 10 cycles a lane).
fn block2(which: u32, ox: u32, oy: u32, plane: u32, out: u32) {
  let w = u.srcWidth;
  let h = u.srcHeight;
  let cx = 2 * i32(ox);
  let cy = 2 * i32(oy);
  let a = vec4<u32>(reflect101Near(cx - 2, w), reflect101Near(cx - 1, w), reflect101Near(cx, w), reflect101Near(cx + 1, w));
  let b = vec3<u32>(reflect101Near(cx + 2, w), reflect101Near(cx + 3, w), reflect101Near(cx + 4, w));
  let r0 = row2(which, plane + reflect101Near(cy - 2, h) * w, a, b);
  let r1 = row2(which, plane + reflect101Near(cy - 1, h) * w, a, b);
  let r2 = row2(which, plane + reflect101Near(cy, h) * w, a, b);
  let r3 = row2(which, plane + reflect101Near(cy + 1, h) * w, a, b);
  let r4 = row2(which, plane + reflect101Near(cy + 2, h) * w, a, b);
  let r5 = row2(which, plane + reflect101Near(cy + 3, h) * w, a, b);
  let r6 = row2(which, plane + reflect101Near(cy + 4, h) * w, a, b);
  let top = 0.0625 * (r0 + r4) + 0.25 * (r1 + r3) + 0.375 * r2;
  let bottom = 0.0625 * (r2 + r6) + 0.25 * (r3 + r5) + 0.375 * r4;
  let o = (out * u.height + oy) * u.width + ox;
  let right = ox + 1u < u.width;
  dst[o] = top.x;
  if (right) { dst[o + 1u] = top.y; }
  if (oy + 1u < u.height) {
    dst[o + u.width] = bottom.x;
    if (right) { dst[o + u.width + 1u] = bottom.y; }
  }
}

// Any size: a 2x2 block of outputs per invocation.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (2u * id.x >= u.width || 2u * id.y >= u.height || id.z >= u.channels) { return; }
  block2(0u, 2u * id.x, 2u * id.y, id.z * u.srcWidth * u.srcHeight, id.z);
}

// pyrDownPair, any size: the block of both sources (one plane each), output channels 0 and 1.
// Each invocation does both, so one dispatch stands for two (llvmpipe's fixed cost per dispatch,
// its threads' start and join, is about 0.09 ms here: as much as a 160x128 level's work).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn mainPair(@builtin(global_invocation_id) id: vec3<u32>) {
  if (2u * id.x >= u.width || 2u * id.y >= u.height || id.z > 0u) { return; }
  block2(0u, 2u * id.x, 2u * id.y, 0u, 0u);
  block2(1u, 2u * id.x, 2u * id.y, 0u, 1u);
}

// The block's 8 outputs of one source row, columns 2j for j = 0..7 from 16 bx, in two vec4s.
struct Row8 { a: vec4<f32>, b: vec4<f32> }

// Four outputs 2j (j = 0..3) from source columns -2 .. 8 relative to the first: l.zw, m0, m1
// and ex for column 8.
fn taps5(l: vec4<f32>, m0: vec4<f32>, m1: vec4<f32>, ex: f32) -> vec4<f32> {
  let v = vec4<f32>(l.z, m0.x, m0.z, m1.x);
  let w = vec4<f32>(l.w, m0.y, m0.w, m1.y);
  let z = vec4<f32>(m0.x, m0.z, m1.x, m1.z);
  let x = vec4<f32>(m0.y, m0.w, m1.y, m1.w);
  let e = vec4<f32>(m0.z, m1.x, m1.z, ex);
  return 0.0625 * (v + e) + 0.25 * (w + x) + 0.375 * z;
}

// Source columns 16 bx - 2 .. 16 bx + 16: the vec4s q .. q + 3 (clamped to the row) and the
// three edge columns as floats (llvmpipe loads a float in 0.3-0.4 of a vec4's time; pyrDown
// ran 1.08-1.1x faster at 640x512 than with the two edge vec4s), reflect-101 at both edges:
// columns -2, -1 are 2, 1; column w is w - 2, whichever half of the block it falls in
// (w % 16 may be 8: the block's second half is then not stored).
fn row8(which: u32, rowQ: u32, bx: u32, lastQ: u32) -> Row8 {
  let q = 4u * bx;
  let m0 = at4(which, rowQ + q);
  let m1 = at4(which, rowQ + min(q + 1u, lastQ));
  let m2 = at4(which, rowQ + min(q + 2u, lastQ));
  let m3 = at4(which, rowQ + min(q + 3u, lastQ));
  let e = 4u * rowQ + 4u * q;
  let l = vec2<f32>(at1(which, e - select(0u, 2u, bx > 0u)), at1(which, e - select(0u, 1u, bx > 0u)));
  let r = at1(which, 4u * rowQ + 4u * min(q + 4u, lastQ));
  let first = bx == 0u;
  let l2 = vec4<f32>(0.0, 0.0, select(l.x, m0.z, first), select(l.y, m0.y, first));
  return Row8(taps5(l2, m0, m1, select(m2.x, m1.z, q + 1u >= lastQ)), taps5(m1, m2, m3, select(r, m3.z, q + 3u >= lastQ)));
}

// Output rows per invocation of `aligned` (the host sizes the grid by it).
override ROWS: u32 = 16u;

// srcWidth % 8 == 0 (the host checks), so output rows are whole vec4s: an 8-column strip of
// ROWS output rows per invocation, every access but row8's edges a vec4 (llvmpipe pays per
// lane and access: a vec4 load costs 2.5-3 float loads, half of four), the source rows sliding
// down the strip: 2 ROWS + 3 rows of 4 vec4 and 3 float loads for 8 ROWS outputs. 16 rows ran
// 1.25x faster than 8 x 4 blocks (66 loads for 32 outputs) at 640x512 on llvmpipe, 8 rows
// 1.2x; 16 x 16 blocks were no faster (4 x 4 blocks, 44 loads for 16, took 1.15-1.6x as long
// as 8 x 4). The strip at block column bx, output rows from oy, of output channel `out` from
// source `which`'s plane at vec4 planeQ.
fn strip8(which: u32, bx: u32, oy: u32, planeQ: u32, out: u32) {
  let wQ = u.srcWidth / 4u;
  let oQ = u.width / 4u;
  let h = u.srcHeight;
  let last = wQ - 1u;
  let cy = 2 * i32(oy);
  let o = (out * u.height + oy) * oQ + 2u * bx;
  let two = 2u * bx + 1u < oQ;
  var r0 = row8(which, planeQ + reflect101Near(cy - 2, h) * wQ, bx, last);
  var r1 = row8(which, planeQ + reflect101Near(cy - 1, h) * wQ, bx, last);
  var r2 = row8(which, planeQ + reflect101Near(cy, h) * wQ, bx, last);
  for (var j = 0u; j < ROWS; j++) {
    // a loop ends when no lane goes on: strips past the bottom stop there
    if (oy + j >= u.height) { break; }
    let r3 = row8(which, planeQ + reflect101Near(cy + 2 * i32(j) + 1, h) * wQ, bx, last);
    let r4 = row8(which, planeQ + reflect101Near(cy + 2 * i32(j) + 2, h) * wQ, bx, last);
    dst4[o + j * oQ] = 0.0625 * (r0.a + r4.a) + 0.25 * (r1.a + r3.a) + 0.375 * r2.a;
    if (two) { dst4[o + j * oQ + 1u] = 0.0625 * (r0.b + r4.b) + 0.25 * (r1.b + r3.b) + 0.375 * r2.b; }
    r0 = r2;
    r1 = r3;
    r2 = r4;
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn aligned(@builtin(global_invocation_id) id: vec3<u32>) {
  if (2u * id.x >= u.width / 4u || ROWS * id.y >= u.height || id.z >= u.channels) { return; }
  strip8(0u, id.x, ROWS * id.y, id.z * (u.srcWidth / 4u) * u.srcHeight, id.z);
}

// pyrDownPair on srcWidth % 8 == 0: the strip of both sources, output channels 0 and 1 (see
// mainPair).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn alignedPair(@builtin(global_invocation_id) id: vec3<u32>) {
  if (2u * id.x >= u.width / 4u || ROWS * id.y >= u.height || id.z > 0u) { return; }
  strip8(0u, id.x, ROWS * id.y, 0u, 0u);
  strip8(1u, id.x, ROWS * id.y, 0u, 1u);
}
