// OpenCV's float RGB <-> YCrCb (imgproc color_yuv), shared by ycrcb.wgsl, pyr_down.wgsl (LUMA)
// and laplacian_fuse_up_rgb.wgsl; src/reference/ycrcb.ts holds the same arithmetic.

// Three planes' values of four pixels (one pixel: the scalar entries splat it and take .x).
struct Three { y: vec4<f32>, cr: vec4<f32>, cb: vec4<f32> }

fn lumaOf(r: vec4<f32>, g: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

// RGB to (Y, Cr, Cb).
fn yccOf(r: vec4<f32>, g: vec4<f32>, b: vec4<f32>, delta: f32) -> Three {
  let y = lumaOf(r, g, b);
  return Three(y, (r - y) * 0.713 + delta, (b - y) * 0.564 + delta);
}

// (Y, Cr, Cb) to RGB, returned in the same struct as (R, G, B).
fn rgbOf(y: vec4<f32>, crIn: vec4<f32>, cbIn: vec4<f32>, delta: f32) -> Three {
  let cr = crIn - delta;
  let cb = cbIn - delta;
  return Three(y + 1.403 * cr, y - 0.714 * cr - 0.344 * cb, y + 1.773 * cb);
}
