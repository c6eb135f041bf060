// Separable correlation, one axis per entry point (rows, then cols), any odd or even
// kernel length up to 256 taps, anchor at ksize/2 as in OpenCV, any border mode.
//#include "common/border.wgsl"

struct Params { width: u32, height: u32, channels: u32, border: u32, ksize: i32, anchor: i32, taps: array<vec4<f32>, 64> }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// The pass's kernel length as a pipeline constant: constant trip counts unroll (a loop to
// u.ksize made an 11-tap blur of 640x512 take ~47 ms per plane on llvmpipe).
override KSIZE: i32 = 5;

fn tap(k: i32) -> f32 {
  return u.taps[k >> 2u][k & 3];
}

// Each invocation computes 4 consecutive outputs along the pass's axis from one sliding run of
// KSIZE + 3 loads, taking the taps four at a time as the uniform's vec4s: the loads and the
// dynamically indexed taps, not the multiply-adds, bound this pass on llvmpipe (one output per
// invocation ran at ~0.3 G multiply-adds/s). Every output still sums tap(k) x[k] in order k = 0..
// KSIZE-1, as the one-output loop and the CPU reference do. Outputs near a border take the
// bordered loop.

fn bordered(base: u32, stride: u32, p: i32, n: i32) -> f32 {
  var acc = 0.0;
  for (var k = 0; k < KSIZE; k++) {
    let i = borderIndex(p + k - u.anchor, n, u.border);
    if (i >= 0) { acc += tap(k) * src[base + u32(i) * stride]; }
  }
  return acc;
}

// outputs p..p+3 along an axis of length n (element i at base + i stride)
fn run(base: u32, stride: u32, p: i32, n: i32) {
  let p0 = p - u.anchor;
  if (p0 < 0 || p0 + KSIZE + 3 > n) {
    for (var j = 0; j < 4 && p + j < n; j++) { dst[base + u32(p + j) * stride] = bordered(base, stride, p + j, n); }
    return;
  }
  let b = base + u32(p0) * stride;
  // v0..v2 = x[k], x[k + 1], x[k + 2] at the start of each step over taps k
  var v0 = src[b];
  var v1 = src[b + stride];
  var v2 = src[b + 2u * stride];
  var a = vec4<f32>(0.0);
  for (var q = 0; q < KSIZE / 4; q++) {
    let t = u.taps[q];
    let i = b + u32(4 * q + 3) * stride;
    let v3 = src[i];
    let v4 = src[i + stride];
    let v5 = src[i + 2u * stride];
    let v6 = src[i + 3u * stride];
    a += t.x * vec4<f32>(v0, v1, v2, v3);
    a += t.y * vec4<f32>(v1, v2, v3, v4);
    a += t.z * vec4<f32>(v2, v3, v4, v5);
    a += t.w * vec4<f32>(v3, v4, v5, v6);
    v0 = v4;
    v1 = v5;
    v2 = v6;
  }
  for (var k = KSIZE / 4 * 4; k < KSIZE; k++) {
    let v3 = src[b + u32(k + 3) * stride];
    a += tap(k) * vec4<f32>(v0, v1, v2, v3);
    v0 = v1;
    v1 = v2;
    v2 = v3;
  }
  let o = base + u32(p) * stride;
  dst[o] = a.x;
  dst[o + stride] = a.y;
  dst[o + 2u * stride] = a.z;
  dst[o + 3u * stride] = a.w;
}

// grid: ceil(width / 4) x height x channels
@compute @workgroup_size(WG_X, WG_Y, 1)
fn rows(@builtin(global_invocation_id) id: vec3<u32>) {
  let x = id.x * 4u;
  if (x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  run((id.z * u.height + id.y) * u.width, 1u, i32(x), i32(u.width));
}

// grid: width x ceil(height / 4) x channels
@compute @workgroup_size(WG_X, WG_Y, 1)
fn cols(@builtin(global_invocation_id) id: vec3<u32>) {
  let y = id.y * 4u;
  if (id.x >= u.width || y >= u.height || id.z >= u.channels) { return; }
  run(id.z * u.height * u.width + id.x, u.width, i32(y), i32(u.height));
}
