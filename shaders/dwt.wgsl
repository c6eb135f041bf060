// 2-D wavelet transforms with PyWavelets' definitions; the filter bank is data (uniforms),
// so one kernel serves every wavelet. Each invocation computes all four bands of one
// coefficient position (analysis; a 2x2 block of them in analysisBlock) or output samples
// from all four bands (synthesis), so a level is one dispatch. Formulas:
// src/reference/wavelet.ts (the CPU reference, same order of taps). TAPS is the filter
// length, a pipeline constant so the tap loops unroll.
//   analysisBlock: decimated dwt2 (step 2, off 1, or periodization: off L/2 over the even
//                 extension), 2x2 positions per invocation
//   analysis:     swt2 (step 1, filters dilated by dil, off dil L/2, wrap)
//   synthesis:    idwt2, taps of one parity per axis (TAPS/2 each), a 2x2 output block
//                 per invocation
//   swtSynthesis: iswt2 as one periodic convolution per axis, scaled by 1/4
// Details are band-major: channel b*C + c holds band b (H, V, D) of channel c.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params {
  inW: u32, inH: u32, outW: u32, outH: u32,
  channels: u32, mode: u32, per: u32, dil: u32,
  coefW: u32, coefH: u32, aW: u32, aH: u32,
  step: u32, off: i32, extW: i32, extH: i32,
  scale: f32,
  lo: array<vec4<f32>, 16>,
  hi: array<vec4<f32>, 16>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> det: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> dstDet: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override TAPS: u32 = 2u;

fn tapLo(j: u32) -> f32 { return u.lo[j >> 2u][j & 3u]; }
fn tapHi(j: u32) -> f32 { return u.hi[j >> 2u][j & 3u]; }

// Input index read at extended position p of an axis of n samples; -1 reads zero.
fn analysisIndex(p: i32, n: u32, ext: i32) -> i32 {
  if (u.per != 0u) { return min(fold(p, ext, 4u), i32(n) - 1); }
  return fold(p, i32(n), u.mode);
}

// Indices follow common/border_general.wgsl (per-invocation index arrays cost these kernels
// too).
fn fold(p: i32, n: i32, mode: u32) -> i32 { return borderAt(p, n, mode); }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysis(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let base = id.z * u.inW * u.inH;
  let px = i32(u.step * id.x) + u.off;
  let py = i32(u.step * id.y) + u.off;
  let dil = i32(u.dil);
  var sa = 0.0;
  var sh = 0.0;
  var sv = 0.0;
  var sd = 0.0;
  for (var t = 0u; t < TAPS; t++) {
    let r = analysisIndex(py - i32(t) * dil, u.inH, u.extH);
    if (r < 0) { continue; }
    let row = base + u32(r) * u.inW;
    var lo = 0.0;
    var hi = 0.0;
    for (var s = 0u; s < TAPS; s++) {
      let c = analysisIndex(px - i32(s) * dil, u.inW, u.extW);
      // a zero-mode tap outside the image reads 0 (index clamped, value discarded)
      let v = select(0.0, src[row + u32(max(c, 0))], c >= 0);
      lo += tapLo(s) * v;
      hi += tapHi(s) * v;
    }
    let fl = tapLo(t);
    let fh = tapHi(t);
    sa += fl * lo;
    sv += fl * hi;
    sh += fh * lo;
    sd += fh * hi;
  }
  let plane = u.outW * u.outH;
  let o = id.y * u.outW + id.x;
  dst[id.z * plane + o] = sa;
  dstDet[id.z * plane + o] = sh;
  dstDet[(u.channels + id.z) * plane + o] = sv;
  dstDet[(2u * u.channels + id.z) * plane + o] = sd;
}

// dwt2 (step 2, no dilation) as 2x2 blocks of coefficient positions: the block's outputs read
// (TAPS + 2)^2 input samples once (db2: 36 loads instead of 64 for four positions), each
// position summing its taps in the order of `analysis` (row taps outer, column taps inner; a
// sample outside a zero-mode image adds zeros). Row u of the union is input row
// 2 oy + off + 2 - u: tap u - 2 of the block's first output row, tap u of its second.
struct Acc4 { a: f32, h: f32, v: f32, d: f32 }

