// Fixed k x k window filters as two passes: rowSum sums k taps along x; the column entry
// sums k taps along y and finishes the filter. Each invocation sums a run of RUN outputs along
// its axis: the first directly, the others by sliding (s += x[in] - x[out]), 2 loads per
// output instead of k (a loop of k loads per pixel was 15-20x slower on both software
// adapters). windowSumRef in src/reference/nn.ts follows the same order in float32.
//   boxCols:       y = scale * S                       (box blur, kornia BoxBlur / cv2.boxFilter)
//   laplacianCols: y = tap * (S - x) + centre * x      (kornia Laplacian: all taps `tap`, centre `centre`)
//   ...ColsQuads:  the same down four adjacent columns per invocation as vec4s (width % 4 == 0)
//   rowSumQuads:   rowSum's runs that stay inside the row, read and written as vec4s
// S is the k x k window sum of the source with the border rule (reflect-101 by default).
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"
//#include "common/vec4_shift.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, border: u32, ksize: i32, scale: f32, centre: f32, tap2: f32,
  // rowSum over the runs rowSumQuads leaves: runs 0 .. splitRuns - 1, then from splitTo on;
  // rowSumQuads takes runs splitRuns .. splitTo - 1
  splitRuns: u32, splitTo: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> orig: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// The column entries' vec4 forms (...ColsQuads, width a multiple of 4): four adjacent columns
// per invocation, each column's sums exactly as the one-column entry makes them.
@group(0) @binding(4) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> orig4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> dst4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

const RUN: u32 = 16u;

fn tap(base: u32, stride: u32, p: i32, n: u32) -> f32 {
  let i = borderAt(p, i32(n), u.border);
  if (i < 0) { return 0.0; }
  return src[base + u32(i) * stride];
}

