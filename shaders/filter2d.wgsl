// 2-D correlation with any kernel (cv2.filter2D, and through their kernels cv2.boxFilter of
// any size, cv2.Sobel / Scharr, scipy.ndimage.correlate / convolve): 
//   y(p) = delta + sum_{i,j} k[i, j] x(p_y + i - anchorY, p_x + j - anchorX)
// with the border rule of common/border.wgsl, or the constant `value` outside for constant.
// KH, KW are pipeline constants so the tap loops unroll. Same math: src/reference/filter2d.ts.
//#include "common/border.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, border: u32,
  anchorX: i32, anchorY: i32, value: f32, delta: f32,
  // fixedKernel's taps (a host-built kernel such as Sobel's), row-major, up to 31 x 31
  taps: array<vec4<f32>, 241>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override KH: i32 = 3;
override KW: i32 = 3;

fn sample(base: u32, y: i32, x: i32) -> f32 {
  return select(u.value, src[base + u32(max(y, 0)) * u.width + u32(max(x, 0))], x >= 0 && y >= 0);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let base = id.z * u.width * u.height;
  var s = 0.0;
  for (var i = 0; i < KH; i++) {
    let y = borderIndex(i32(id.y) + i - u.anchorY, i32(u.height), u.border);
    for (var j = 0; j < KW; j++) {
      let x = borderIndex(i32(id.x) + j - u.anchorX, i32(u.width), u.border);
      s += kernel[i * KW + j] * sample(base, y, x);
    }
  }
  dst[base + id.y * u.width + id.x] = s + u.delta;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn fixedKernel(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let base = id.z * u.width * u.height;
  var s = 0.0;
  for (var i = 0; i < KH; i++) {
    let y = borderIndex(i32(id.y) + i - u.anchorY, i32(u.height), u.border);
    for (var j = 0; j < KW; j++) {
      let x = borderIndex(i32(id.x) + j - u.anchorX, i32(u.width), u.border);
      let t = u32(i * KW + j);
      s += u.taps[t >> 2u][t & 3u] * sample(base, y, x);
    }
  }
  dst[base + id.y * u.width + id.x] = s + u.delta;
}
