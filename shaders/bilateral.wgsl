// Bilateral and cross (joint) bilateral filter. The range weight compares guide values
// (the source itself for a plain bilateral filter), the space weight is a host table over
// the (2 RADIUS + 1)^2 window, 0 outside the support (OpenCV's disc i^2 + j^2 <= r^2, or
// the full square of the MATLAB cross-bilateral filter of CBF).
// Range weight, two definitions:
//   lut = 1: OpenCV's float path (cv::bilateralFilter, 32f): over the guide's range
//            [min, max], scale = bins / ((max - min) * G) with bins = 4096 G, a table
//            exp((i / scale)^2 * gcc) for i <= bins + 1, read at alpha = |d| * scale with linear
//            interpolation; d sums |differences| over the G guide channels. The range comes
//            from stats.wgsl's channelSums passes (per-channel min, max; rangeLut combines the
//            channels) and a constant guide is copied.
//   lut = 0: exp(d^2 * gcc) directly (MATLAB cross_bilateral_filt2Df, grey guides).
// gcc = -1 / (2 sigmaColor^2). Same math: src/reference/bilateral.ts.
//#include "common/border.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, guides: u32,
  border: u32, lut: u32, bins: u32, gcc: f32,
  space: array<vec4<f32>, 1000>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> guide: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
// channelSums of the guide: [G, 1, 4] = sum, sum of squares, min, max per channel
@group(0) @binding(3) var<storage, read> range: array<f32>;
@group(0) @binding(4) var<storage, read_write> table: array<f32>;
@group(0) @binding(5) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override RADIUS: i32 = 1;
// table layout: [0] min, [1] max, [2] scale, [3] constant guide flag, then the LUT
const LUT_AT: u32 = 4u;
const RED: u32 = 64u;

// One workgroup: the range over the guide channels, then the LUT.
@compute @workgroup_size(64, 1, 1)
fn rangeLut(@builtin(local_invocation_index) l: u32) {
  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var c = 0u; c < u.guides; c++) {
    lo = min(lo, range[c * 4u + 2u]);
    hi = max(hi, range[c * 4u + 3u]);
  }
  let span = hi - lo;
  // OpenCV copies the source when the range is below FLT_EPSILON
  let flat = span < 1.1920929e-7;
  let scale = select(f32(u.bins) / (span * f32(u.guides)), 0.0, flat);
  if (l == 0u) {
    table[0] = lo;
    table[1] = hi;
    table[2] = scale;
    table[3] = select(0.0, 1.0, flat);
  }
  for (var i = l; i < u.bins + 2u; i += RED) {
    let v = select(f32(i) / scale, 0.0, flat);
    table[LUT_AT + i] = exp(v * v * u.gcc);
  }
}

fn rangeWeight(d: f32) -> f32 {
  if (u.lut == 0u) { return exp(d * d * u.gcc); }
  let alpha = d * table[2];
  let i = min(u32(floor(alpha)), u.bins);
  let t = alpha - f32(i);
  let e0 = table[LUT_AT + i];
  return e0 + t * (table[LUT_AT + i + 1u] - e0);
}

// Guide channels (1 or 3) as a constant: the distance loop unrolls; window columns are
// resolved once per invocation and the centre's guide values read once.
override GUIDES: u32 = 1u;
const MAXSIDE: u32 = 63u;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn weighted(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let plane = u.width * u.height;
  let p = id.y * u.width + id.x;
  let out = id.z * plane + p;
  if (u.lut != 0u && table[3] != 0.0) {
    dst[out] = src[out];
    return;
  }
  let w = i32(u.width);
  let h = i32(u.height);
  let side = 2 * RADIUS + 1;
  var g0: array<f32, 3>;
  for (var c = 0u; c < GUIDES; c++) { g0[c] = guide[c * plane + p]; }
  let srcBase = id.z * plane;
  // Interior pixels (the window inside the image) index directly: neighbouring invocations
  // then read neighbouring addresses, which llvmpipe turns into vector loads.
  let x0 = i32(id.x);
  let y0 = i32(id.y);
  if (x0 >= RADIUS && x0 + RADIUS < w && y0 >= RADIUS && y0 + RADIUS < h) {
    var sum = 0.0;
    var wsum = 0.0;
    for (var dy = -RADIUS; dy <= RADIUS; dy++) {
      for (var dx = -RADIUS; dx <= RADIUS; dx++) {
        let k = u32((dy + RADIUS) * side + dx + RADIUS);
        let sw = u.space[k >> 2u][k & 3u];
        if (sw == 0.0) { continue; }
        let q = u32(i32(p) + dy * w + dx);
        var d = 0.0;
        for (var c = 0u; c < GUIDES; c++) { d += abs(guide[c * plane + q] - g0[c]); }
        let wt = sw * rangeWeight(d);
        sum += src[srcBase + q] * wt;
        wsum += wt;
      }
    }
    dst[out] = sum / wsum;
    return;
  }
  var cols: array<u32, MAXSIDE>;
  for (var dx = -RADIUS; dx <= RADIUS; dx++) { cols[dx + RADIUS] = u32(borderIndex(i32(id.x) + dx, w, u.border)); }
  var sum = 0.0;
  var wsum = 0.0;
  for (var dy = -RADIUS; dy <= RADIUS; dy++) {
    let row = u32(borderIndex(i32(id.y) + dy, h, u.border)) * u.width;
    for (var dx = -RADIUS; dx <= RADIUS; dx++) {
      let k = u32((dy + RADIUS) * side + dx + RADIUS);
      let sw = u.space[k >> 2u][k & 3u];
      if (sw == 0.0) { continue; }
      let q = row + cols[dx + RADIUS];
      var d = 0.0;
      for (var c = 0u; c < GUIDES; c++) { d += abs(guide[c * plane + q] - g0[c]); }
      let wt = sw * rangeWeight(d);
      sum += src[srcBase + q] * wt;
      wsum += wt;
    }
  }
  dst[out] = sum / wsum;
}
