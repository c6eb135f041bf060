// One Laplacian level of two sources, fused and collapsed in one pass (pixel rules):
// y = rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse)) + pyrUp(top), where top is the collapsed
// coarser level. The fused band is never written and read back, and the three pyrUps share
// their taps: a level costs one dispatch instead of laplacianFuse + pyrUpAdd.
//#include "common/pyr_up.wgsl"
//#include "common/fuse_rule.wgsl"

struct Params { width: u32, height: u32, channels: u32, coarseWidth: u32, coarseHeight: u32, rule: u32, weight: f32 }

@group(0) @binding(0) var<storage, read> fineA: array<f32>;
@group(0) @binding(1) var<storage, read> coarseA: array<f32>;
@group(0) @binding(2) var<storage, read> fineB: array<f32>;
@group(0) @binding(3) var<storage, read> coarseB: array<f32>;
@group(0) @binding(4) var<storage, read> top: array<f32>;
@group(0) @binding(5) var<storage, read_write> dst: array<f32>;
@group(0) @binding(6) var<uniform> u: Params;
// The same tensors as vec4s for `aligned`: the pool rounds every buffer up to 256 bytes.
@group(0) @binding(7) var<storage, read> fineA4: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> coarseA4: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read> fineB4: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read> coarseB4: array<vec4<f32>>;
@group(0) @binding(11) var<storage, read> top4: array<vec4<f32>>;
@group(0) @binding(12) var<storage, read_write> dst4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn row3(which: u32, r: u32, c: vec3<u32>) -> vec3<f32> {
  switch which {
    case 0u: { return vec3<f32>(coarseA[r + c.x], coarseA[r + c.y], coarseA[r + c.z]); }
    case 1u: { return vec3<f32>(coarseB[r + c.x], coarseB[r + c.y], coarseB[r + c.z]); }
    default: { return vec3<f32>(top[r + c.x], top[r + c.y], top[r + c.z]); }
  }
}

fn quadOf(which: u32, k: UpBlock, cplane: u32, cw: u32) -> vec4<f32> {
  return upQuad(row3(which, cplane + k.r.x * cw, k.c), row3(which, cplane + k.r.y * cw, k.c), row3(which, cplane + k.r.z * cw, k.c), k.evenColIsOdd);
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
  let ua = quadOf(0u, k, cplane, cw);
  let ub = quadOf(1u, k, cplane, cw);
  let ut = quadOf(2u, k, cplane, cw);
  let o = (id.z * u.height + y) * u.width + x;
  let right = x + 1u < u.width;
  dst[o] = combine(fineA[o] - ua.x, fineB[o] - ub.x, 0.0, 0.0, u.rule, u.weight) + ut.x;
  if (right) { dst[o + 1u] = combine(fineA[o + 1u] - ua.y, fineB[o + 1u] - ub.y, 0.0, 0.0, u.rule, u.weight) + ut.y; }
  if (y + 1u < u.height) {
    let o2 = o + u.width;
    dst[o2] = combine(fineA[o2] - ua.z, fineB[o2] - ub.z, 0.0, 0.0, u.rule, u.weight) + ut.z;
    if (right) { dst[o2 + 1u] = combine(fineA[o2 + 1u] - ua.w, fineB[o2 + 1u] - ub.w, 0.0, 0.0, u.rule, u.weight) + ut.w; }
  }
}

// One coarse row, upsampled along x to the block's 8 output columns as (even, odd) columns:
// even 2j = .125 c[j-1] + .75 c[j] + .125 c[j+1], odd 2j+1 = .5 c[j] + .5 c[j+1] (upTaps).
// The row's vec4s are q - 1, q, q + 1; c[-1] reflects to c[1] at the left edge and c[4]
// repeats c[3] at the right edge (the rule of common/pyr_up.wgsl).
struct Up8 { even: vec4<f32>, odd: vec4<f32> }

fn up8(which: u32, rowQ: u32, bx: u32, lastQ: u32) -> Up8 {
  let ql = rowQ + max(bx, 1u) - 1u;
  let qm = rowQ + bx;
  let qr = rowQ + min(bx + 1u, lastQ);
  var l: vec4<f32>;
  var m: vec4<f32>;
  var r: vec4<f32>;
  switch which {
    case 0u: { l = coarseA4[ql]; m = coarseA4[qm]; r = coarseA4[qr]; }
    case 1u: { l = coarseB4[ql]; m = coarseB4[qm]; r = coarseB4[qr]; }
    default: { l = top4[ql]; m = top4[qm]; r = top4[qr]; }
  }
  let before = select(m.y, l.w, bx > 0u);
  let after = select(m.w, r.x, bx < lastQ);
  let cm = vec4<f32>(before, m.x, m.y, m.z);
  let cp = vec4<f32>(m.y, m.z, m.w, after);
  return Up8(0.125 * cm + 0.75 * m + 0.125 * cp, 0.5 * m + 0.5 * cp);
}

