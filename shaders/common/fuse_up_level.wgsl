// One Laplacian level of two sources, fused and collapsed in one pass (pixel rules), shared by
// laplacian_fuse_up.wgsl (the fused level is the output) and laplacian_fuse_up_rgb.wgsl (the
// second source is an RGB image whose luma is fused; the output is RGB with its chroma). The
// including file binds the second source (binding 2, and 9 as vec4s) and defines out1(o, ua,
// ub, ut) (output pixel o from the three pyrUps there: a's, b's and top's) and out4(q, ea, eb,
// et) (the four pixels of vec4 q).
//#include "common/pyr_up.wgsl"
//#include "common/fuse_rule.wgsl"

// delta: laplacian_fuse_up_rgb.wgsl's chroma offset (unused by the luma output). fineBOff,
// coarseBOff: where the second source's plane starts in its fine / coarse binding, in floats
// (the first source's plane size where both sources are one stacked tensor bound twice, else
// 0).
struct Params {
  width: u32, height: u32, channels: u32, coarseWidth: u32, coarseHeight: u32, weight: f32, delta: f32,
  fineBOff: u32, coarseBOff: u32,
}

@group(0) @binding(0) var<storage, read> fineA: array<f32>;
@group(0) @binding(1) var<storage, read> coarseA: array<f32>;
@group(0) @binding(3) var<storage, read> coarseB: array<f32>;
@group(0) @binding(4) var<storage, read> top: array<f32>;
@group(0) @binding(5) var<storage, read_write> dst: array<f32>;
@group(0) @binding(6) var<uniform> u: Params;
// The same tensors as vec4s for `aligned`: the pool rounds every buffer up to 256 bytes.
@group(0) @binding(7) var<storage, read> fineA4: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> coarseA4: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read> coarseB4: array<vec4<f32>>;
@group(0) @binding(11) var<storage, read> top4: array<vec4<f32>>;
@group(0) @binding(12) var<storage, read_write> dst4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// The band rule and, with FOLD_TOP, the top's rule (common/fuse_rule.wgsl's pixel rule ids) as
// constants: SwiftShader ran the 640x512 level 1.13x faster than with a uniform switch.
override RULE: u32 = 1u;
override LOW_RULE: u32 = 0u;
// The coarsest level: `top` is not read but made here, the two coarse levels fused by LOW_RULE
// (the values a `fuse` pass would store, the same arithmetic), one dispatch fewer per fusion.
override FOLD_TOP: bool = false;

fn lowOf(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  return combinePixels4(a, b, LOW_RULE, u.weight);
}

fn row3(which: u32, r: u32, c: vec3<u32>) -> vec3<f32> {
  switch which {
    case 0u: { return vec3<f32>(coarseA[r + c.x], coarseA[r + c.y], coarseA[r + c.z]); }
    case 1u: { let s = u.coarseBOff + r; return vec3<f32>(coarseB[s + c.x], coarseB[s + c.y], coarseB[s + c.z]); }
    default: { return vec3<f32>(top[r + c.x], top[r + c.y], top[r + c.z]); }
  }
}

// The 3x3 coarse neighbourhood of a 2x2 block: rows m - 1 (t), m, m + 1 (b).
struct Rows3 { t: vec3<f32>, m: vec3<f32>, b: vec3<f32> }

fn rows3(which: u32, k: UpBlock, cplane: u32, cw: u32) -> Rows3 {
  return Rows3(row3(which, cplane + k.r.x * cw, k.c), row3(which, cplane + k.r.y * cw, k.c), row3(which, cplane + k.r.z * cw, k.c));
}

fn low3(a: vec3<f32>, b: vec3<f32>) -> vec3<f32> {
  return lowOf(vec4<f32>(a, 0.0), vec4<f32>(b, 0.0)).xyz;
}

fn topRows(ra: Rows3, rb: Rows3, k: UpBlock, cplane: u32, cw: u32) -> Rows3 {
  if (FOLD_TOP) { return Rows3(low3(ra.t, rb.t), low3(ra.m, rb.m), low3(ra.b, rb.b)); }
  return rows3(2u, k, cplane, cw);
}

fn quadOf(r: Rows3, k: UpBlock) -> vec4<f32> {
  return upQuad(r.t, r.m, r.b, k.evenColIsOdd);
}

// Any size: one 2x2 output block per invocation over the shared 3x3 coarse neighbourhood.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let x = 2u * id.x;
  let y = 2u * id.y;
  if (x >= u.width || y >= u.height || id.z >= u.channels) { return; }
  let cw = u.coarseWidth;
  let cplane = id.z * cw * u.coarseHeight;
  let k = upBlock(id.x, id.y, cw, u.coarseHeight);
  let ra = rows3(0u, k, cplane, cw);
  let rb = rows3(1u, k, cplane, cw);
  let ua = quadOf(ra, k);
  let ub = quadOf(rb, k);
  let ut = quadOf(topRows(ra, rb, k, cplane, cw), k);
  let o = (id.z * u.height + y) * u.width + x;
  let right = x + 1u < u.width;
  out1(o, ua.x, ub.x, ut.x);
  if (right) { out1(o + 1u, ua.y, ub.y, ut.y); }
  if (y + 1u < u.height) {
    let o2 = o + u.width;
    out1(o2, ua.z, ub.z, ut.z);
    if (right) { out1(o2 + 1u, ua.w, ub.w, ut.w); }
  }
}