fn addRow(s: Acc4, fl: f32, fh: f32, lo: f32, hi: f32) -> Acc4 {
  return Acc4(s.a + fl * lo, s.h + fh * lo, s.v + fl * hi, s.d + fh * hi);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysisBlock(@builtin(global_invocation_id) id: vec3<u32>) {
  let ox = 2u * id.x;
  let oy = 2u * id.y;
  if (ox >= u.outW || oy >= u.outH || id.z >= u.channels) { return; }
  let base = id.z * u.inW * u.inH;
  let top = i32(2u * oy) + u.off + 2;
  let left = i32(2u * ox) + u.off + 2;
  let zero = Acc4(0.0, 0.0, 0.0, 0.0);
  var s00 = zero;
  var s01 = zero;
  var s10 = zero;
  var s11 = zero;
  for (var r = 0u; r < TAPS + 2u; r++) {
    let ri = analysisIndex(top - i32(r), u.inH, u.extH);
    let row = base + u32(max(ri, 0)) * u.inW;
    var lo0 = 0.0;
    var hi0 = 0.0;
    var lo1 = 0.0;
    var hi1 = 0.0;
    for (var c = 0u; c < TAPS + 2u; c++) {
      let ci = analysisIndex(left - i32(c), u.inW, u.extW);
      let v = select(0.0, src[row + u32(max(ci, 0))], ri >= 0 && ci >= 0);
      if (c >= 2u) {
        lo0 += tapLo(c - 2u) * v;
        hi0 += tapHi(c - 2u) * v;
      }
      if (c < TAPS) {
        lo1 += tapLo(c) * v;
        hi1 += tapHi(c) * v;
      }
    }
    if (r >= 2u) {
      let fl = tapLo(r - 2u);
      let fh = tapHi(r - 2u);
      s00 = addRow(s00, fl, fh, lo0, hi0);
      s01 = addRow(s01, fl, fh, lo1, hi1);
    }
    if (r < TAPS) {
      let fl = tapLo(r);
      let fh = tapHi(r);
      s10 = addRow(s10, fl, fh, lo0, hi0);
      s11 = addRow(s11, fl, fh, lo1, hi1);
    }
  }
  let plane = u.outW * u.outH;
  let o = oy * u.outW + ox;
  let right = ox + 1u < u.outW;
  bands(id.z, plane, o, s00);
  if (right) { bands(id.z, plane, o + 1u, s01); }
  if (oy + 1u < u.outH) {
    bands(id.z, plane, o + u.outW, s10);
    if (right) { bands(id.z, plane, o + u.outW + 1u, s11); }
  }
}

// The four bands of one position: a to dst, H, V, D band-major to dstDet.
fn bands(z: u32, plane: u32, o: u32, s: Acc4) {
  dst[z * plane + o] = s.a;
  dstDet[z * plane + o] = s.h;
  dstDet[(u.channels + z) * plane + o] = s.v;
  dstDet[(2u * u.channels + z) * plane + o] = s.d;
}

// Coefficient k on an axis of n: wrapped under periodization, -1 (reads zero) outside otherwise.
fn coefIndex(k: i32, n: u32) -> i32 {
  if (u.per != 0u) { return fold(k, i32(n), 4u); }
  return select(-1, k, k >= 0 && k < i32(n));
}

// off & 1, set by the host: output m takes coefficients k = (m + off - j) / 2 through the
// filter taps j of its parity; the odd output of a pair starts ODD_OFF coefficients above the
// even one's, so a pair of outputs reads TAPS / 2 + ODD_OFF coefficients per axis.
override ODD_OFF: u32 = 0u;

// Adds coefficient value (a, v) and (h, d) of one tap: lo += g_lo a + g_hi v, hi += g_lo h + g_hi d.
struct Two { lo: f32, hi: f32 }

fn tapTwo(acc: Two, j: u32, a: f32, v: f32, h: f32, d: f32) -> Two {
  return Two(acc.lo + (tapLo(j) * a + tapHi(j) * v), acc.hi + (tapLo(j) * h + tapHi(j) * d));
}

// One 2x2 block of outputs per invocation: the block reads (TAPS / 2 + ODD_OFF)^2 positions of
// the four bands once (db2: 16 or 36 loads per block instead of 64; dwt fusion 1.4x faster on
// llvmpipe); each output sums its taps in the order of the one-output form (row taps
// outer, column taps inner, a row or column outside the coefficients adding zeros).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn synthesis(@builtin(global_invocation_id) id: vec3<u32>) {
  let ox = 2u * id.x;
  let oy = 2u * id.y;
  if (ox >= u.outW || oy >= u.outH || id.z >= u.channels) { return; }
  let plane = u.coefW * u.coefH;
  let aBase = id.z * u.aW * u.aH;
  let hBase = id.z * plane;
  let vBase = (u.channels + id.z) * plane;
  let dBase = (2u * u.channels + id.z) * plane;
  // parities of the even (E) and odd (O) outputs of each axis, the same on both axes
  let jE = ODD_OFF;
  let jO = 1u - ODD_OFF;
  let topY = (i32(oy) + 1 + u.off - i32(jO)) >> 1u;
  let topX = (i32(ox) + 1 + u.off - i32(jO)) >> 1u;
  let half = TAPS / 2u;
  let zero = Two(0.0, 0.0);
  var sEE = 0.0;
  var sEO = 0.0;
  var sOE = 0.0;
  var sOO = 0.0;
  for (var p1 = 0u; p1 < half + ODD_OFF; p1++) {
    let k1 = coefIndex(topY - i32(p1), u.coefH);
    let r = u32(max(k1, 0));
    let aRow = aBase + r * u.aW;
    let dRow = r * u.coefW;
    var cE = zero;
    var cO = zero;
    for (var p2 = 0u; p2 < half + ODD_OFF; p2++) {
      let k2 = coefIndex(topX - i32(p2), u.coefW);
      let ok = k1 >= 0 && k2 >= 0;
      let c = u32(max(k2, 0));
      let q = dRow + c;
      let a = select(0.0, src[aRow + c], ok);
      let v = select(0.0, det[vBase + q], ok);
      let h = select(0.0, det[hBase + q], ok);
      let d = select(0.0, det[dBase + q], ok);
      if (p2 >= ODD_OFF) { cE = tapTwo(cE, jE + 2u * (p2 - ODD_OFF), a, v, h, d); }
      if (p2 < half) { cO = tapTwo(cO, jO + 2u * p2, a, v, h, d); }
    }
    if (p1 >= ODD_OFF) {
      let j = jE + 2u * (p1 - ODD_OFF);
      sEE += tapLo(j) * cE.lo + tapHi(j) * cE.hi;
      sEO += tapLo(j) * cO.lo + tapHi(j) * cO.hi;
    }
    if (p1 < half) {
      let j = jO + 2u * p1;
      sOE += tapLo(j) * cE.lo + tapHi(j) * cE.hi;
      sOO += tapLo(j) * cO.lo + tapHi(j) * cO.hi;
    }
  }
  let o = (id.z * u.outH + oy) * u.outW + ox;
  let right = ox + 1u < u.outW;
  dst[o] = u.scale * sEE;
  if (right) { dst[o + 1u] = u.scale * sEO; }
  if (oy + 1u < u.outH) {
    dst[o + u.outW] = u.scale * sOE;
    if (right) { dst[o + u.outW + 1u] = u.scale * sOO; }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtSynthesis(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let plane = u.outW * u.outH;
  let aBase = id.z * plane;
  let hBase = id.z * plane;
  let vBase = (u.channels + id.z) * plane;
  let dBase = (2u * u.channels + id.z) * plane;
  let dil = i32(u.dil);
  let py = i32(id.y) + u.off;
  let px = i32(id.x) + u.off;
  var sum = 0.0;
  for (var t = 0u; t < TAPS; t++) {
    let k1 = u32(fold(py - i32(t) * dil, i32(u.outH), 4u));
    var sLo = 0.0;
    var sHi = 0.0;
    for (var s = 0u; s < TAPS; s++) {
      let q = k1 * u.outW + u32(fold(px - i32(s) * dil, i32(u.outW), 4u));
      let gl = tapLo(s);
      let gh = tapHi(s);
      sLo += gl * src[aBase + q] + gh * det[vBase + q];
      sHi += gl * det[hBase + q] + gh * det[dBase + q];
    }
    sum += tapLo(t) * sLo + tapHi(t) * sHi;
  }
  dst[(id.z * u.outH + id.y) * u.outW + id.x] = u.scale * sum;
}