// Four outputs of one row: columns 2j, 2j + 1 for j = first .. first + 1 of the 8-column block.
fn store4(q: u32, ua: Up8, ub: Up8, ut: Up8, second: bool) {
  var ea = vec4<f32>(ua.even.x, ua.odd.x, ua.even.y, ua.odd.y);
  var eb = vec4<f32>(ub.even.x, ub.odd.x, ub.even.y, ub.odd.y);
  var et = vec4<f32>(ut.even.x, ut.odd.x, ut.even.y, ut.odd.y);
  if (second) {
    ea = vec4<f32>(ua.even.z, ua.odd.z, ua.even.w, ua.odd.w);
    eb = vec4<f32>(ub.even.z, ub.odd.z, ub.even.w, ub.odd.w);
    et = vec4<f32>(ut.even.z, ut.odd.z, ut.even.w, ut.odd.w);
  }
  dst4[q] = combinePixels4(fineA4[q] - ea, fineB4[q] - eb, u.rule, u.weight) + et;
}

// An even output row 2m and the odd row 2m + 1 below it from coarse rows m - 1, m, m + 1
// (t, m, b), each already upsampled along x.
struct Rows8 { e: Up8, o: Up8 }

fn vert(t: Up8, m: Up8, b: Up8) -> Rows8 {
  return Rows8(Up8(0.125 * t.even + 0.75 * m.even + 0.125 * b.even, 0.125 * t.odd + 0.75 * m.odd + 0.125 * b.odd),
               Up8(0.5 * m.even + 0.5 * b.even, 0.5 * m.odd + 0.5 * b.odd));
}

// Coarse rows m - 1 .. m + 2 of a 4-row output block (rows 2m .. 2m + 3), upsampled along x.
struct Up4Rows { r0: Up8, r1: Up8, r2: Up8, r3: Up8 }

fn rows4(which: u32, r: vec4<u32>, cplaneQ: u32, cwQ: u32, bx: u32) -> Up4Rows {
  return Up4Rows(up8(which, cplaneQ + r.x * cwQ, bx, cwQ - 1u), up8(which, cplaneQ + r.y * cwQ, bx, cwQ - 1u),
                 up8(which, cplaneQ + r.z * cwQ, bx, cwQ - 1u), up8(which, cplaneQ + r.w * cwQ, bx, cwQ - 1u));
}

// width == 2 * coarseWidth and coarseWidth % 4 == 0 (the host checks): an 8 x 4 output block
// per invocation, every load and store a vec4 (llvmpipe pays per lane and access, a vec4 about
// 1.2 floats): 36 coarse and 16 fine loads and 8 stores for 32 outputs. height <= 2 *
// coarseHeight (the host checks), so an output row's coarse rows are the block's clamped ones.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn aligned(@builtin(global_invocation_id) id: vec3<u32>) {
  let wQ = u.width / 4u;
  let cwQ = u.coarseWidth / 4u;
  let bx = id.x;
  let y = 4u * id.y;
  if (bx >= cwQ || y >= u.height || id.z >= u.channels) { return; }
  let ch = u.coarseHeight;
  let ly = ch - 1u;
  let m0 = min(2u * id.y, ly);
  let m1 = min(2u * id.y + 1u, ly);
  let r = vec4<u32>(select(min(1u, ly), m0 - 1u, m0 > 0u), m0, m1, min(m1 + 1u, ly));
  let cplaneQ = id.z * cwQ * ch;
  let a = rows4(0u, r, cplaneQ, cwQ, bx);
  let b = rows4(1u, r, cplaneQ, cwQ, bx);
  let t = rows4(2u, r, cplaneQ, cwQ, bx);
  let q = (id.z * u.height + y) * wQ + 2u * bx;
  let a0 = vert(a.r0, a.r1, a.r2);
  let b0 = vert(b.r0, b.r1, b.r2);
  let t0 = vert(t.r0, t.r1, t.r2);
  store4(q, a0.e, b0.e, t0.e, false);
  store4(q + 1u, a0.e, b0.e, t0.e, true);
  if (y + 1u < u.height) {
    store4(q + wQ, a0.o, b0.o, t0.o, false);
    store4(q + wQ + 1u, a0.o, b0.o, t0.o, true);
  }
  let a1 = vert(a.r1, a.r2, a.r3);
  let b1 = vert(b.r1, b.r2, b.r3);
  let t1 = vert(t.r1, t.r2, t.r3);
  if (y + 2u < u.height) {
    store4(q + 2u * wQ, a1.e, b1.e, t1.e, false);
    store4(q + 2u * wQ + 1u, a1.e, b1.e, t1.e, true);
  }
  if (y + 3u < u.height) {
    store4(q + 3u * wQ, a1.o, b1.o, t1.o, false);
    store4(q + 3u * wQ + 1u, a1.o, b1.o, t1.o, true);
  }
}
