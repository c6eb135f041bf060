// Chen-Blum Qcb and Chen-Varshney Qcv as VIFB computes them (src/metrics/vifb-reference.ts qcb
// and qcv; ../shared/fixtures/METRICS.md). Both filter min-max normalised images with a
// contrast sensitivity function (CSF) in the frequency domain; the CSFs are real and radial, so
// every filtered image is real and any two of them share one complex inverse FFT.
// CPU references: src/reference/chen-metrics.ts.

struct Params {
  width: u32, height: u32, channels: u32, visChannels: u32,
  irChannels: u32, outPairs: u32, ratio: f32, blocksX: u32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read> l: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;
// The tensors as vec4s for the quad entries (width % 4 == 0, the host checks): four pixels
// per invocation, a quarter of the accesses (llvmpipe pays per lane and access).
@group(0) @binding(5) var<storage, read> z4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> s4: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> l4: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> y4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// VIFB's CSF frequency of DFT index k of n: freqspace's grid scaled by n / div, which cancels
// to 2 k' / div for the signed index k'. Only |f| matters, so the Nyquist sign does not.
fn freq(k: u32, n: u32, div: f32) -> f32 {
  return 2.0 * select(f32(k), f32(k) - f32(n), 2u * k >= n) / div;
}

// Chen-Blum's CSF (Mannos-Sakrison-like difference of Gaussians), frequencies / 30.
fn csfBlum(r: f32) -> f32 {
  let a = r / 15.387;
  let b = r / 1.3456;
  return exp(-a * a) - 0.7622 * exp(-b * b);
}

// Chen-Varshney's CSF, frequencies / 8; pow(0, 1.1) is left out of WGSL's pow domain.
fn csfVarshney(r: f32) -> f32 {
  let t = 0.144 * r;
  let p = select(pow(t, 1.1), 0.0, t == 0.0);
  return 2.6 * (0.0192 + t) * exp(-p);
}

// Spectrum of real stack channel r at (x, y): z holds the stack's channels paired as complex
// images (2p + i (2p + 1)), so a real channel is the Hermitian part of its pair's transform:
// R_even = (Z(k) + conj Z(-k)) / 2, R_odd = (Z(k) - conj Z(-k)) / 2i.
fn realSpectrum(r: u32, x: u32, yy: u32) -> vec2<f32> {
  let n = u.width * u.height;
  let p = r / 2u;
  // -k mod n without a division (a per-lane scalar division on llvmpipe).
  let mx = select(u.width - x, 0u, x == 0u);
  let my = select(u.height - yy, 0u, yy == 0u);
  let i = yy * u.width + x;
  let m = my * u.width + mx;
  let a = vec2<f32>(z[2u * p * n + i], z[(2u * p + 1u) * n + i]);
  let b = vec2<f32>(z[2u * p * n + m], -z[(2u * p + 1u) * n + m]);
  if (r % 2u == 0u) { return 0.5 * (a + b); }
  let d = a - b;
  return 0.5 * vec2<f32>(d.y, -d.x);
}

// The CSF-filtered spectrum of output real channel t: channels [d1_k, d2_k] (2C, Qcv's
// source-minus-fused differences) come first, then [x1_k, x2_k, xf_k] (3C, Qcb's images).
// Stack order: the visible channels, the infrared channels, the fused channels.
fn filtered(t: u32, x: u32, yy: u32, cb: f32, cv: f32) -> vec2<f32> {
  let c = u.channels;
  if (t >= 5u * c) { return vec2<f32>(0.0); }
  if (t < 2u * c) {
    let k = t / 2u;
    let src = select(u.visChannels + select(k, 0u, u.irChannels == 1u), select(k, 0u, u.visChannels == 1u), t % 2u == 0u);
    let f = realSpectrum(u.visChannels + u.irChannels + k, x, yy);
    return cv * (realSpectrum(src, x, yy) - f);
  }
  let k = (t - 2u * c) / 3u;
  let which = (t - 2u * c) % 3u;
  var r = u.visChannels + u.irChannels + k;
  if (which == 0u) { r = select(k, 0u, u.visChannels == 1u); }
  if (which == 1u) { r = u.visChannels + select(k, 0u, u.irChannels == 1u); }
  return cb * realSpectrum(r, x, yy);
}

// One invocation per pixel for every output pair j (complex image: real channel 2j + i real
// channel 2j + 1): the two CSFs are computed once per pixel, not once per pair.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn chenSpectra(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let fb = vec2<f32>(freq(id.x, u.width, 30.0), freq(id.y, u.height, 30.0));
  let fv = vec2<f32>(freq(id.x, u.width, 8.0), freq(id.y, u.height, 8.0));
  let cb = csfBlum(length(fb));
  let cv = csfVarshney(length(fv));
  let n = u.width * u.height;
  let i = id.y * u.width + id.x;
  for (var j = 0u; j < u.outPairs; j++) {
    let a = filtered(2u * j, id.x, id.y, cb, cv);
    let b = filtered(2u * j + 1u, id.x, id.y, cb, cv);
    y[2u * j * n + i] = a.x - b.y;
    y[(2u * j + 1u) * n + i] = a.y + b.x;
  }
}