// Window sums of k values along one axis (element t at base + t * stride) for outputs
// start .. start + RUN - 1, written to dst at out + t * stride and finished as
// 0 the sum, 1 f * sum, 2 f * (sum - x) + centre * x with x = orig[origBase + t * stride].
fn runSums(base: u32, stride: u32, n: u32, start: u32, out: u32, k: i32, finish: u32, f: f32, origBase: u32) {
  let a = k >> 1u;
  let s0 = i32(start);
  var s = 0.0;
  for (var i = 0; i < k; i++) { s += tap(base, stride, s0 + i - a, n); }
  let last = min(start + RUN, n);
  for (var t = start; t < last; t++) {
    if (t > start) {
      let ti = i32(t);
      s += tap(base, stride, ti + k - 1 - a, n) - tap(base, stride, ti - 1 - a, n);
    }
    let o = out + t * stride;
    if (finish == 0u) {
      dst[o] = s;
    } else if (finish == 1u) {
      dst[o] = f * s;
    } else {
      let v = orig[origBase + t * stride];
      dst[o] = f * (s - v) + u.centre * v;
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn rowSum(@builtin(global_invocation_id) id: vec3<u32>) {
  let run = select(u.splitTo + id.x - u.splitRuns, id.x, id.x < u.splitRuns);
  if (run * RUN >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let r = (id.z * u.height + id.y) * u.width;
  runSums(r, 1u, u.width, run * RUN, r, u.ksize, 0u, 0.0, r);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn boxCols(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y * RUN >= u.height || id.z >= u.channels) { return; }
  let c = id.z * u.height * u.width + id.x;
  runSums(c, u.width, u.height, id.y * RUN, c, u.ksize, 1u, u.scale, c);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn laplacianCols(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y * RUN >= u.height || id.z >= u.channels) { return; }
  let c = id.z * u.height * u.width + id.x;
  runSums(c, u.width, u.height, id.y * RUN, c, u.ksize, 2u, u.scale, c);
}

// Row p (bordered) of four adjacent columns from vec4 index c4 of plane base4; zeros outside.
fn tap4(base4: u32, p: i32, c4: u32) -> vec4<f32> {
  let i = borderAt(p, i32(u.height), u.border);
  if (i < 0) { return vec4<f32>(0.0); }
  return src4[base4 + u32(i) * (u.width / 4u) + c4];
}

// runSums down four columns at once: 2 vec4 loads and a vec4 store per four outputs instead
// of 2 float loads and a store per output (finish 1 box, 2 Laplacian, as runSums).
fn runSums4(base4: u32, c4: u32, start: u32, finish: u32) {
  let k = u.ksize;
  let a = k >> 1u;
  let s0 = i32(start);
  let wq = u.width / 4u;
  var s = vec4<f32>(0.0);
  for (var i = 0; i < k; i++) { s += tap4(base4, s0 + i - a, c4); }
  let last = min(start + RUN, u.height);
  for (var t = start; t < last; t++) {
    if (t > start) {
      let ti = i32(t);
      s += tap4(base4, ti + k - 1 - a, c4) - tap4(base4, ti - 1 - a, c4);
    }
    let o = base4 + t * wq + c4;
    if (finish == 1u) {
      dst4[o] = u.scale * s;
    } else {
      let v = orig4[o];
      dst4[o] = u.scale * (s - v) + u.centre * v;
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn boxColsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y * RUN >= u.height || id.z >= u.channels) { return; }
  runSums4(id.z * u.height * (u.width / 4u), id.x, id.y * RUN, 1u);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn laplacianColsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y * RUN >= u.height || id.z >= u.channels) { return; }
  runSums4(id.z * u.height * (u.width / 4u), id.x, id.y * RUN, 2u);
}

// rowSumQuads (width % 4 == 0, the host's inside runs): rowSum's run of one row from aligned
// vec4s, the sums exactly rowSum's (the direct sum in order, then s += in - out per output,
// each difference rounded first): per four outputs two vec4 loads and one vec4 store instead
// of eight float loads and four stores. KSIZE is the window, a constant so that the windows'
// offsets within their vec4s are too.
override KSIZE: i32 = 3;

// Offset of column c within its vec4, for c possibly negative relative to an aligned origin
// (c >= -1024: windows up to 255 wide).
fn lane(c: i32) -> u32 { return u32(c + 1024) & 3u; }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn rowSumQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let run = u.splitRuns + id.x;
  if (run >= u.splitTo || id.y >= u.height || id.z >= u.channels) { return; }
  let a = KSIZE >> 1u;
  let s0 = run * RUN;
  let row4 = ((id.z * u.height + id.y) * u.width) >> 2u;
  // the direct sum of columns s0 - a .. s0 - a + k - 1, in order
  let first = i32(s0) - a;
  let l0 = lane(first);
  var q = row4 + u32(first - i32(l0)) / 4u;
  var cur = src4[q];
  var s = 0.0;
  for (var i = 0; i < KSIZE; i++) {
    let j = l0 + u32(i);
    if (i > 0 && (j & 3u) == 0u) {
      q++;
      cur = src4[q];
    }
    s += cur[j & 3u];
  }
  // slides: output t adds column t + k - 1 - a and drops column t - 1 - a; both windows of four
  // outputs lie sIn / sOut columns into aligned vec4s
  let sIn = lane(KSIZE - 1 - a);
  let sOut = lane(-1 - a);
  var qi = row4 + u32(i32(s0) + KSIZE - 1 - a - i32(sIn)) / 4u;
  var qo = row4 + u32(i32(s0) - 1 - a - i32(sOut)) / 4u;
  var ia = src4[qi];
  var oa = src4[qo];
  for (var g = 0u; g < RUN / 4u; g++) {
    var ib = ia;
    var ob = oa;
    if (sIn > 0u) { ib = src4[qi + 1u]; }
    if (sOut > 0u) { ob = src4[qo + 1u]; }
    let d = shiftIn(ia, ib, sIn) - shiftIn(oa, ob, sOut);
    var o = vec4<f32>(0.0);
    // the run's first output is the direct sum
    if (g == 0u) { o.x = s; } else { o.x = s + d.x; }
    o.y = o.x + d.y;
    o.z = o.y + d.z;
    o.w = o.z + d.w;
    s = o.w;
    dst4[row4 + s0 / 4u + g] = o;
    // the next windows: the vec4 carried over, or (no offset) the next one, not past the run
    qi++;
    qo++;
    if (sIn > 0u) { ia = ib; } else if (g + 1u < RUN / 4u) { ia = src4[qi]; }
    if (sOut > 0u) { oa = ob; } else if (g + 1u < RUN / 4u) { oa = src4[qo]; }
  }
}
