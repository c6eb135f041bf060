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

//#include "common/ycrcb_math.wgsl"

fn ycc(r: vec4<f32>, g: vec4<f32>, b: vec4<f32>) -> Three {
  return yccOf(r, g, b, u.delta);
}

fn rgb(y: vec4<f32>, cr: vec4<f32>, cb: vec4<f32>) -> Three {
  return rgbOf(y, cr, cb, u.delta);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toYcrcb(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let o = id.y * u.width + id.x;
  let v = ycc(vec4<f32>(rgbIn[o]), vec4<f32>(rgbIn[o + n]), vec4<f32>(rgbIn[o + 2u * n]));
  lumaOut[o] = v.y.x;
  chromaOut[o] = v.cr.x;
  chromaOut[o + n] = v.cb.x;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toRgb(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let o = id.y * u.width + id.x;
  let v = rgb(vec4<f32>(lumaIn[o]), vec4<f32>(chromaIn[o]), vec4<f32>(chromaIn[o + n]));
  rgbOut[o] = v.y.x;
  rgbOut[o + n] = v.cr.x;
  rgbOut[o + 2u * n] = v.cb.x;
}

// width * height % 4 == 0 (the host checks): four pixels per invocation, every access a vec4
// (llvmpipe pays per lane and access: a vec4 load costs 2.5-3 float loads, half of four), over
// a flat grid of rows of rowLen quads.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn toYcrcbQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let n = u.width * u.height / 4u;
  let o = id.y * u.rowLen + id.x;
  if (id.x >= u.rowLen || o >= n) { return; }
  let v = ycc(rgbIn4[o], rgbIn4[o + n], rgbIn4[o + 2u * n]);
  lumaOut4[o] = v.y;
  chromaOut4[o] = v.cr;
  chromaOut4[o + n] = v.cb;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn toRgbQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let n = u.width * u.height / 4u;
  let o = id.y * u.rowLen + id.x;
  if (id.x >= u.rowLen || o >= n) { return; }
  let v = rgb(lumaIn4[o], chromaIn4[o], chromaIn4[o + n]);
  rgbOut4[o] = v.y;
  rgbOut4[o + n] = v.cr;
  rgbOut4[o + 2u * n] = v.cb;
}