// chenSpectra for the grey triple (one visible, infrared and fused channel; the host checks)
// on rows of whole vec4s: four pixels per invocation. Each stack pair's four values per pixel
// (real and imaginary planes at k and at -k) are loaded once as vec4s, 12 loads for four
// pixels instead of 28 float loads per pixel; -k of the quad 4q .. 4q + 3 is column 0 or
// W - 4q (the .x of one vec4) and W - 4q - 1 .. W - 4q - 3 (.w, .z, .y of the vec4 below).
// The arithmetic is realSpectrum's and filtered's, per component.
struct Cx4 { re: vec4<f32>, im: vec4<f32> }

fn mirror4(plane: u32, rowQ: u32, q: u32) -> vec4<f32> {
  let wQ = u.width / 4u;
  let first = z4[plane + rowQ + select(wQ - q, 0u, q == 0u)];
  let below = z4[plane + rowQ + wQ - q - 1u];
  return vec4<f32>(first.x, below.w, below.z, below.y);
}

// The pair p's Z(k) and conj Z(-k) at the quad.
struct Pair4 { a: Cx4, b: Cx4 }

fn pair4(p: u32, i: u32, rowQ: u32, q: u32) -> Pair4 {
  let n = u.width * u.height / 4u;
  let re = 2u * p * n;
  let im = re + n;
  return Pair4(Cx4(z4[re + i], z4[im + i]), Cx4(mirror4(re, rowQ, q), -mirror4(im, rowQ, q)));
}

fn evenPart(t: Pair4) -> Cx4 {
  return Cx4(0.5 * (t.a.re + t.b.re), 0.5 * (t.a.im + t.b.im));
}

fn oddPart(t: Pair4) -> Cx4 {
  let dre = t.a.re - t.b.re;
  let dim = t.a.im - t.b.im;
  return Cx4(0.5 * dim, 0.5 * -dre);
}

fn freq4(x0: u32, n: u32, div: f32) -> vec4<f32> {
  return vec4<f32>(freq(x0, n, div), freq(x0 + 1u, n, div), freq(x0 + 2u, n, div), freq(x0 + 3u, n, div));
}

