// laplacian_fuse_up.wgsl's level (the finest one) for a colour second source: b is the visible
// RGB image, its luma (rgbToYcrcb's Y) is fused, and the output is RGB from the fused luma and
// the visible chroma (ycrcbToRgb's arithmetic), all in this one pass: colour Laplacian fusion
// stores no full-size luma or chroma and needs no conversion passes (on llvmpipe each cost
// about as much as this kernel).
//#include "common/fuse_up_level.wgsl"
//#include "common/ycrcb_math.wgsl"

@group(0) @binding(2) var<storage, read> rgb: array<f32>;
@group(0) @binding(9) var<storage, read> rgb4: array<vec4<f32>>;

// The level is one plane (the host checks), so o is also the pixel's index in every plane.
fn out1(o: u32, ua: f32, ub: f32, ut: f32) {
  let n = u.width * u.height;
  let c = yccOf(vec4<f32>(rgb[o]), vec4<f32>(rgb[o + n]), vec4<f32>(rgb[o + 2u * n]), u.delta);
  let y = combine(fineA[o] - ua, c.y.x - ub, 0.0, 0.0, RULE, u.weight) + ut;
  let v = rgbOf(vec4<f32>(y), c.cr, c.cb, u.delta);
  dst[o] = v.y.x;
  dst[o + n] = v.cr.x;
  dst[o + 2u * n] = v.cb.x;
}

fn out4(q: u32, ea: vec4<f32>, eb: vec4<f32>, et: vec4<f32>) {
  let n = u.width * u.height / 4u;
  let c = yccOf(rgb4[q], rgb4[q + n], rgb4[q + 2u * n], u.delta);
  let v = rgbOf(combinePixels4(fineA4[q] - ea, c.y - eb, RULE, u.weight) + et, c.cr, c.cb, u.delta);
  dst4[q] = v.y;
  dst4[q + n] = v.cr;
  dst4[q + 2u * n] = v.cb;
}
