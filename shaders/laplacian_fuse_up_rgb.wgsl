// laplacian_fuse_up.wgsl's level (the finest one) written as RGB: the fused luma with the
// visible image's chroma (Cr, Cb planes, rgbToYcrcb's), ycrcbToRgb's arithmetic, so colour
// Laplacian fusion needs no separate conversion pass: the fused luma is never stored and read
// back (on llvmpipe that pass cost about as much as this one).
//#include "common/fuse_up_level.wgsl"
//#include "common/ycrcb_math.wgsl"

@group(0) @binding(13) var<storage, read> chroma: array<f32>;
@group(0) @binding(14) var<storage, read> chroma4: array<vec4<f32>>;

// The level is one plane (the host checks), so o is also the pixel's index in every plane.
fn storeOut1(o: u32, v: f32) {
  let n = u.width * u.height;
  let c = rgbOf(vec4<f32>(v), vec4<f32>(chroma[o]), vec4<f32>(chroma[o + n]), u.delta);
  dst[o] = c.y.x;
  dst[o + n] = c.cr.x;
  dst[o + 2u * n] = c.cb.x;
}

fn storeOut4(q: u32, v: vec4<f32>) {
  let n = u.width * u.height / 4u;
  let c = rgbOf(v, chroma4[q], chroma4[q + n], u.delta);
  dst4[q] = c.y;
  dst4[q + n] = c.cr;
  dst4[q + 2u * n] = c.cb;
}
