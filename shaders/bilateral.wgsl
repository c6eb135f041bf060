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
//#include "common/vec4_shift.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, guides: u32,
  border: u32, bins: u32, gcc: f32, spaceRow: u32,
  // the border blocks (weightedBorder): blocks per row, the inside block columns [bxLo, bxHi),
  // the inside rows [yTop, yBot), the ring grid's row length and the border block count
  nbx: u32, bxLo: u32, bxHi: u32, yTop: u32, yBot: u32, ringRow: u32, ringCount: u32, pad: u32,
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
// The guide and source as vec4s for ALIGNED (rows of whole vec4s; the pool rounds every
// buffer up to 256 bytes).
@group(0) @binding(6) var<storage, read> guide4: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> src4: array<vec4<f32>>;

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

fn load4(plane: u32, q: u32) -> vec4<f32> {
  return vec4<f32>(guide[plane + q], guide[plane + q + 1u], guide[plane + q + 2u], guide[plane + q + 3u]);
}

fn loadSrc4(q: u32) -> vec4<f32> {
  if (SAME) { return vec4<f32>(0.0); }
  return vec4<f32>(src[q], src[q + 1u], src[q + 2u], src[q + 3u]);
}

fn loadGuide4(plane: u32, q: u32) -> vec4<f32> {
  if (GUIDES == 1u) { return vec4<f32>(0.0); }
  return load4(plane, q);
}

struct Acc { sum: vec4<f32>, wsum: vec4<f32> }

// One tap for the block's four outputs: the guide channels' values v0..v2 and the source's vs
// at column x0 + j + dx for the outputs j (vs unused when SAME, v1 and v2 when GUIDES is 1).
// A zero space weight adds zeros (the same sums as skipping the tap, for finite inputs), so every
// lane runs the same straight-line code.
fn tap(acc: ptr<function, Acc>, v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, vs: vec4<f32>, c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, sw: f32, scale: f32) {
  var d = abs(v0 - c0);
  if (GUIDES == 3u) { d += abs(v1 - c1) + abs(v2 - c2); }
  let wt = sw * rangeWeight4(d, scale);
  var v = vs;
  if (SAME) { v = v0; }
  (*acc).sum += v * wt;
  (*acc).wsum += wt;
}

// Width a multiple of 4 (the host sets it): the window rows are read as aligned vec4s.
override ALIGNED: bool = false;
// ALIGNED: a window row starts lead() columns into its first aligned vec4 (RADIUS + lead()
// is a multiple of 4), so window vector i is shiftIn(V_i, V_i+1, lead()) of the aligned
// vectors V.

// Window vectors of one row, four columns each, for the guide channels (g0..g2) and the source
// (s): `a` is the current window vector, or with a lead the aligned vector it starts in and `b`
// the next one.
struct Stream { g0a: vec4<f32>, g0b: vec4<f32>, g1a: vec4<f32>, g1b: vec4<f32>, g2a: vec4<f32>, g2b: vec4<f32>, sa: vec4<f32>, sb: vec4<f32> }
struct Win { v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, vs: vec4<f32> }

fn guideVec(plane: u32, q: u32) -> vec4<f32> {
  if (ALIGNED) { return guide4[(plane + q) >> 2u]; }
  return load4(plane, q);
}

fn guideVecG(plane: u32, q: u32) -> vec4<f32> {
  if (GUIDES == 1u) { return vec4<f32>(0.0); }
  return guideVec(plane, q);
}

fn srcVec(q: u32) -> vec4<f32> {
  if (SAME) { return vec4<f32>(0.0); }
  if (ALIGNED) { return src4[q >> 2u]; }
  return loadSrc4(q);
}

fn lead() -> u32 { return select(0u, (4u - u32(RADIUS) % 4u) % 4u, ALIGNED); }

// Window vector 0 of the row whose first (aligned, with a lead) vector is at index q.
fn streamStart(q: u32, sp: u32, plane: u32, g2: u32) -> Stream {
  var s = Stream(guideVec(0u, q), vec4<f32>(0.0), guideVecG(plane, q), vec4<f32>(0.0), guideVecG(g2, q), vec4<f32>(0.0), srcVec(sp + q), vec4<f32>(0.0));
  if (lead() > 0u) {
    s.g0b = guideVec(0u, q + 4u);
    s.g1b = guideVecG(plane, q + 4u);
    s.g2b = guideVecG(g2, q + 4u);
    s.sb = srcVec(sp + q + 4u);
  }
  return s;
}