// Output pair j as one complex image: y[2j] = a.re - b.im, y[2j + 1] = a.im + b.re.
fn storePair(j: u32, i: u32, a: Cx4, b: Cx4) {
  let n = u.width * u.height / 4u;
  y4[2u * j * n + i] = a.re - b.im;
  y4[(2u * j + 1u) * n + i] = a.im + b.re;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn chenSpectraGreyQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.height) { return; }
  let wQ = u.width / 4u;
  let my = select(u.height - id.y, 0u, id.y == 0u);
  let rowQ = my * wQ;
  let i = id.y * wQ + id.x;
  let fbx = freq4(x0, u.width, 30.0);
  let fby = freq(id.y, u.height, 30.0);
  let fvx = freq4(x0, u.width, 8.0);
  let fvy = freq(id.y, u.height, 8.0);
  var cb: vec4<f32>;
  var cv: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    cb[c] = csfBlum(length(vec2<f32>(fbx[c], fby)));
    cv[c] = csfVarshney(length(vec2<f32>(fvx[c], fvy)));
  }
  let p0 = pair4(0u, i, rowQ, id.x);
  let vis = evenPart(p0);
  let ir = oddPart(p0);
  let fused = evenPart(pair4(1u, i, rowQ, id.x));
  // Qcv's differences, then Qcb's three images (the sixth real channel is zero)
  storePair(0u, i, Cx4(cv * (vis.re - fused.re), cv * (vis.im - fused.im)), Cx4(cv * (ir.re - fused.re), cv * (ir.im - fused.im)));
  storePair(1u, i, Cx4(cb * vis.re, cb * vis.im), Cx4(cb * ir.re, cb * ir.im));
  storePair(2u, i, Cx4(cb * fused.re, cb * fused.im), Cx4(vec4<f32>(0.0), vec4<f32>(0.0)));
}

fn contrast4(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  let c = abs(u.ratio * a / b - 1.0);
  return c * c * c / (c * c + 1e-4);
}

// lambda1 Q1F + lambda2 Q2F from the means of x1, x2, xf (four pixels; the scalar entry
// splats one and takes .x).
fn qcb4(s1: vec4<f32>, l1: vec4<f32>, s2: vec4<f32>, l2: vec4<f32>, sf: vec4<f32>, lf: vec4<f32>) -> vec4<f32> {
  let c1 = contrast4(s1, l1);
  let c2 = contrast4(s2, l2);
  let cf = contrast4(sf, lf);
  let q1 = select(cf / c1, c1 / cf, c1 < cf);
  let q2 = select(cf / c2, c2 / cf, c2 < cf);
  let e = c1 * c1 + c2 * c2;
  return (c1 * c1 * q1 + c2 * c2 * q2) / e;
}

// Qcb per pixel of fused channel k: s and l are the sigma-2 and sigma-4 Gaussian means
// (normalised taps; u.ratio restores VIFB's unnormalised 31 x 31 kernels' scale ratio) of
// [x1_k, x2_k, xf_k]; y = lambda1 Q1F + lambda2 Q2F.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcbTerms(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let i = id.y * u.width + id.x;
  let base = 3u * id.z * n + i;
  let v = qcb4(vec4<f32>(s[base]), vec4<f32>(l[base]), vec4<f32>(s[base + n]), vec4<f32>(l[base + n]), vec4<f32>(s[base + 2u * n]), vec4<f32>(l[base + 2u * n]));
  y[id.z * n + i] = v.x;
}

// qcbTerms on four pixels per invocation.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcbTermsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height / 4u;
  let i = ((id.y * u.width) >> 2u) + id.x;
  let base = 3u * id.z * n + i;
  y4[id.z * n + i] = qcb4(s4[base], l4[base], s4[base + n], l4[base + n], s4[base + 2u * n], l4[base + 2u * n]);
}

// Qcv per 16 x 16 block (zero-padded at the right and bottom): the saliencies sum |Sobel|^5
// of the normalised visible and infrared images (z = stack [vis | ir], zero padding) and the
// error energies mean(d^2) of the CSF-filtered differences (s = [d1_k, d2_k]); output planes
// (l1, l2, e1, e2) per fused channel k, blocksY x blocksX each. Two passes: the four terms per
// pixel, then one invocation per block sums them in a loop. The single-pass form (a 256-thread
// reduction tree per block) cost llvmpipe a barrier per level across 32 SIMD groups, ~110 ms
// of Qcv's time at 640x512; a one-pass loop that computes the Sobel windows itself makes
// SwiftShader's compiler take 18 s (one image) to minutes (two).
fn at(ch: u32, yy: i32, xx: i32) -> f32 {
  if (yy < 0 || xx < 0 || yy >= i32(u.height) || xx >= i32(u.width)) { return 0.0; }
  return z[ch * u.width * u.height + u32(yy) * u.width + u32(xx)];
}

