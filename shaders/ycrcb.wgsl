// RGB <-> YCrCb with OpenCV's float coefficients (imgproc color_yuv): Y = 0.299 R + 0.587 G
// + 0.114 B, Cr = (R - Y) * 0.713 + delta, Cb = (B - Y) * 0.564 + delta; back with 1.403,
// -0.714, -0.344, 1.773. OpenCV uses delta 0.5 for float data of any range.
// Luma and chroma are separate tensors (1 and 2 planes, Cr then Cb) so colour fusion can
// fuse Y alone and recombine with the visible chroma without a channel-copy pass.

struct Params { width: u32, height: u32, delta: f32, rowLen: u32 }

// Each entry point statically uses only its own three buffers, so they share binding numbers.
@group(0) @binding(0) var<storage, read> rgbIn: array<f32>;
@group(0) @binding(1) var<storage, read_write> lumaOut: array<f32>;
@group(0) @binding(2) var<storage, read_write> chromaOut: array<f32>;
@group(0) @binding(0) var<storage, read> lumaIn: array<f32>;
@group(0) @binding(1) var<storage, read> chromaIn: array<f32>;
@group(0) @binding(2) var<storage, read_write> rgbOut: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// The same tensors as vec4s for the quad entries (planes of a multiple of 4 pixels).
@group(0) @binding(4) var<storage, read> rgbIn4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> lumaOut4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> chromaOut4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> lumaIn4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> chromaIn4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> rgbOut4: array<vec4<f32>>;

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

// width * height % 4 == 0 (the host checks): four pixels per invocation, every access a vec4
// (llvmpipe pays per lane and access, a vec4 about 1.2 floats), over a flat grid of rows of
// rowLen quads. The arithmetic is toYcrcb's and toRgb's, per component.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn toYcrcbQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let n = u.width * u.height / 4u;
  let o = id.y * u.rowLen + id.x;
  if (id.x >= u.rowLen || o >= n) { return; }
  let r = rgbIn4[o];
  let g = rgbIn4[o + n];
  let b = rgbIn4[o + 2u * n];
  let y = 0.299 * r + 0.587 * g + 0.114 * b;
  lumaOut4[o] = y;
  chromaOut4[o] = (r - y) * 0.713 + u.delta;
  chromaOut4[o + n] = (b - y) * 0.564 + u.delta;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toRgbQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let n = u.width * u.height / 4u;
  let o = id.y * u.rowLen + id.x;
  if (id.x >= u.rowLen || o >= n) { return; }
  let y = lumaIn4[o];
  let cr = chromaIn4[o] - u.delta;
  let cb = chromaIn4[o + n] - u.delta;
  rgbOut4[o] = y + 1.403 * cr;
  rgbOut4[o + n] = y - 0.714 * cr - 0.344 * cb;
  rgbOut4[o + 2u * n] = y + 1.773 * cb;
}