// Window vector i + 1 (q: the column index of window vector i's first load).
fn streamNext(s: Stream, q: u32, sp: u32, plane: u32, g2: u32) -> Stream {
  if (lead() == 0u) {
    return Stream(guideVec(0u, q + 4u), s.g0b, guideVecG(plane, q + 4u), s.g1b, guideVecG(g2, q + 4u), s.g2b, srcVec(sp + q + 4u), s.sb);
  }
  return Stream(s.g0b, guideVec(0u, q + 8u), s.g1b, guideVecG(plane, q + 8u), s.g2b, guideVecG(g2, q + 8u), s.sb, srcVec(sp + q + 8u));
}

fn window(s: Stream) -> Win {
  let k = lead();
  return Win(shiftIn(s.g0a, s.g0b, k), shiftIn(s.g1a, s.g1b, k), shiftIn(s.g2a, s.g2b, k), shiftIn(s.sa, s.sb, k));
}

// Window vectors 1, 2 or 3 columns on from a into b, as shiftIn makes them, written out so
// that the written-out rows below do not inline a switch per tap (compile time).
fn win1(a: Win, b: Win) -> Win {
  return Win(vec4<f32>(a.v0.yzw, b.v0.x), vec4<f32>(a.v1.yzw, b.v1.x), vec4<f32>(a.v2.yzw, b.v2.x), vec4<f32>(a.vs.yzw, b.vs.x));
}

fn win2(a: Win, b: Win) -> Win {
  return Win(vec4<f32>(a.v0.zw, b.v0.xy), vec4<f32>(a.v1.zw, b.v1.xy), vec4<f32>(a.v2.zw, b.v2.xy), vec4<f32>(a.vs.zw, b.vs.xy));
}

fn win3(a: Win, b: Win) -> Win {
  return Win(vec4<f32>(a.v0.w, b.v0.xyz), vec4<f32>(a.v1.w, b.v1.xyz), vec4<f32>(a.v2.w, b.v2.xyz), vec4<f32>(a.vs.w, b.vs.xyz));
}

fn tapWin(acc: ptr<function, Acc>, w: Win, c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, sw: f32, scale: f32) {
  tap(acc, w.v0, w.v1, w.v2, w.vs, c0, c1, c2, sw, scale);
}

// OpenCV's disc support (i^2 + j^2 <= r^2) rather than the full square (the host sets it).
override DISC: bool = false;
// The disc's taps are 49 of 81 at radius 4. llvmpipe and SwiftShader run both sides of every
// branch under a lane mask, so a tap is skipped only where the compiler removes it: with
// constant positions. With UNROLL (the host sets it for images of 2^13 pixels and more) discs
// up to radius 4 have their window rows and taps written out below (rowTaps, chunkTaps), the
// positions constants once inlined, and the taps outside the disc compile away: d 9 1.6x
// faster on llvmpipe, 1.7x on SwiftShader, d 5 1.4x, for 0.3-2 s more pipeline compile on
// llvmpipe and up to 3 s on SwiftShader (radius 6 took 5-7 s, so larger discs loop). Small
// images, where the filter takes a few ms either way, keep the loop and its short compile.
override UNROLL: bool = false;

fn kept(dy: i32, x: i32) -> bool {
  let dx = x - RADIUS;
  return x < 2 * RADIUS + 1 && (!DISC || dx * dx + dy * dy <= RADIUS * RADIUS);
}

// Taps x = 4m .. 4m + 3 of window row dy (m, dy constants), those that are kept. The stream
// advances as the loop in `weighted` advances it (the same loads: the host's inside range holds).
fn chunkTaps(acc: ptr<function, Acc>, dy: i32, m: i32, a: ptr<function, Win>, st: ptr<function, Stream>, q: ptr<function, u32>, k: u32, sp: u32, plane: u32, g2: u32, c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, scale: f32) {
  let x = 4 * m;
  let sw = u.space[k + u32(m)];
  var b = *a;
  if (x + 1 < 2 * RADIUS + 1) {
    *st = streamNext(*st, *q, sp, plane, g2);
    b = window(*st);
  }
  if (kept(dy, x)) { tapWin(acc, *a, c0, c1, c2, sw.x, scale); }
  if (kept(dy, x + 1)) { tapWin(acc, win1(*a, b), c0, c1, c2, sw.y, scale); }
  if (kept(dy, x + 2)) { tapWin(acc, win2(*a, b), c0, c1, c2, sw.z, scale); }
  if (kept(dy, x + 3)) { tapWin(acc, win3(*a, b), c0, c1, c2, sw.w, scale); }
  *a = b;
  *q += 4u;
}