fn saliency(ch: u32, yy: i32, xx: i32) -> f32 {
  let p00 = at(ch, yy - 1, xx - 1);
  let p01 = at(ch, yy - 1, xx);
  let p02 = at(ch, yy - 1, xx + 1);
  let p10 = at(ch, yy, xx - 1);
  let p12 = at(ch, yy, xx + 1);
  let p20 = at(ch, yy + 1, xx - 1);
  let p21 = at(ch, yy + 1, xx);
  let p22 = at(ch, yy + 1, xx + 1);
  let gx = (p02 + 2.0 * p12 + p22) - (p00 + 2.0 * p10 + p20);
  let gy = (p20 + 2.0 * p21 + p22) - (p00 + 2.0 * p01 + p02);
  let g2 = gx * gx + gy * gy;
  return g2 * g2 * sqrt(g2);
}

// y = [4C, H, W]: per fused channel k the planes |Sobel vis|^5, |Sobel ir|^5, d1^2, d2^2.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcvTerms(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let k = id.z;
  let n = u.width * u.height;
  let i = id.y * u.width + id.x;
  let cv = select(k, 0u, u.visChannels == 1u);
  let ci = u.visChannels + select(k, 0u, u.irChannels == 1u);
  let d1 = s[2u * k * n + i];
  let d2 = s[(2u * k + 1u) * n + i];
  y[4u * k * n + i] = saliency(cv, i32(id.y), i32(id.x));
  y[(4u * k + 1u) * n + i] = saliency(ci, i32(id.y), i32(id.x));
  y[(4u * k + 2u) * n + i] = d1 * d1;
  y[(4u * k + 3u) * n + i] = d2 * d2;
}

// Block (b.x, b.y)'s four sums of fused channel k: the saliencies as they are, the error
// energies as means over the 256 pixels of a (zero-padded) block.
fn storeBlock(k: u32, b: vec2<u32>, blocksY: u32, total: vec4<f32>) {
  let blocks = u.blocksX * blocksY;
  let i = b.y * u.blocksX + b.x;
  y[(4u * k) * blocks + i] = total.x;
  y[(4u * k + 1u) * blocks + i] = total.y;
  y[(4u * k + 2u) * blocks + i] = total.z / 256.0;
  y[(4u * k + 3u) * blocks + i] = total.w / 256.0;
}

// s = qcvTerms' planes; one invocation per block and channel.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcvBlocks(@builtin(global_invocation_id) id: vec3<u32>) {
  let blocksY = (u.height + 15u) / 16u;
  if (id.x >= u.blocksX || id.y >= blocksY || id.z >= u.channels) { return; }
  let k = id.z;
  let n = u.width * u.height;
  let x0 = id.x * 16u;
  let y0 = id.y * 16u;
  let x1 = min(x0 + 16u, u.width);
  let y1 = min(y0 + 16u, u.height);
  // Each block row summed in order, then the rows in order: <= 30 roundings per block sum.
  var total = vec4<f32>(0.0);
  for (var yy = y0; yy < y1; yy++) {
    var row = vec4<f32>(0.0);
    for (var xx = x0; xx < x1; xx++) {
      let i = 4u * k * n + yy * u.width + xx;
      row += vec4<f32>(s[i], s[i + n], s[i + 2u * n], s[i + 3u * n]);
    }
    total += row;
  }
  storeBlock(k, id.xy, blocksY, total);
}

// Row yy of channel ch at columns 4 q - 4 .. 4 q + 7 (three vec4s), zero outside the image.
struct Row12 { l: vec4<f32>, m: vec4<f32>, r: vec4<f32> }