// Coarse row values upsampled along x, as (even, odd) output columns: even 2j = .125 c[j-1]
// + .75 c[j] + .125 c[j+1], odd 2j+1 = .5 c[j] + .5 c[j+1] (upTaps), for j over one vec4 m
// with its neighbours `before` (c[-1]) and `after` (c[4]).
struct Up8 { even: vec4<f32>, odd: vec4<f32> }

fn upHalf(before: f32, m: vec4<f32>, after: f32) -> Up8 {
  let cm = vec4<f32>(before, m.x, m.y, m.z);
  let cp = vec4<f32>(m.y, m.z, m.w, after);
  return Up8(0.125 * cm + 0.75 * m + 0.125 * cp, 0.5 * m + 0.5 * cp);
}

// One coarse row at the block's 16 output columns: coarse columns 8 bx - 1 .. 8 bx + 8 from
// the vec4s q - 1 .. q + 2 (clamped to the row). c[-1] reflects to c[1] at the left edge and
// the column past the right edge repeats the last (the rule of common/pyr_up.wgsl), whichever
// half of the block it falls in (coarseWidth % 8 may be 4: the second half is then not stored).
struct Up16 { a: Up8, b: Up8 }

// The row's vec4s q - 1 .. q + 2 as loaded (l, m0, m1, r).
struct Raw16 { l: vec4<f32>, m0: vec4<f32>, m1: vec4<f32>, r: vec4<f32> }

fn raw16(which: u32, rowQ: u32, bx: u32, lastQ: u32) -> Raw16 {
  let q = 2u * bx;
  let ql = rowQ + max(q, 1u) - 1u;
  let q0 = rowQ + q;
  let q1 = rowQ + min(q + 1u, lastQ);
  let q2 = rowQ + min(q + 2u, lastQ);
  switch which {
    case 0u: { return Raw16(coarseA4[ql], coarseA4[q0], coarseA4[q1], coarseA4[q2]); }
    case 1u: { let o = u.coarseBOff / 4u; return Raw16(coarseB4[o + ql], coarseB4[o + q0], coarseB4[o + q1], coarseB4[o + q2]); }
    default: { return Raw16(top4[ql], top4[q0], top4[q1], top4[q2]); }
  }
}

fn up16Of(v: Raw16, bx: u32, lastQ: u32) -> Up16 {
  let q = 2u * bx;
  return Up16(upHalf(select(v.m0.y, v.l.w, q > 0u), v.m0, select(v.m0.w, v.m1.x, q < lastQ)),
              upHalf(v.m0.w, v.m1, select(v.m1.w, v.r.x, q + 1u < lastQ)));
}

// The top level's row: loaded, or with FOLD_TOP fused from the two coarse rows already loaded.
fn top16(ra: Raw16, rb: Raw16, rowQ: u32, bx: u32, lastQ: u32) -> Up16 {
  if (FOLD_TOP) { return up16Of(Raw16(lowOf(ra.l, rb.l), lowOf(ra.m0, rb.m0), lowOf(ra.m1, rb.m1), lowOf(ra.r, rb.r)), bx, lastQ); }
  return up16Of(raw16(2u, rowQ, bx, lastQ), bx, lastQ);
}

// An even output row 2m and the odd row 2m + 1 below it from coarse rows m - 1, m, m + 1
// (t, m, b), each already upsampled along x.
struct Rows8 { e: Up8, o: Up8 }

fn vert(t: Up8, m: Up8, b: Up8) -> Rows8 {
  return Rows8(Up8(0.125 * t.even + 0.75 * m.even + 0.125 * b.even, 0.125 * t.odd + 0.75 * m.odd + 0.125 * b.odd),
               Up8(0.5 * m.even + 0.5 * b.even, 0.5 * m.odd + 0.5 * b.odd));
}

struct Rows16 { a: Rows8, b: Rows8 }

fn vert16(t: Up16, m: Up16, b: Up16) -> Rows16 {
  return Rows16(vert(t.a, m.a, b.a), vert(t.b, m.b, b.b));
}