// Window row dy (a constant) of an inside block. The guards compare constants only, so the
// chunks past the row are never inlined (compile time).
fn rowTaps(acc: ptr<function, Acc>, dy: i32, p: u32, sp: u32, plane: u32, g2: u32, c0: vec4<f32>, c1: vec4<f32>, c2: vec4<f32>, scale: f32) {
  var q = u32(i32(p) + dy * i32(u.width) - RADIUS) - lead();
  let k = u32(dy + RADIUS) * u.spaceRow;
  var st = streamStart(q, sp, plane, g2);
  var a = window(st);
  chunkTaps(acc, dy, 0, &a, &st, &q, k, sp, plane, g2, c0, c1, c2, scale);
  if (4 < 2 * RADIUS + 1) { chunkTaps(acc, dy, 1, &a, &st, &q, k, sp, plane, g2, c0, c1, c2, scale); }
  if (8 < 2 * RADIUS + 1) { chunkTaps(acc, dy, 2, &a, &st, &q, k, sp, plane, g2, c0, c1, c2, scale); }
}

// Four horizontal outputs per invocation. Loads cost llvmpipe far more than arithmetic (about
// 10 cycles a lane each, measured), so inside the image each window row is one sliding run of
// loads (4 + 2 RADIUS values instead of 4 (2 RADIUS + 1)), its taps taken four at a time with
// constant shifts and the four outputs' weights computed as vectors (llvmpipe: 3x the
// one-output loop). 4x4 blocks were no faster on llvmpipe and 1.6x slower on SwiftShader.
// Where rows are whole vec4s (ALIGNED) a row's run is read as aligned vec4s, a quarter of the
// loads (the whole filter 1.19-1.26x faster on llvmpipe). Small discs: UNROLL. The range
// weight is most of the cost (d 9 on llvmpipe: 3.1x as long as with a constant weight).
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
  let side = 2 * RADIUS + 1;
  let chunks = u32(side / 4);
  let rest = u32(side % 4);
  if (flat) {
    for (var j = 0u; j < min(4u, u.width - x0); j++) { dst[out + j] = src[out + j]; }
    return;
  }
  // the host's inside block range: windows (and, unaligned, the up to 3 extra columns of a
  // row's last loads; aligned, the last vector a lead reaches into) within the image
  if (id.x >= u.bxLo && id.x < u.bxHi && id.y >= u.yTop && id.y < u.yBot) {
    let sp = id.z * plane;
    let g2 = 2u * plane;
    let c0 = guideVec(0u, p);
    let c1 = guideVecG(plane, p);
    let c2 = guideVecG(g2, p);
    var acc = Acc(vec4<f32>(0.0), vec4<f32>(0.0));
    if (DISC && UNROLL && RADIUS <= 4) {
      if (RADIUS >= 4) { rowTaps(&acc, -4, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 3) { rowTaps(&acc, -3, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 2) { rowTaps(&acc, -2, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 1) { rowTaps(&acc, -1, p, sp, plane, g2, c0, c1, c2, scale); }
      rowTaps(&acc, 0, p, sp, plane, g2, c0, c1, c2, scale);
      if (RADIUS >= 1) { rowTaps(&acc, 1, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 2) { rowTaps(&acc, 2, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 3) { rowTaps(&acc, 3, p, sp, plane, g2, c0, c1, c2, scale); }
      if (RADIUS >= 4) { rowTaps(&acc, 4, p, sp, plane, g2, c0, c1, c2, scale); }
    } else {
      for (var dy = -RADIUS; dy <= RADIUS; dy++) {
        var q = u32(i32(p) + dy * i32(u.width) - RADIUS) - lead();
        var k = u32(dy + RADIUS) * u.spaceRow;
        var st = streamStart(q, sp, plane, g2);
        var a = window(st);
        for (var m = 0u; m < chunks; m++) {
          st = streamNext(st, q, sp, plane, g2);
          let b = window(st);
          let sw = u.space[k];
          tapWin(&acc, a, c0, c1, c2, sw.x, scale);
          tapWin(&acc, win1(a, b), c0, c1, c2, sw.y, scale);
          tapWin(&acc, win2(a, b), c0, c1, c2, sw.z, scale);
          tapWin(&acc, win3(a, b), c0, c1, c2, sw.w, scale);
          a = b;
          q += 4u;
          k++;
        }
        // rows of 2 RADIUS + 1 taps leave 1 or 3
        if (rest > 0u) { tapWin(&acc, a, c0, c1, c2, u.space[k].x, scale); }
        if (rest > 1u) {
          st = streamNext(st, q, sp, plane, g2);
          let b = window(st);
          let sw = u.space[k];
          tapWin(&acc, win1(a, b), c0, c1, c2, sw.y, scale);
          tapWin(&acc, win2(a, b), c0, c1, c2, sw.z, scale);
        }
      }
    }
    let r = acc.sum / acc.wsum;
    dst[out] = r.x;
    dst[out + 1u] = r.y;
    dst[out + 2u] = r.z;
    dst[out + 3u] = r.w;
  }
}

// The blocks `weighted` leaves, those whose window leaves the image, with the border rule. In
// an entry of its own: this general path
// inside `weighted` made the whole kernel 1.6x slower on llvmpipe, though no interior lane took
// it. The same vector taps, each window value fetched through the border rule, no private arrays
// (per-lane arrays made this pass cost half the filter).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn weightedBorder(@builtin(global_invocation_id) id: vec3<u32>) {
  // Border block i of a compact list (every lane busy: on the full grid the few border lanes
  // of each SIMD row cost their whole row): the rows above and below the inside, then the
  // blocks left and right of it on the inside rows.
  let i = id.y * u.ringRow + id.x;
  if (id.x >= u.ringRow || i >= u.ringCount || id.z >= u.channels || (LUT && table[3] != 0.0)) { return; }
  let fullRows = u.yTop + u.height - u.yBot;
  var bx: u32;
  var y: u32;
  if (i < fullRows * u.nbx) {
    let r = i / u.nbx;
    bx = i - r * u.nbx;
    y = select(u.yBot + r - u.yTop, r, r < u.yTop);
  } else {
    let sides = u.bxLo + u.nbx - u.bxHi;
    let i2 = i - fullRows * u.nbx;
    let r = i2 / sides;
    let j = i2 - r * sides;
    y = u.yTop + r;
    bx = select(u.bxHi + j - u.bxLo, j, j < u.bxLo);
  }
  let x0 = bx * 4u;
  let plane = u.width * u.height;
  let out = id.z * plane + y * u.width + x0;
  let n = min(4u, u.width - x0);
  let w = i32(u.width);
  let h = i32(u.height);
  let scale = table[2];
  let sp = id.z * plane;
  let g2 = 2u * plane;
  // outputs past the right edge compute the last column's value and are not stored
  let px = vec4<u32>(min(vec4<u32>(x0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(u.width - 1u)));
  let pc = y * u.width + px;
  let c0 = gather(0u, pc);
  let c1 = gatherGuide(plane, pc);
  let c2 = gatherGuide(g2, pc);
  var acc = Acc(vec4<f32>(0.0), vec4<f32>(0.0));
  for (var dy = -RADIUS; dy <= RADIUS; dy++) {
    let row = u32(borderIndex(i32(y) + dy, h, u.border)) * u.width;
    let k0 = u32(dy + RADIUS) * u.spaceRow;
    for (var dx = -RADIUS; dx <= RADIUS; dx++) {
      let k = u32(dx + RADIUS);
      let sw = u.space[k0 + (k >> 2u)][k & 3u];
      let xs = vec4<i32>(px) + dx;
      let q = row + vec4<u32>(u32(borderIndex(xs.x, w, u.border)), u32(borderIndex(xs.y, w, u.border)), u32(borderIndex(xs.z, w, u.border)), u32(borderIndex(xs.w, w, u.border)));
      tap(&acc, gather(0u, q), gatherGuide(plane, q), gatherGuide(g2, q), gatherSrc(sp, q), c0, c1, c2, sw, scale);
    }
  }
  let r = acc.sum / acc.wsum;
  for (var j = 0u; j < n; j++) { dst[out + j] = r[j]; }
}

fn gather(plane: u32, q: vec4<u32>) -> vec4<f32> {
  return vec4<f32>(guide[plane + q.x], guide[plane + q.y], guide[plane + q.z], guide[plane + q.w]);
}

fn gatherGuide(plane: u32, q: vec4<u32>) -> vec4<f32> {
  if (GUIDES == 1u) { return vec4<f32>(0.0); }
  return gather(plane, q);
}

fn gatherSrc(plane: u32, q: vec4<u32>) -> vec4<f32> {
  if (SAME) { return vec4<f32>(0.0); }
  return vec4<f32>(src[plane + q.x], src[plane + q.y], src[plane + q.z], src[plane + q.w]);
}
