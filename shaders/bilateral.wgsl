// Bilateral and cross (joint) bilateral filter. The range weight compares guide values
// (the source itself for a plain bilateral filter), the space weight is a host table over
// the (2 RADIUS + 1)^2 window, 0 outside the support (OpenCV's disc i^2 + j^2 <= r^2, or
// the full square of the MATLAB cross-bilateral filter of CBF).
// Range weight, two definitions:
//   LUT:     OpenCV's float path (cv::bilateralFilter, 32f): over the guide's range
//            [min, max], scale = bins / ((max - min) * G) with bins = 4096 G, a table
//            exp((i / scale)^2 * gcc) for i <= bins + 1, read at alpha = |d| * scale with linear
//            interpolation; d sums |differences| over the G guide channels. The range comes
//            from stats.wgsl's channelSums passes (per-channel min, max; rangeLut combines the
//            channels) and a constant guide is copied. The two table entries are computed
//            where they are needed, by the table's own expression: two exps cost llvmpipe less
//            than two gathered table reads (1.6x the whole filter).
//   !LUT:    exp(d^2 * gcc) directly (MATLAB cross_bilateral_filt2Df, grey guides).
// gcc = -1 / (2 sigmaColor^2). Same math: src/reference/bilateral.ts.
//#include "common/border.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, guides: u32,
  border: u32, bins: u32, gcc: f32, spaceRow: u32,
  // row dy of the window starts at vec4 (dy + RADIUS) * spaceRow, rows padded with zeros
  space: array<vec4<f32>, 1008>,
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
override LUT: bool = true;
// x is the (one-channel) guide itself: its loads serve both.
override SAME: bool = false;
// table layout: [0] min, [1] max, [2] scale, [3] constant guide flag

// The range over the guide channels and the table's scale.
@compute @workgroup_size(1, 1, 1)
fn rangeLut() {
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
  table[0] = lo;
  table[1] = hi;
  table[2] = scale;
  table[3] = select(0.0, 1.0, flat);
}

fn rangeWeight(d: f32, scale: f32) -> f32 {
  return rangeWeight4(vec4<f32>(d), scale).x;
}

fn rangeWeight4(d: vec4<f32>, scale: f32) -> vec4<f32> {
  if (!LUT) { return exp(d * d * u.gcc); }
  let alpha = d * scale;
  let i = min(floor(alpha), vec4<f32>(f32(u.bins)));
  let v0 = i / scale;
  let v1 = (i + 1.0) / scale;
  let e0 = exp(v0 * v0 * u.gcc);
  return e0 + (alpha - i) * (exp(v1 * v1 * u.gcc) - e0);
}

// Guide channels (1 or 3) as a constant.
override GUIDES: u32 = 1u;
const MAXSIDE: u32 = 63u;

// The values one tap of a block row sees: column x0 + j + dx for the block's four outputs j,
// per guide channel and for the source.
struct Win { g0: vec4<f32>, g1: vec4<f32>, g2: vec4<f32>, s: vec4<f32> }

fn load4(plane: u32, q: u32) -> vec4<f32> {
  return vec4<f32>(guide[plane + q], guide[plane + q + 1u], guide[plane + q + 2u], guide[plane + q + 3u]);
}

fn loadWin(plane: u32, srcPlane: u32, q: u32) -> Win {
  var v: Win;
  v.g0 = load4(0u, q);
  if (GUIDES == 3u) {
    v.g1 = load4(plane, q);
    v.g2 = load4(2u * plane, q);
  }
  if (SAME) { v.s = v.g0; } else { v.s = vec4<f32>(src[srcPlane + q], src[srcPlane + q + 1u], src[srcPlane + q + 2u], src[srcPlane + q + 3u]); }
  return v;
}

// The window k columns on from a, continuing into b (k = 1, 2, 3).
fn sh(a: vec4<f32>, b: vec4<f32>, k: u32) -> vec4<f32> {
  if (k == 1u) { return vec4<f32>(a.yzw, b.x); }
  if (k == 2u) { return vec4<f32>(a.zw, b.xy); }
  return vec4<f32>(a.w, b.xyz);
}

fn shWin(a: Win, b: Win, k: u32) -> Win {
  var v: Win;
  v.g0 = sh(a.g0, b.g0, k);
  if (GUIDES == 3u) {
    v.g1 = sh(a.g1, b.g1, k);
    v.g2 = sh(a.g2, b.g2, k);
  }
  if (SAME) { v.s = v.g0; } else { v.s = sh(a.s, b.s, k); }
  return v;
}

struct Acc { sum: vec4<f32>, wsum: vec4<f32> }

