// RGB <-> YCrCb with OpenCV's float coefficients (imgproc color_yuv): Y = 0.299 R + 0.587 G
// + 0.114 B, Cr = (R - Y) * 0.713 + delta, Cb = (B - Y) * 0.564 + delta; back with 1.403,
// -0.714, -0.344, 1.773. OpenCV uses delta 0.5 for float data of any range.
// Luma and chroma are separate tensors (1 and 2 planes, Cr then Cb) so colour fusion can
// fuse Y alone and recombine with the visible chroma without a channel-copy pass.

struct Params { width: u32, height: u32, delta: f32 }

// Each entry point statically uses only its own three buffers, so they share binding numbers.
@group(0) @binding(0) var<storage, read> rgbIn: array<f32>;
@group(0) @binding(1) var<storage, read_write> lumaOut: array<f32>;
@group(0) @binding(2) var<storage, read_write> chromaOut: array<f32>;
@group(0) @binding(0) var<storage, read> lumaIn: array<f32>;
@group(0) @binding(1) var<storage, read> chromaIn: array<f32>;
@group(0) @binding(2) var<storage, read_write> rgbOut: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toYcrcb(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let o = id.y * u.width + id.x;
  let r = rgbIn[o];
  let g = rgbIn[o + n];
  let b = rgbIn[o + 2u * n];
  let y = 0.299 * r + 0.587 * g + 0.114 * b;
  lumaOut[o] = y;
  chromaOut[o] = (r - y) * 0.713 + u.delta;
  chromaOut[o + n] = (b - y) * 0.564 + u.delta;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toRgb(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let o = id.y * u.width + id.x;
  let y = lumaIn[o];
  let cr = chromaIn[o] - u.delta;
  let cb = chromaIn[o + n] - u.delta;
  rgbOut[o] = y + 1.403 * cr;
  rgbOut[o + n] = y - 0.714 * cr - 0.344 * cb;
  rgbOut[o + 2u * n] = y + 1.773 * cb;
}
