// 2-D wavelet transforms with PyWavelets' definitions; the filter bank is data (uniforms),
// so one kernel serves every wavelet. Each invocation computes all four bands of one or a
// block of coefficient positions (analysis) or a block of output samples from all four bands
// (synthesis), so a level is one dispatch. Formulas:
// src/reference/wavelet.ts (the CPU reference, same order of taps). TAPS is the filter
// length, a pipeline constant so the tap loops unroll.
//   analysisBlock: decimated dwt2 (step 2, off 1, or periodization: off L/2 over the even
//                 extension), 2x2 positions per invocation
//   analysisFuse / analysisFuseQuads: dwt2 of two sources at once with their details fused
//                 by a pixel rule (dwt2Fuse); Quads: 4x2 positions from vec4 rows, interior
//                 columns only, the rest by analysisFuse over the border columns
//   synthesis:    idwt2, taps of one parity per axis (TAPS/2 each), a 2x2 output block
//                 per invocation (synthesisQuads: 4x4 blocks where output rows are whole
//                 vec4s)
//   swt2 (step 1, filters dilated, off dil L/2, wrap) and iswt2 (one periodic convolution per
//   axis, scaled by 1/4), four columns per invocation: swtQuads / swtSynthesisQuads (rows of
//   whole vec4s), swtPairs (other even widths); one position per invocation otherwise:
//   analysis / swtSynthesis. swt2Fuse (two sources, details fused by a pixel rule):
//   swtFuseQuads, swtFusePairs, analysisSwtFuse.
// Details are band-major: channel b*C + c holds band b (H, V, D) of channel c.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"
//#include "common/fuse_rule.wgsl"
//#include "common/vec4_shift.wgsl"

