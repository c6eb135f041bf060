// Fixed k x k window filters as two passes: rowSum sums k taps along x; the column entry
// sums k taps along y and finishes the filter. Each invocation sums a run of RUN outputs along
// its axis: the first directly, the others by sliding (s += x[in] - x[out]), 2 loads per
// output instead of k (a loop of k loads per pixel was 15-20x slower on both software
// adapters). windowSumRef in src/reference/nn.ts follows the same order in float32.
//   boxCols:       y = scale * S                       (box blur, kornia BoxBlur / cv2.boxFilter)
//   laplacianCols: y = tap * (S - x) + centre * x      (kornia Laplacian: all taps `tap`, centre `centre`)
//   ...ColsQuads:  the same down four adjacent columns per invocation as vec4s (width % 4 == 0)
// S is the k x k window sum of the source with the border rule (reflect-101 by default).
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params { width: u32, height: u32, channels: u32, border: u32, ksize: i32, scale: f32, centre: f32, tap2: f32 }

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
  if (id.x * RUN >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let r = (id.z * u.height + id.y) * u.width;
  runSums(r, 1u, u.width, id.x * RUN, r, u.ksize, 0u, 0.0, r);
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
