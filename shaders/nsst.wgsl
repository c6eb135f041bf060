// Non-subsampled shearlet transform (NSST) stages; the FFTs between them are fft2.
//   atrousRows / atrousCols: one level of the undecimated (a trous) scale split with the
//     B3-spline kernel [1 4 6 4 1] / 16 dilated by 2^(level-1) along each axis (border rule
//     from common/border.wgsl): low = h * x, detail = x - low, so x = low_J + sum_j detail_j.
//   shearletBands: directional filtering in the Fourier domain. Z is the DFT of one complex
//     image whose real and imaginary parts are two real images (the two sources of a fusion,
//     or one image and zero); their spectra are separated by Hermitian symmetry,
//     X_re(f) = (Z(f) + conj Z(-f)) / 2, X_im(f) = (Z(f) - conj Z(-f)) / 2i, multiplied by each
//     of the K directional windows, and written two real bands per complex image
//     (S_p + i S_q), so one inverse fft2 returns the bands as its real and imaginary planes.
//   accumulate: acc + the sum of every channel of x (the synthesis: windows sum to one).
// Directional windows (shearing partition of the frequency plane, after Easley, Labate, Lim,
// "Sparse directional image representations using the discrete shearlet transform", ACHA
// 2008, and Hauser, Steidl, "Fast finite shearlet transform", 2012): in the horizontal cone
// |f_y| <= |f_x| the shear slope is t = f_y / f_x in [-1, 1], in the vertical cone t = 2 -
// f_x / f_y in [1, 3]; t is a continuous pseudo-angle on a circle of length 4, the same for f
// and -f, so every window is real and even and every band real. The K windows split the
// circle into K equal shear ranges from t = -1 (K = 2: the two cones; K = 4: two shears per
// cone), with smooth transitions of half-width delta at each boundary (Meyer's polynomial
// ramp), and sum to 1 at every frequency: synthesis is a plain sum, exact.
// CPU references: src/reference/nsst.ts.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, border: u32,
  dil: i32, directions: u32, images: u32, outImages: u32,
  delta: f32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> orig: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst2: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// B3 spline taps [1 4 6 4 1] / 16, written out (a constant array indexed in a loop costs
// SwiftShader about 2x). Borders: common/border_general.wgsl (GENERAL when the dilated
// window, 2 dil each side, exceeds a side).

fn at(p: i32, n: u32) -> u32 {
  return u32(borderAt(p, i32(n), u.border));
}

fn b3(v0: f32, v1: f32, v2: f32, v3: f32, v4: f32) -> f32 {
  var s = 0.0625 * v0;
  s += 0.25 * v1;
  s += 0.375 * v2;
  s += 0.25 * v3;
  s += 0.0625 * v4;
  return s;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn atrousRows(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let row = (id.z * u.height + id.y) * u.width;
  let x = i32(id.x);
  let d = u.dil;
  let w = u.width;
  dst[row + id.x] = b3(src[row + at(x - 2 * d, w)], src[row + at(x - d, w)], src[row + id.x], src[row + at(x + d, w)], src[row + at(x + 2 * d, w)]);
}

// src = the row pass; orig = the level's input: dst = low, dst2 = detail.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn atrousCols(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let base = id.z * u.height * u.width + id.x;
  let y = i32(id.y);
  let d = u.dil;
  let h = u.height;
  let w = u.width;
  let s = b3(src[base + at(y - 2 * d, h) * w], src[base + at(y - d, h) * w], src[base + id.y * w], src[base + at(y + d, h) * w], src[base + at(y + 2 * d, h) * w]);
  let i = base + id.y * w;
  dst[i] = s;
  dst2[i] = orig[i] - s;
}

// Signed frequency of DFT index k of n (cycles per sample).
fn freq(k: u32, n: u32) -> f32 {
  return select(f32(k), f32(k) - f32(n), 2u * k > n) / f32(n);
}

// Meyer's ramp: 0 below -1, 1 above 1, smooth between. beta(x) = x^4 (35 - 84x + 70x^2 -
// 20x^3) cancels badly near x = 1 in float32, so the upper half uses 1 - beta(1 - x).
fn beta(x: f32) -> f32 {
  return x * x * x * x * (35.0 + x * (-84.0 + x * (70.0 - 20.0 * x)));
}
fn ramp(v: f32) -> f32 {
  let x = clamp(0.5 * (v + 1.0), 0.0, 1.0);
  return select(1.0 - beta(1.0 - x), beta(x), x <= 0.5);
}

// Position of t past a window's start b on the circle of length 4, in [-delta, 4 - delta):
// the rising edge is around 0, the falling one around the window's width (<= 2).
fn past(t: f32, b: f32) -> f32 {
  let d = t - b + u.delta;
  return d - 4.0 * floor(d / 4.0) - u.delta;
}

fn window(k: u32, fx: f32, fy: f32) -> f32 {
  if (u.directions == 1u) { return 1.0; }
  if (fx == 0.0 && fy == 0.0) { return select(0.0, 1.0, k == 0u); }
  let t = select(2.0 - fx / fy, fy / fx, abs(fy) <= abs(fx));
  let width = 4.0 / f32(u.directions);
  let lo = -1.0 + f32(k) * width;
  let v = past(t, lo);
  return ramp(v / u.delta) * (1.0 - ramp((v - width) / u.delta));
}

fn cmulI(v: vec2<f32>) -> vec2<f32> { return vec2<f32>(-v.y, v.x); }

// src = Z as (re plane, im plane); dst = outImages complex images (re, im planes each).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn shearletBands(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.outImages) { return; }
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  let mx = select(u.width - id.x, 0u, id.x == 0u);
  let my = select(u.height - id.y, 0u, id.y == 0u);
  let q = my * u.width + mx;
  let z = vec2<f32>(src[p], src[n + p]);
  let zc = vec2<f32>(src[q], -src[n + q]);
  // spectra of the real and imaginary images
  let xr = 0.5 * (z + zc);
  let xi = 0.5 * vec2<f32>(z.y - zc.y, zc.x - z.x);
  let fx = freq(id.x, u.width);
  let fy = freq(id.y, u.height);
  // On an even side's Nyquist row or column the mirror bin is not at -f: average the
  // window there with the mirror's, so every band's spectrum stays Hermitian (real band).
  let nyq = 2u * id.x == u.width || 2u * id.y == u.height;
  let gx = freq(mx, u.width);
  let gy = freq(my, u.height);
  var out = vec2<f32>(0.0, 0.0);
  for (var j = 0u; j < 2u; j++) {
    let band = 2u * id.z + j;
    if (band >= u.images * u.directions) { break; }
    let img = band / u.directions;
    let k = band % u.directions;
    var w = window(k, fx, fy);
    if (nyq) { w = 0.5 * (w + window(k, gx, gy)); }
    let s = select(xi, xr, img == 0u) * w;
    out += select(cmulI(s), s, j == 0u);
  }
  dst[2u * id.z * n + p] = out.x;
  dst[(2u * id.z + 1u) * n + p] = out.y;
}

// slice: dst = channels [dil, dil + channels) of src (dil holds the first channel).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn slice(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  dst[id.z * n + p] = src[(u32(u.dil) + id.z) * n + p];
}

// accumulate: dst = orig (one channel) + every channel of src.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn accumulate(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  var s = orig[p];
  for (var k = 0u; k < u.channels; k++) { s += src[k * n + p]; }
  dst[p] = s;
}