struct Params {
  inW: u32, inH: u32, outW: u32, outH: u32,
  channels: u32, mode: u32, per: u32, dil: u32,
  coefW: u32, coefH: u32, aW: u32, aH: u32,
  step: u32, off: i32, extW: i32, extH: i32,
  scale: f32, rule: u32, weight: f32,
  // analysisFuse over some columns only: 2x2 blocks gx < splitBlocks start at output column
  // 2 gx, the rest at splitCol + 2 (gx - splitBlocks); analysisFuseQuads: block columns
  // firstQuad .. splitCol / 4 - 1
  splitBlocks: u32, splitCol: u32, firstQuad: u32,
  lo: array<vec4<f32>, 16>,
  hi: array<vec4<f32>, 16>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> det: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<storage, read_write> dstDet: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;
// dwt2Fuse: the second source, its approximation, and both sources as vec4s (rows of whole
// vec4s; the pool rounds every buffer up to 256 bytes)
@group(0) @binding(5) var<storage, read> srcB: array<f32>;
@group(0) @binding(6) var<storage, read_write> dstB: array<f32>;
@group(0) @binding(7) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> srcB4: array<vec4<f32>>;
// synthesisQuads: the output as vec4s (rows of whole vec4s)
@group(0) @binding(9) var<storage, read_write> dst4: array<vec4<f32>>;
// swtQuads / swtFuseQuads: the details as vec4s (swtSynthesisQuads reads them from srcB4);
// swtFuseQuads: the second source's approximation as vec4s
@group(0) @binding(10) var<storage, read_write> dstDet4: array<vec4<f32>>;
@group(0) @binding(11) var<storage, read_write> dstB4: array<vec4<f32>>;

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

// swt2 at position (x, y) of source `which` (0 src, 1 srcB; analysis binds its input there too).
fn swtSums(which: u32, z: u32, x: u32, y: u32) -> Acc4 {
  let base = z * u.inW * u.inH;
  let px = i32(u.step * x) + u.off;
  let py = i32(u.step * y) + u.off;
  let dil = i32(u.dil);
  var sum = Acc4(0.0, 0.0, 0.0, 0.0);
  for (var t = 0u; t < TAPS; t++) {
    let r = analysisIndex(py - i32(t) * dil, u.inH, u.extH);
    if (r < 0) { continue; }
    let row = base + u32(r) * u.inW;
    var lo = 0.0;
    var hi = 0.0;
    for (var s = 0u; s < TAPS; s++) {
      let c = analysisIndex(px - i32(s) * dil, u.inW, u.extW);
      // a zero-mode tap outside the image reads 0 (index clamped, value discarded)
      let v = select(0.0, srcAt(which, row + u32(max(c, 0))), c >= 0);
      lo += tapLo(s) * v;
      hi += tapHi(s) * v;
    }
    sum = addRow(sum, tapLo(t), tapHi(t), lo, hi);
  }
  return sum;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysis(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  bands(id.z, u.outW * u.outH, id.y * u.outW + id.x, swtSums(0u, id.z, id.x, id.y));
}

// swt2Fuse: both sources' swt2 at one position, the details fused by the pixel rule.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysisSwtFuse(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  fusedBands(id.z, u.outW * u.outH, id.y * u.outW + id.x, swtSums(0u, id.z, id.x, id.y), swtSums(1u, id.z, id.x, id.y));
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

// Source `which` (0 src, 1 srcB) at index i.
fn srcAt(which: u32, i: u32) -> f32 {
  if (which == 0u) { return src[i]; }
  return srcB[i];
}

// The four bands at positions (ox, oy), (ox + 1, oy), (ox, oy + 1), (ox + 1, oy + 1).
struct Block { s00: Acc4, s01: Acc4, s10: Acc4, s11: Acc4 }

// One input row's column sums: lo0 / hi0 for the block's left output column (columns 2 ..
// TAPS + 1 of the union), lo1 / hi1 for its right one (columns 0 .. TAPS - 1). The union's
// first 12 columns (TAPS <= 10) fold once per block and are written out, not looped: the taps
// become constant uniform reads and the columns that are not needed compile away (loops here
// cost llvmpipe 2.5x with db4); longer filters finish in a loop. The rows stay one loop:
// written out too they were 2x faster with db2 but took llvmpipe 17-24 s and SwiftShader
// 45-69 s to compile at 10-12 taps; split into three loops, 1.6x faster with db2 and 2x the
// compile time (1-2.8 s per pipeline).
struct RowAcc { lo0: f32, hi0: f32, lo1: f32, hi1: f32 }

fn colTap(a: RowAcc, c: u32, v: f32) -> RowAcc {
  var r = a;
  if (c >= 2u) {
    r.lo0 += tapLo(c - 2u) * v;
    r.hi0 += tapHi(c - 2u) * v;
  }
  if (c < TAPS) {
    r.lo1 += tapLo(c) * v;
    r.hi1 += tapHi(c) * v;
  }
  return r;
}

// Input column of union column c (block's left edge `left`); -1 reads zero.
fn colIndex(left: i32, c: u32) -> i32 { return analysisIndex(left - i32(c), u.inW, u.extW); }

struct Cols { c0: i32, c1: i32, c2: i32, c3: i32, c4: i32, c5: i32, c6: i32, c7: i32, c8: i32, c9: i32, c10: i32, c11: i32 }

fn blockCols(left: i32) -> Cols {
  var k = Cols(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  k.c0 = colIndex(left, 0u);
  k.c1 = colIndex(left, 1u);
  k.c2 = colIndex(left, 2u);
  if (TAPS > 1u) { k.c3 = colIndex(left, 3u); }
  if (TAPS > 2u) { k.c4 = colIndex(left, 4u); }
  if (TAPS > 3u) { k.c5 = colIndex(left, 5u); }
  if (TAPS > 4u) { k.c6 = colIndex(left, 6u); }
  if (TAPS > 5u) { k.c7 = colIndex(left, 7u); }
  if (TAPS > 6u) { k.c8 = colIndex(left, 8u); }
  if (TAPS > 7u) { k.c9 = colIndex(left, 9u); }
  if (TAPS > 8u) { k.c10 = colIndex(left, 10u); }
  if (TAPS > 9u) { k.c11 = colIndex(left, 11u); }
  return k;
}

fn colAt(which: u32, row: u32, rowOk: bool, ci: i32) -> f32 {
  return select(0.0, srcAt(which, row + u32(max(ci, 0))), rowOk && ci >= 0);
}

fn rowTaps(which: u32, row: u32, rowOk: bool, left: i32, k: Cols) -> RowAcc {
  var a = RowAcc(0.0, 0.0, 0.0, 0.0);
  a = colTap(a, 0u, colAt(which, row, rowOk, k.c0));
  a = colTap(a, 1u, colAt(which, row, rowOk, k.c1));
  a = colTap(a, 2u, colAt(which, row, rowOk, k.c2));
  if (TAPS > 1u) { a = colTap(a, 3u, colAt(which, row, rowOk, k.c3)); }
  if (TAPS > 2u) { a = colTap(a, 4u, colAt(which, row, rowOk, k.c4)); }
  if (TAPS > 3u) { a = colTap(a, 5u, colAt(which, row, rowOk, k.c5)); }
  if (TAPS > 4u) { a = colTap(a, 6u, colAt(which, row, rowOk, k.c6)); }
  if (TAPS > 5u) { a = colTap(a, 7u, colAt(which, row, rowOk, k.c7)); }
  if (TAPS > 6u) { a = colTap(a, 8u, colAt(which, row, rowOk, k.c8)); }
  if (TAPS > 7u) { a = colTap(a, 9u, colAt(which, row, rowOk, k.c9)); }
  if (TAPS > 8u) { a = colTap(a, 10u, colAt(which, row, rowOk, k.c10)); }
  if (TAPS > 9u) { a = colTap(a, 11u, colAt(which, row, rowOk, k.c11)); }
  for (var c = 12u; c < TAPS + 2u; c++) { a = colTap(a, c, colAt(which, row, rowOk, colIndex(left, c))); }
  return a;
}

fn blockSums(which: u32, z: u32, ox: u32, oy: u32) -> Block {
  let base = z * u.inW * u.inH;
  let top = i32(2u * oy) + u.off + 2;
  let left = i32(2u * ox) + u.off + 2;
  let cols = blockCols(left);
  let zero = Acc4(0.0, 0.0, 0.0, 0.0);
  var s00 = zero;
  var s01 = zero;
  var s10 = zero;
  var s11 = zero;
  for (var r = 0u; r < TAPS + 2u; r++) {
    let ri = analysisIndex(top - i32(r), u.inH, u.extH);
    let x = rowTaps(which, base + u32(max(ri, 0)) * u.inW, ri >= 0, left, cols);
    if (r >= 2u) {
      let fl = tapLo(r - 2u);
      let fh = tapHi(r - 2u);
      s00 = addRow(s00, fl, fh, x.lo0, x.hi0);
      s01 = addRow(s01, fl, fh, x.lo1, x.hi1);
    }
    if (r < TAPS) {
      let fl = tapLo(r);
      let fh = tapHi(r);
      s10 = addRow(s10, fl, fh, x.lo0, x.hi0);
      s11 = addRow(s11, fl, fh, x.lo1, x.hi1);
    }
  }
  return Block(s00, s01, s10, s11);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysisBlock(@builtin(global_invocation_id) id: vec3<u32>) {
  let ox = 2u * id.x;
  let oy = 2u * id.y;
  if (ox >= u.outW || oy >= u.outH || id.z >= u.channels) { return; }
  let s = blockSums(0u, id.z, ox, oy);
  let plane = u.outW * u.outH;
  let o = oy * u.outW + ox;
  let right = ox + 1u < u.outW;
  bands(id.z, plane, o, s.s00);
  if (right) { bands(id.z, plane, o + 1u, s.s01); }
  if (oy + 1u < u.outH) {
    bands(id.z, plane, o + u.outW, s.s10);
    if (right) { bands(id.z, plane, o + u.outW + 1u, s.s11); }
  }
}

// One position of both sources: each approximation, the details fused by the pixel rule.
fn fusedBands(z: u32, plane: u32, o: u32, a: Acc4, b: Acc4) {
  dst[z * plane + o] = a.a;
  dstB[z * plane + o] = b.a;
  dstDet[z * plane + o] = combine(a.h, b.h, 0.0, 0.0, u.rule, u.weight);
  dstDet[(u.channels + z) * plane + o] = combine(a.v, b.v, 0.0, 0.0, u.rule, u.weight);
  dstDet[(2u * u.channels + z) * plane + o] = combine(a.d, b.d, 0.0, 0.0, u.rule, u.weight);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysisFuse(@builtin(global_invocation_id) id: vec3<u32>) {
  var ox = 2u * id.x;
  if (id.x >= u.splitBlocks) { ox = u.splitCol + 2u * (id.x - u.splitBlocks); }
  let oy = 2u * id.y;
  if (ox >= u.outW || oy >= u.outH || id.z >= u.channels) { return; }
  let a = blockSums(0u, id.z, ox, oy);
  let b = blockSums(1u, id.z, ox, oy);
  let plane = u.outW * u.outH;
  let o = oy * u.outW + ox;
  let right = ox + 1u < u.outW;
  fusedBands(id.z, plane, o, a.s00, b.s00);
  if (right) { fusedBands(id.z, plane, o + 1u, a.s01, b.s01); }
  if (oy + 1u < u.outH) {
    fusedBands(id.z, plane, o + u.outW, a.s10, b.s10);
    if (right) { fusedBands(id.z, plane, o + u.outW + 1u, a.s11, b.s11); }
  }
}

// analysisFuseQuads: input columns 8 bx - 8 .. 8 bx + 7 of one row as four vec4s; m2 and m1
// are loaded only when the filter reaches them (TAPS > 6, TAPS > 2: constants, so the loads
// that are not needed compile away). Non-periodization modes (off 1), TAPS <= 10.
struct Row16 { m2: vec4<f32>, m1: vec4<f32>, z: vec4<f32>, p: vec4<f32> }

fn row16(which: u32, q: u32) -> Row16 {
  var r = Row16(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  if (which == 0u) {
    r.z = src4[q];
    r.p = src4[q + 1u];
    if (TAPS > 2u) { r.m1 = src4[q - 1u]; }
    if (TAPS > 6u) { r.m2 = src4[q - 2u]; }
  } else {
    r.z = srcB4[q];
    r.p = srcB4[q + 1u];
    if (TAPS > 2u) { r.m1 = srcB4[q - 1u]; }
    if (TAPS > 6u) { r.m2 = srcB4[q - 2u]; }
  }
  return r;
}

// Tap s of the block's four positions 4 bx + j, which read columns 8 bx + 2j + 1 - s: odd
// columns for even s, even columns for odd s.
fn tapCols(r: Row16, s: u32) -> vec4<f32> {
  let od = vec4<f32>(r.m2.y, r.m2.w, r.m1.y, r.m1.w);
  let oh = vec4<f32>(r.z.y, r.z.w, r.p.y, r.p.w);
  let ed = vec4<f32>(r.m2.x, r.m2.z, r.m1.x, r.m1.z);
  let eh = vec4<f32>(r.z.x, r.z.z, r.p.x, r.p.z);
  switch s {
    case 0u: { return oh; }
    case 1u: { return eh; }
    case 2u: { return vec4<f32>(od.w, oh.xyz); }
    case 3u: { return vec4<f32>(ed.w, eh.xyz); }
    case 4u: { return vec4<f32>(od.zw, oh.xy); }
    case 5u: { return vec4<f32>(ed.zw, eh.xy); }
    case 6u: { return vec4<f32>(od.yzw, oh.x); }
    case 7u: { return vec4<f32>(ed.yzw, eh.x); }
    case 8u: { return od; }
    default: { return ed; }
  }
}

// The row pass of four positions, taps in the order of `analysis` (s = 0, 1, ...).
struct LoHi { lo: vec4<f32>, hi: vec4<f32> }

fn addTap(acc: LoHi, r: Row16, s: u32) -> LoHi {
  let c = tapCols(r, s);
  return LoHi(acc.lo + tapLo(s) * c, acc.hi + tapHi(s) * c);
}

fn rowPass(r: Row16) -> LoHi {
  var acc = LoHi(vec4<f32>(0.0), vec4<f32>(0.0));
  acc = addTap(acc, r, 0u);
  if (TAPS > 1u) { acc = addTap(acc, r, 1u); }
  if (TAPS > 2u) { acc = addTap(acc, r, 2u); }
  if (TAPS > 3u) { acc = addTap(acc, r, 3u); }
  if (TAPS > 4u) { acc = addTap(acc, r, 4u); }
  if (TAPS > 5u) { acc = addTap(acc, r, 5u); }
  if (TAPS > 6u) { acc = addTap(acc, r, 6u); }
  if (TAPS > 7u) { acc = addTap(acc, r, 7u); }
  if (TAPS > 8u) { acc = addTap(acc, r, 8u); }
  if (TAPS > 9u) { acc = addTap(acc, r, 9u); }
  return acc;
}

struct Acc4v { a: vec4<f32>, h: vec4<f32>, v: vec4<f32>, d: vec4<f32> }

fn addRow4(s: Acc4v, fl: f32, fh: f32, x: LoHi) -> Acc4v {
  return Acc4v(s.a + fl * x.lo, s.h + fh * x.lo, s.v + fl * x.hi, s.d + fh * x.hi);
}

// Two output rows (oy, oy + 1) of block column bx, as analysisBlock orders its row taps.
struct Quads { r0: Acc4v, r1: Acc4v }

fn blockQuads(which: u32, z: u32, bx: u32, oy: u32) -> Quads {
  let base = z * u.inW * u.inH;
  let top = i32(2u * oy) + u.off + 2;
  let zero = Acc4v(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  var s0 = zero;
  var s1 = zero;
  for (var r = 0u; r < TAPS + 2u; r++) {
    let ri = analysisIndex(top - i32(r), u.inH, u.extH);
    var row = row16(which, (base + u32(max(ri, 0)) * u.inW) / 4u + 2u * bx);
    // a zero-mode row outside the image adds zeros
    if (ri < 0) { row = Row16(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0)); }
    let x = rowPass(row);
    if (r >= 2u) { s0 = addRow4(s0, tapLo(r - 2u), tapHi(r - 2u), x); }
    if (r < TAPS) { s1 = addRow4(s1, tapLo(r), tapHi(r), x); }
  }
  return Quads(s0, s1);
}

fn store4(o: u32, v: vec4<f32>, toB: bool) {
  if (toB) {
    dstB[o] = v.x;
    dstB[o + 1u] = v.y;
    dstB[o + 2u] = v.z;
    dstB[o + 3u] = v.w;
  } else {
    dst[o] = v.x;
    dst[o + 1u] = v.y;
    dst[o + 2u] = v.z;
    dst[o + 3u] = v.w;
  }
}

fn storeDet4(o: u32, v: vec4<f32>) {
  dstDet[o] = v.x;
  dstDet[o + 1u] = v.y;
  dstDet[o + 2u] = v.z;
  dstDet[o + 3u] = v.w;
}

fn fusedQuads(z: u32, plane: u32, o: u32, a: Acc4v, b: Acc4v) {
  store4(z * plane + o, a.a, false);
  store4(z * plane + o, b.a, true);
  storeDet4(z * plane + o, combinePixels4(a.h, b.h, u.rule, u.weight));
  storeDet4((u.channels + z) * plane + o, combinePixels4(a.v, b.v, u.rule, u.weight));
  storeDet4((2u * u.channels + z) * plane + o, combinePixels4(a.d, b.d, u.rule, u.weight));
}

// The coefficient rows are not whole vec4s (pywt's sizes are odd), so the stores are floats:
// 36 vec4 loads and 40 stores for 8 positions of both sources (db2), against 2 x 104 + 72 for
// dwt2 twice and a fuse pass.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn analysisFuseQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let bx = u.firstQuad + id.x;
  let oy = 2u * id.y;
  if (4u * bx >= u.splitCol || oy >= u.outH || id.z >= u.channels) { return; }
  let a = blockQuads(0u, id.z, bx, oy);
  let b = blockQuads(1u, id.z, bx, oy);
  let plane = u.outW * u.outH;
  let o = oy * u.outW + 4u * bx;
  fusedQuads(id.z, plane, o, a.r0, b.r0);
  if (oy + 1u < u.outH) { fusedQuads(id.z, plane, o + u.outW, a.r1, b.r1); }
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

// The synthesis inputs' plane offsets for channel z: a (which may be one larger than the
// details), then the detail bands H, V, D (band-major).
struct Bases { a: u32, h: u32, v: u32, d: u32 }

fn bandBases(z: u32) -> Bases {
  let plane = u.coefW * u.coefH;
  return Bases(z * u.aW * u.aH, z * plane, (u.channels + z) * plane, (2u * u.channels + z) * plane);
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
  let bb = bandBases(id.z);
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
    let aRow = bb.a + r * u.aW;
    let dRow = r * u.coefW;
    var cE = zero;
    var cO = zero;
    for (var p2 = 0u; p2 < half + ODD_OFF; p2++) {
      let k2 = coefIndex(topX - i32(p2), u.coefW);
      let ok = k1 >= 0 && k2 >= 0;
      let c = u32(max(k2, 0));
      let q = dRow + c;
      let a = select(0.0, src[aRow + c], ok);
      let v = select(0.0, det[bb.v + q], ok);
      let h = select(0.0, det[bb.h + q], ok);
      let d = select(0.0, det[bb.d + q], ok);
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

// synthesisQuads: a 4x4 output block from vec4 rows of output, for non-periodization modes
// (a coefficient outside the arrays reads zero: no wrap; off = L - 2 is even, so ODD_OFF is
// 0), filters of <= 10 taps and outputs whose rows are whole vec4s. Each coefficient row is synthesised along x for the block's four columns at once
// (even, odd, even, odd: the two column pairs' coefficients k and k + 1), then the rows
// combine along y; taps in the order of `synthesis` (k descending along each axis). The
// (TAPS / 2 + ODD_OFF + 1)^2 positions of the four bands load once per block (db2: 36 loads
// and 4 vec4 stores for 16 outputs, against 80 accesses in 2x2 blocks).
struct Coef4 { a: f32, v: f32, h: f32, d: f32 }

fn coefAt(aRow: u32, dRow: u32, k2: i32, ok1: bool, vBase: u32, hBase: u32, dBase: u32) -> Coef4 {
  let ok = ok1 && k2 >= 0 && k2 < i32(u.coefW);
  let c = u32(clamp(k2, 0, i32(u.coefW) - 1));
  return Coef4(select(0.0, src[aRow + c], ok), select(0.0, det[vBase + dRow + c], ok),
               select(0.0, det[hBase + dRow + c], ok), select(0.0, det[dBase + dRow + c], ok));
}

// Tap p of an even (E) or odd (O) output along an axis, 0 where that parity has no such tap.
fn tapE(p: u32, hi: bool) -> f32 {
  let j = ODD_OFF + 2u * (max(p, ODD_OFF) - ODD_OFF);
  return select(0.0, select(tapLo(j), tapHi(j), hi), p >= ODD_OFF);
}

fn tapO(p: u32, hi: bool) -> f32 {
  let j = 1u - ODD_OFF + 2u * p;
  return select(0.0, select(tapLo(j), tapHi(j), hi), p < TAPS / 2u);
}

// One coefficient row along x for output columns x0 .. x0 + 3: lo from (a, v), hi from (h, d).
// Tap p of both column pairs: pair 0 (columns x0, x0 + 1) reads k = topX - p (nxt), pair 1
// reads topX + 1 - p (cur).
fn synthTap(acc: LoHi, p: u32, cur: Coef4, nxt: Coef4) -> LoHi {
  let gl = vec4<f32>(tapE(p, false), tapO(p, false), tapE(p, false), tapO(p, false));
  let gh = vec4<f32>(tapE(p, true), tapO(p, true), tapE(p, true), tapO(p, true));
  return LoHi(acc.lo + (gl * vec4<f32>(nxt.a, nxt.a, cur.a, cur.a) + gh * vec4<f32>(nxt.v, nxt.v, cur.v, cur.v)),
              acc.hi + (gl * vec4<f32>(nxt.h, nxt.h, cur.h, cur.h) + gh * vec4<f32>(nxt.d, nxt.d, cur.d, cur.d)));
}

// Written out for up to five taps per parity (TAPS <= 10, the host checks): as a loop the
// tap indices stay dynamic and the kernel ran no faster than 2x2 blocks.
fn synthRow(aRow: u32, dRow: u32, ok1: bool, topX: i32, vBase: u32, hBase: u32, dBase: u32) -> LoHi {
  let n = TAPS / 2u;
  var acc = LoHi(vec4<f32>(0.0), vec4<f32>(0.0));
  let c0 = coefAt(aRow, dRow, topX + 1, ok1, vBase, hBase, dBase);
  let c1 = coefAt(aRow, dRow, topX, ok1, vBase, hBase, dBase);
  acc = synthTap(acc, 0u, c0, c1);
  if (n > 1u) {
    let c2 = coefAt(aRow, dRow, topX - 1, ok1, vBase, hBase, dBase);
    acc = synthTap(acc, 1u, c1, c2);
    if (n > 2u) {
      let c3 = coefAt(aRow, dRow, topX - 2, ok1, vBase, hBase, dBase);
      acc = synthTap(acc, 2u, c2, c3);
      if (n > 3u) {
        let c4 = coefAt(aRow, dRow, topX - 3, ok1, vBase, hBase, dBase);
        acc = synthTap(acc, 3u, c3, c4);
        if (n > 4u) { acc = synthTap(acc, 4u, c4, coefAt(aRow, dRow, topX - 4, ok1, vBase, hBase, dBase)); }
      }
    }
  }
  return acc;
}

fn combineRow(s: vec4<f32>, x: LoHi, p: u32, even: bool) -> vec4<f32> {
  if (even) { return s + (tapE(p, false) * x.lo + tapE(p, true) * x.hi); }
  return s + (tapO(p, false) * x.lo + tapO(p, true) * x.hi);
}

// The block's four output rows: pair 0 (y0, y0 + 1) and pair 1 (y0 + 2, y0 + 3).
struct Rows4 { e0: vec4<f32>, o0: vec4<f32>, e1: vec4<f32>, o1: vec4<f32> }

// Coefficient row k1 = topY + 1 - r: row pair 1 takes it as its tap p = r, pair 0 as p = r - 1.
fn synthRows(s: Rows4, r: u32, aBase: u32, topY: i32, topX: i32, vBase: u32, hBase: u32, dBase: u32) -> Rows4 {
  let n = TAPS / 2u;
  let k1 = topY + 1 - i32(r);
  let ok1 = k1 >= 0 && k1 < i32(u.coefH);
  let row = u32(clamp(k1, 0, i32(u.coefH) - 1));
  let x = synthRow(aBase + row * u.aW, row * u.coefW, ok1, topX, vBase, hBase, dBase);
  var t = s;
  if (r >= 1u) {
    t.e0 = combineRow(t.e0, x, r - 1u, true);
    t.o0 = combineRow(t.o0, x, r - 1u, false);
  }
  if (r < n) {
    t.e1 = combineRow(t.e1, x, r, true);
    t.o1 = combineRow(t.o1, x, r, false);
  }
  return t;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn synthesisQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  let y0 = 4u * id.y;
  if (x0 >= u.outW || y0 >= u.outH || id.z >= u.channels) { return; }
  let bb = bandBases(id.z);
  let jO = 1u - ODD_OFF;
  let topY = (i32(y0) + 1 + u.off - i32(jO)) >> 1u;
  let topX = (i32(x0) + 1 + u.off - i32(jO)) >> 1u;
  var s = Rows4(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  // coefficient rows k1 = topY + 1 - r, r = 0 .. TAPS / 2 (written out as in synthRow)
  s = synthRows(s, 0u, bb.a, topY, topX, bb.v, bb.h, bb.d);
  s = synthRows(s, 1u, bb.a, topY, topX, bb.v, bb.h, bb.d);
  if (TAPS > 2u) { s = synthRows(s, 2u, bb.a, topY, topX, bb.v, bb.h, bb.d); }
  if (TAPS > 4u) { s = synthRows(s, 3u, bb.a, topY, topX, bb.v, bb.h, bb.d); }
  if (TAPS > 6u) { s = synthRows(s, 4u, bb.a, topY, topX, bb.v, bb.h, bb.d); }
  if (TAPS > 8u) { s = synthRows(s, 5u, bb.a, topY, topX, bb.v, bb.h, bb.d); }
  let e0 = s.e0;
  let o0 = s.o0;
  let e1 = s.e1;
  let o1 = s.o1;
  let wQ = u.outW / 4u;
  let q = (id.z * u.outH + y0) * wQ + id.x;
  dst4[q] = u.scale * e0;
  if (y0 + 1u < u.outH) { dst4[q + wQ] = u.scale * o0; }
  if (y0 + 2u < u.outH) { dst4[q + 2u * wQ] = u.scale * e1; }
  if (y0 + 3u < u.outH) { dst4[q + 3u * wQ] = u.scale * o1; }
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

// swt2 / iswt2 as four output columns 4 bx .. 4 bx + 3 of one row per invocation. Tap s of the
// four reads the window of columns 4 bx + d .. 4 bx + d + 3, d = off - s DIL. DIL is a
// pipeline constant and the tap loops unroll, so d is a constant (as a uniform, the
// per-window shift and branch made iswt2 slower than one output per invocation):
// - rows of whole vec4s (the *Quads entries): vec4s bx + (d >> 2) and the next, shifted by the
//   constant d & 3 (one aligned vec4 when d & 3 is 0, as at every tap from dilation 4 with an
//   even filter); the width is a multiple of 4, so the periodic wrap keeps the shift and wraps
//   whole vec4s;
// - other even widths (swtPairs, swtFusePairs; analysis only): the window is column pairs
//   2 bx + (d >> 1) and the next one or two (d odd), each wrapped as a pair and read as half
//   of a vec4 (which half depends on the row); the stores are floats.
// Odd widths, and iswt2 at widths that are not multiples of 4, keep one position per
// invocation (analysis, analysisSwtFuse, swtSynthesis).
override DIL: u32 = 1u;

// Vec4 i of src4 (which 0) or srcB4 (which 1: the second source, or iswt2's details; swtQuads
// binds its input there too).
fn quadAt(which: u32, i: u32) -> vec4<f32> {
  if (which == 0u) { return src4[i]; }
  return srcB4[i];
}

// Column pair i (floats 2 i, 2 i + 1) of src4 or srcB4.
fn pairAt(which: u32, i: u32) -> vec2<f32> {
  let v = quadAt(which, i >> 1u);
  return select(v.xy, v.zw, (i & 1u) != 0u);
}

// The window at offset d of block bx in the row that starts at q (a vec4 index, or with pairs
// a pair index). Indices fold as the columns do: the host's GENERAL covers the columns read,
// and so the vec4s or pairs they lie in.
fn swtWindow(which: u32, q: u32, bx: i32, d: i32, pairs: bool) -> vec4<f32> {
  if (pairs) {
    let wP = i32(u.outW / 2u);
    let j = 2 * bx + (d >> 1u);
    let a = pairAt(which, q + u32(fold(j, wP, 4u)));
    let b = pairAt(which, q + u32(fold(j + 1, wP, 4u)));
    if ((d & 1) == 0) { return vec4<f32>(a, b); }
    return vec4<f32>(a.y, b, pairAt(which, q + u32(fold(j + 2, wP, 4u))).x);
  }
  let wQ = i32(u.outW / 4u);
  let k = u32(d & 3);
  let a = quadAt(which, q + u32(fold(bx + (d >> 2u), wQ, 4u)));
  if (k == 0u) { return a; }
  return shiftIn(a, quadAt(which, q + u32(fold(bx + (d >> 2u) + 1, wQ, 4u))), k);
}

// A row's length in the window's unit: vec4s, or pairs.
fn rowUnit(pairs: bool) -> u32 { return select(u.outW / 4u, u.outW / 2u, pairs); }

// The four bands of block bx of row y of source `which` (0 src4, 1 srcB4), taps in the order
// of the CPU reference (row taps outer, column taps inner).
fn swtBlock(which: u32, z: u32, bx: u32, y: u32, pairs: bool) -> Acc4v {
  let w = rowUnit(pairs);
  let dil = i32(DIL);
  let off = dil * i32(TAPS / 2u);
  let py = i32(y) + off;
  var sum = Acc4v(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  for (var t = 0u; t < TAPS; t++) {
    let q = (z * u.outH + u32(fold(py - i32(t) * dil, i32(u.outH), 4u))) * w;
    var x = LoHi(vec4<f32>(0.0), vec4<f32>(0.0));
    for (var s = 0u; s < TAPS; s++) {
      let v = swtWindow(which, q, i32(bx), off - i32(s) * dil, pairs);
      x.lo += tapLo(s) * v;
      x.hi += tapHi(s) * v;
    }
    sum = addRow4(sum, tapLo(t), tapHi(t), x);
  }
  return sum;
}

// iswt2 at block bx of row y of channel z (rows of whole vec4s): a from src4, the details from
// srcB4, one periodic convolution per axis, scaled.
fn swtSynthBlock(z: u32, bx: u32, y: u32) -> vec4<f32> {
  let w = rowUnit(false);
  let plane = w * u.outH;
  let aBase = z * plane;
  let hBase = z * plane;
  let vBase = (u.channels + z) * plane;
  let dBase = (2u * u.channels + z) * plane;
  let dil = i32(DIL);
  let off = dil * (i32(TAPS / 2u) - 1);
  let b = i32(bx);
  let py = i32(y) + off;
  var sum = vec4<f32>(0.0);
  for (var t = 0u; t < TAPS; t++) {
    let row = u32(fold(py - i32(t) * dil, i32(u.outH), 4u)) * w;
    var sLo = vec4<f32>(0.0);
    var sHi = vec4<f32>(0.0);
    for (var s = 0u; s < TAPS; s++) {
      let d = off - i32(s) * dil;
      let gl = tapLo(s);
      let gh = tapHi(s);
      sLo += gl * swtWindow(0u, aBase + row, b, d, false) + gh * swtWindow(1u, vBase + row, b, d, false);
      sHi += gl * swtWindow(1u, hBase + row, b, d, false) + gh * swtWindow(1u, dBase + row, b, d, false);
    }
    sum += tapLo(t) * sLo + tapHi(t) * sHi;
  }
  return u.scale * sum;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let s = swtBlock(0u, id.z, id.x, id.y, false);
  let planeQ = u.outW / 4u * u.outH;
  let o = id.z * planeQ + id.y * (u.outW / 4u) + id.x;
  dst4[o] = s.a;
  dstDet4[o] = s.h;
  dstDet4[o + u.channels * planeQ] = s.v;
  dstDet4[o + 2u * u.channels * planeQ] = s.d;
}

// swt2Fuse: both sources' approximations, their details fused by the pixel rule: 5 values
// written per position, against 17 accesses for swt2Step twice and a fuse pass (8 written, 6
// read back, 3 written).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtFuseQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let a = swtBlock(0u, id.z, id.x, id.y, false);
  let b = swtBlock(1u, id.z, id.x, id.y, false);
  let planeQ = u.outW / 4u * u.outH;
  let o = id.z * planeQ + id.y * (u.outW / 4u) + id.x;
  dst4[o] = a.a;
  dstB4[o] = b.a;
  dstDet4[o] = combinePixels4(a.h, b.h, u.rule, u.weight);
  dstDet4[o + u.channels * planeQ] = combinePixels4(a.v, b.v, u.rule, u.weight);
  dstDet4[o + 2u * u.channels * planeQ] = combinePixels4(a.d, b.d, u.rule, u.weight);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtSynthesisQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  dst4[(id.z * u.outH + id.y) * (u.outW / 4u) + id.x] = swtSynthBlock(id.z, id.x, id.y);
}

// The *Pairs entries' stores: n of the four floats of v from index o (the last block of a row
// holds two columns). One function per output array, as an entry binds only the arrays its
// functions name.
fn storeDst(o: u32, n: u32, v: vec4<f32>) { for (var j = 0u; j < n; j++) { dst[o + j] = v[j]; } }

fn storeDstB(o: u32, n: u32, v: vec4<f32>) { for (var j = 0u; j < n; j++) { dstB[o + j] = v[j]; } }

fn storeDet(o: u32, n: u32, v: vec4<f32>) { for (var j = 0u; j < n; j++) { dstDet[o + j] = v[j]; } }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtPairs(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let s = swtBlock(0u, id.z, id.x, id.y, true);
  let plane = u.outW * u.outH;
  let o = (id.z * u.outH + id.y) * u.outW + 4u * id.x;
  let n = min(4u, u.outW - 4u * id.x);
  storeDst(o, n, s.a);
  storeDet(o, n, s.h);
  storeDet(o + u.channels * plane, n, s.v);
  storeDet(o + 2u * u.channels * plane, n, s.d);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn swtFusePairs(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let a = swtBlock(0u, id.z, id.x, id.y, true);
  let b = swtBlock(1u, id.z, id.x, id.y, true);
  let plane = u.outW * u.outH;
  let o = (id.z * u.outH + id.y) * u.outW + 4u * id.x;
  let n = min(4u, u.outW - 4u * id.x);
  storeDst(o, n, a.a);
  storeDstB(o, n, b.a);
  storeDet(o, n, combinePixels4(a.h, b.h, u.rule, u.weight));
  storeDet(o + u.channels * plane, n, combinePixels4(a.v, b.v, u.rule, u.weight));
  storeDet(o + 2u * u.channels * plane, n, combinePixels4(a.d, b.d, u.rule, u.weight));
}