// One tap for the block's four outputs. A zero space weight adds zeros (the same sums as
// skipping the tap, for finite inputs), so every lane runs the same straight-line code.
fn tap(acc: ptr<function, Acc>, v: Win, c: Win, sw: f32, scale: f32) {
  var d = abs(v.g0 - c.g0);
  if (GUIDES == 3u) { d += abs(v.g1 - c.g1) + abs(v.g2 - c.g2); }
  let wt = sw * rangeWeight4(d, scale);
  (*acc).sum += v.s * wt;
  (*acc).wsum += wt;
}

// The general path, one pixel at a time with the border rule (blocks whose window leaves the image).
fn borderPixel(px: u32, py: u32, z: u32, scale: f32) -> f32 {
  let plane = u.width * u.height;
  let p = py * u.width + px;
  let w = i32(u.width);
  let h = i32(u.height);
  var g0: array<f32, 3>;
  for (var c = 0u; c < GUIDES; c++) { g0[c] = guide[c * plane + p]; }
  var cols: array<u32, MAXSIDE>;
  for (var dx = -RADIUS; dx <= RADIUS; dx++) { cols[dx + RADIUS] = u32(borderIndex(i32(px) + dx, w, u.border)); }
  var sum = 0.0;
  var wsum = 0.0;
  for (var dy = -RADIUS; dy <= RADIUS; dy++) {
    let row = u32(borderIndex(i32(py) + dy, h, u.border)) * u.width;
    let k0 = u32(dy + RADIUS) * u.spaceRow;
    for (var dx = -RADIUS; dx <= RADIUS; dx++) {
      let k = u32(dx + RADIUS);
      let sw = u.space[k0 + (k >> 2u)][k & 3u];
      if (sw == 0.0) { continue; }
      let q = row + cols[dx + RADIUS];
      var d = 0.0;
      for (var c = 0u; c < GUIDES; c++) { d += abs(guide[c * plane + q] - g0[c]); }
      let wt = sw * rangeWeight(d, scale);
      sum += src[z * plane + q] * wt;
      wsum += wt;
    }
  }
  return sum / wsum;
}

// Four horizontal outputs per invocation. Loads cost llvmpipe far more than arithmetic (about
// 10 cycles a lane each, measured), so inside the image each window row is one sliding run of
// loads (4 + 2 RADIUS values instead of 4 (2 RADIUS + 1)), its taps taken four at a time with
// constant shifts and the four outputs' weights computed as vectors (llvmpipe: 3x the
// one-output loop). 4x4 blocks were no faster on llvmpipe and 1.6x slower on SwiftShader.
// Each output sums its taps row by row, left to right, as the reference does.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn weighted(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = id.x * 4u;
  if (x0 >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let plane = u.width * u.height;
  let p = id.y * u.width + x0;
  let out = id.z * plane + p;
  let flat = LUT && table[3] != 0.0;
  let scale = table[2];
  let xi = i32(x0);
  let yi = i32(id.y);
  let side = 2 * RADIUS + 1;
  let chunks = u32(side / 4);
  let rest = u32(side % 4);
  // Inside: the window and the (up to 3) extra columns of a row's last loads.
  if (!flat && xi >= RADIUS && xi + 6 + RADIUS < i32(u.width) && yi >= RADIUS && yi + RADIUS < i32(u.height)) {
    let srcPlane = id.z * plane;
    let c = loadWin(plane, srcPlane, p);
    var acc = Acc(vec4<f32>(0.0), vec4<f32>(0.0));
    for (var dy = -RADIUS; dy <= RADIUS; dy++) {
      var q = u32(i32(p) + dy * i32(u.width) - RADIUS);
      var k = u32(dy + RADIUS) * u.spaceRow;
      var a = loadWin(plane, srcPlane, q);
      for (var m = 0u; m < chunks; m++) {
        let b = loadWin(plane, srcPlane, q + 4u);
        let sw = u.space[k];
        tap(&acc, a, c, sw.x, scale);
        tap(&acc, shWin(a, b, 1u), c, sw.y, scale);
        tap(&acc, shWin(a, b, 2u), c, sw.z, scale);
        tap(&acc, shWin(a, b, 3u), c, sw.w, scale);
        a = b;
        q += 4u;
        k++;
      }
      // rows of 2 RADIUS + 1 taps leave 1 or 3
      if (rest > 0u) { tap(&acc, a, c, u.space[k].x, scale); }
      if (rest > 1u) {
        let b = loadWin(plane, srcPlane, q + 4u);
        let sw = u.space[k];
        tap(&acc, shWin(a, b, 1u), c, sw.y, scale);
        tap(&acc, shWin(a, b, 2u), c, sw.z, scale);
      }
    }
    let r = acc.sum / acc.wsum;
    dst[out] = r.x;
    dst[out + 1u] = r.y;
    dst[out + 2u] = r.z;
    dst[out + 3u] = r.w;
    return;
  }
  for (var j = 0u; j < 4u && x0 + j < u.width; j++) {
    if (flat) { dst[out + j] = src[out + j]; } else { dst[out + j] = borderPixel(x0 + j, id.y, id.z, scale); }
  }
}