fn row12(ch: u32, yy: i32, q: u32) -> Row12 {
  let zero = vec4<f32>(0.0);
  if (yy < 0 || yy >= i32(u.height)) { return Row12(zero, zero, zero); }
  let wQ = u.width / 4u;
  let base = (ch * u.height + u32(yy)) * wQ;
  let l = select(zero, z4[base + max(q, 1u) - 1u], q > 0u);
  let r = select(zero, z4[base + min(q + 1u, wQ - 1u)], q + 1u < wQ);
  return Row12(l, z4[base + q], r);
}

// |Sobel|^5 at the four pixels 4 q .. 4 q + 3 of row yy (saliency's arithmetic per component).
fn saliency4(ch: u32, yy: i32, q: u32) -> vec4<f32> {
  let t = row12(ch, yy - 1, q);
  let m = row12(ch, yy, q);
  let b = row12(ch, yy + 1, q);
  // columns x - 1 (a) and x + 1 (c) of the four pixels, per row
  let ta = vec4<f32>(t.l.w, t.m.x, t.m.y, t.m.z);
  let tc = vec4<f32>(t.m.y, t.m.z, t.m.w, t.r.x);
  let ma = vec4<f32>(m.l.w, m.m.x, m.m.y, m.m.z);
  let mc = vec4<f32>(m.m.y, m.m.z, m.m.w, m.r.x);
  let ba = vec4<f32>(b.l.w, b.m.x, b.m.y, b.m.z);
  let bc = vec4<f32>(b.m.y, b.m.z, b.m.w, b.r.x);
  let gx = (tc + 2.0 * mc + bc) - (ta + 2.0 * ma + ba);
  let gy = (ba + 2.0 * b.m + bc) - (ta + 2.0 * t.m + tc);
  let g2 = gx * gx + gy * gy;
  return g2 * g2 * sqrt(g2);
}

// qcvTerms on four pixels per invocation: each Sobel window row is three vec4 loads.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcvTermsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let k = id.z;
  let n = u.width * u.height / 4u;
  let i = ((id.y * u.width) >> 2u) + id.x;
  let cv = select(k, 0u, u.visChannels == 1u);
  let ci = u.visChannels + select(k, 0u, u.irChannels == 1u);
  let d1 = s4[2u * k * n + i];
  let d2 = s4[(2u * k + 1u) * n + i];
  y4[4u * k * n + i] = saliency4(cv, i32(id.y), id.x);
  y4[(4u * k + 1u) * n + i] = saliency4(ci, i32(id.y), id.x);
  y4[(4u * k + 2u) * n + i] = d1 * d1;
  y4[(4u * k + 3u) * n + i] = d2 * d2;
}

// qcvBlocks reading four pixels of each plane per load; the sums are added pixel by pixel in
// qcvBlocks' order, so the results are the same.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qcvBlocksQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let blocksY = (u.height + 15u) / 16u;
  if (id.x >= u.blocksX || id.y >= blocksY || id.z >= u.channels) { return; }
  let k = id.z;
  let n = u.width * u.height / 4u;
  let wQ = u.width / 4u;
  let q0 = id.x * 4u;
  let y0 = id.y * 16u;
  let q1 = min(q0 + 4u, wQ);
  let y1 = min(y0 + 16u, u.height);
  var total = vec4<f32>(0.0);
  for (var yy = y0; yy < y1; yy++) {
    var row = vec4<f32>(0.0);
    for (var q = q0; q < q1; q++) {
      let i = 4u * k * n + yy * wQ + q;
      let a = s4[i];
      let b = s4[i + n];
      let c = s4[i + 2u * n];
      let d = s4[i + 3u * n];
      row += vec4<f32>(a.x, b.x, c.x, d.x);
      row += vec4<f32>(a.y, b.y, c.y, d.y);
      row += vec4<f32>(a.z, b.z, c.z, d.z);
      row += vec4<f32>(a.w, b.w, c.w, d.w);
    }
    total += row;
  }
  storeBlock(k, id.xy, blocksY, total);
}