// Four outputs of one row, columns 2j, 2j + 1 for the first (j = 0, 1) or second (j = 2, 3)
// half of an Up8.
fn store4(q: u32, ua: Up8, ub: Up8, ut: Up8, second: bool) {
  var ea = vec4<f32>(ua.even.x, ua.odd.x, ua.even.y, ua.odd.y);
  var eb = vec4<f32>(ub.even.x, ub.odd.x, ub.even.y, ub.odd.y);
  var et = vec4<f32>(ut.even.x, ut.odd.x, ut.even.y, ut.odd.y);
  if (second) {
    ea = vec4<f32>(ua.even.z, ua.odd.z, ua.even.w, ua.odd.w);
    eb = vec4<f32>(ub.even.z, ub.odd.z, ub.even.w, ub.odd.w);
    et = vec4<f32>(ut.even.z, ut.odd.z, ut.even.w, ut.odd.w);
  }
  out4(q, ea, eb, et);
}

// One output row of the block: 8 columns (two vec4s) from each half the row has.
fn storeRow(q: u32, a: Rows16, b: Rows16, t: Rows16, odd: bool, two: bool) {
  if (odd) {
    store4(q, a.a.o, b.a.o, t.a.o, false);
    store4(q + 1u, a.a.o, b.a.o, t.a.o, true);
    if (two) {
      store4(q + 2u, a.b.o, b.b.o, t.b.o, false);
      store4(q + 3u, a.b.o, b.b.o, t.b.o, true);
    }
  } else {
    store4(q, a.a.e, b.a.e, t.a.e, false);
    store4(q + 1u, a.a.e, b.a.e, t.a.e, true);
    if (two) {
      store4(q + 2u, a.b.e, b.b.e, t.b.e, false);
      store4(q + 3u, a.b.e, b.b.e, t.b.e, true);
    }
  }
}

// Output row pairs per invocation of `aligned` (the host sizes the grid by it).
override PAIRS: u32 = 8u;

// width == 2 * coarseWidth and coarseWidth % 4 == 0 (the host checks): a 16-column strip of
// 2 PAIRS output rows per invocation, every load and store a vec4 (llvmpipe pays per lane and
// access: a vec4 load costs 2.5-3 float loads, half of four), the three coarse rows of each row pair sliding down the
// strip: 12 coarse and 16 fine loads and 8 stores per 32 outputs after the first pair (16 x 4
// blocks: 48, 32 and 16 for 64; 16 rows ran 1.08-1.2x faster at 640x512 and 320x256 on
// llvmpipe, 8 rows no faster; 8 x 4 blocks took 1.1-1.2x as long as 16 x 4). height <= 2 *
// coarseHeight (the host checks), so every stored row pair's coarse row is in the image and
// only the row below it is clamped.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn aligned(@builtin(global_invocation_id) id: vec3<u32>) {
  let wQ = u.width / 4u;
  let cwQ = u.coarseWidth / 4u;
  let bx = id.x;
  let y = 2u * PAIRS * id.y;
  if (2u * bx >= cwQ || y >= u.height || id.z >= u.channels) { return; }
  let ly = u.coarseHeight - 1u;
  let cplane = id.z * cwQ * u.coarseHeight;
  let m0 = y / 2u;
  let last = cwQ - 1u;
  // coarse row -1 reflects to 1 (0 when there is one row)
  let rt = cplane + select(min(1u, ly), m0 - 1u, m0 > 0u) * cwQ;
  let rm = cplane + m0 * cwQ;
  let ra0 = raw16(0u, rt, bx, last);
  let rb0 = raw16(1u, rt, bx, last);
  let ra1 = raw16(0u, rm, bx, last);
  let rb1 = raw16(1u, rm, bx, last);
  var a0 = up16Of(ra0, bx, last);
  var a1 = up16Of(ra1, bx, last);
  var b0 = up16Of(rb0, bx, last);
  var b1 = up16Of(rb1, bx, last);
  var t0 = top16(ra0, rb0, rt, bx, last);
  var t1 = top16(ra1, rb1, rm, bx, last);
  let two = 2u * bx + 1u < cwQ;
  for (var k = 0u; k < PAIRS; k++) {
    let yk = y + 2u * k;
    // a loop ends when no lane goes on: strips past the bottom stop there
    if (yk >= u.height) { break; }
    let rb = cplane + min(m0 + k + 1u, ly) * cwQ;
    let ra2 = raw16(0u, rb, bx, last);
    let rb2 = raw16(1u, rb, bx, last);
    let a2 = up16Of(ra2, bx, last);
    let b2 = up16Of(rb2, bx, last);
    let t2 = top16(ra2, rb2, rb, bx, last);
    let q = (id.z * u.height + yk) * wQ + 4u * bx;
    let va = vert16(a0, a1, a2);
    let vb = vert16(b0, b1, b2);
    let vt = vert16(t0, t1, t2);
    storeRow(q, va, vb, vt, false, two);
    if (yk + 1u < u.height) { storeRow(q + wQ, va, vb, vt, true, two); }
    a0 = a1;
    a1 = a2;
    b0 = b1;
    b1 = b2;
    t0 = t1;
    t1 = t2;
  }
}
