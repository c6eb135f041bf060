// OpenCV pyrDown: 5x5 [1 4 6 4 1]/16 Gaussian with reflect-101, then every second
// pixel, in one pass (blur and decimation fused: no full-size temporary).
// Output ceil(H/2) x ceil(W/2).
//#include "common/border.wgsl"

struct Params { width: u32, height: u32, channels: u32, srcWidth: u32, srcHeight: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// Taps written out: a constant array indexed in a loop costs SwiftShader about 2x.
fn row5(r: u32, x: vec4<u32>, x4: u32) -> f32 {
  return 0.0625 * (src[r + x.x] + src[r + x4]) + 0.25 * (src[r + x.y] + src[r + x.w]) + 0.375 * src[r + x.z];
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let w = i32(u.srcWidth);
  let h = i32(u.srcHeight);
  let cx = 2 * i32(id.x);
  let cy = 2 * i32(id.y);
  let xs = vec4<u32>(u32(borderIndex(cx - 2, w, 0u)), u32(borderIndex(cx - 1, w, 0u)), u32(borderIndex(cx, w, 0u)), u32(borderIndex(cx + 1, w, 0u)));
  let x4 = u32(borderIndex(cx + 2, w, 0u));
  let plane = id.z * u.srcWidth * u.srcHeight;
  let sw = u.srcWidth;
  let v = 0.0625 * (row5(plane + u32(borderIndex(cy - 2, h, 0u)) * sw, xs, x4) + row5(plane + u32(borderIndex(cy + 2, h, 0u)) * sw, xs, x4))
        + 0.25 * (row5(plane + u32(borderIndex(cy - 1, h, 0u)) * sw, xs, x4) + row5(plane + u32(borderIndex(cy + 1, h, 0u)) * sw, xs, x4))
        + 0.375 * row5(plane + u32(cy) * sw, xs, x4);
  dst[(id.z * u.height + id.y) * u.width + id.x] = v;
}
