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

@compute @workgroup_size(WG_X, WG_Y, 1)
fn rows(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let r = (id.z * u.height + id.y) * u.width;
  var acc = 0.0;
  let x0 = i32(id.x) - u.anchor;
  if (x0 >= 0 && x0 + KSIZE <= i32(u.width)) {
    for (var k = 0; k < KSIZE; k++) { acc += tap(k) * src[r + u32(x0 + k)]; }
    dst[r + id.x] = acc;
    return;
  }
  for (var k = 0; k < KSIZE; k++) {
    let xi = borderIndex(i32(id.x) + k - u.anchor, i32(u.width), u.border);
    if (xi >= 0) { acc += tap(k) * src[r + u32(xi)]; }
  }
  dst[r + id.x] = acc;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn cols(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let plane = id.z * u.height * u.width;
  var acc = 0.0;
  let y0 = i32(id.y) - u.anchor;
  if (y0 >= 0 && y0 + KSIZE <= i32(u.height)) {
    for (var k = 0; k < KSIZE; k++) { acc += tap(k) * src[plane + u32(y0 + k) * u.width + id.x]; }
    dst[plane + id.y * u.width + id.x] = acc;
    return;
  }
  for (var k = 0; k < KSIZE; k++) {
    let yi = borderIndex(i32(id.y) + k - u.anchor, i32(u.height), u.border);
    if (yi >= 0) { acc += tap(k) * src[plane + u32(yi) * u.width + id.x]; }
  }
  dst[plane + id.y * u.width + id.x] = acc;
}
