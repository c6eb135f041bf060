// One unrolled AUIF-Net layer with its conv pair folded (derivation and packed layout in
// src/reference/unrolled.ts): pixels off the outer ring use the 180-degree-symmetric 5x5
// kernel A (13 stored values, A[24-k] = A[k]); the outer one-pixel ring uses the exact two-step
// form: the per-side 3x5 kernels T, or P (9x9) at the corners and on images under 3 pixels.
// Then x' = x - eta * (prelu(alpha * x3 + beta) - theta * (img - x)).
//
// x and y are channels-last [H, W, 4]: one vec4 per pixel holds the four estimates a dispatch
// updates (AUIF-Net: B_ir, B_vis, D_ir, D_vis); channel j uses weight group j / IMG_C and image
// channel j % IMG_C. One vec4 load brings a pixel's four channels: llvmpipe pays per load about
// as much for a vec4 as for one float, and the planar layout (a scalar load per channel) made
// this layer 1.8-2.2x slower. The packed layers are read as vec4 too (stride 160 floats).
//
// Entry `main` computes every pixel with A in blocks of 4 x 8 (columns x rows): each
// invocation loads the 8 x 12 neighbourhood once (reflected at the border), 3 loads per output
// instead of 25 (4x4 blocks, 4 per output, took 1.15-1.25x as long on llvmpipe).
// Entry `ring` then recomputes the outer ring with T or P, one invocation per ring pixel and
// channel: kept out of `main` because a rare 81-tap branch inside the block kernel made every
// SIMD group that touched it pay for it (4x slower overall).
// Taps are summed as A[12] * centre + A[k] * (pair k), k = 0..11, the order of the CPU reference.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

// Offsets in floats within one packed (layer, group) and its length in vec4s.
const P_OFF: u32 = 13u;
const T_OFF: u32 = 94u;
const COEF: u32 = 154u;
const STRIDE4: u32 = 40u;

struct Params { width: u32, height: u32, layer: u32, ringRow: u32 }

@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> img: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// Image channels (1, 2 or 4); the weight groups are 4 / IMG_C.
override IMG_C: u32 = 2u;
// Width a multiple of 4: a block row's four source pixels are one aligned vec4 of img.
override ALIGNED: bool = true;

fn refl(p: i32, n: u32) -> u32 {
  return u32(borderAt(p, i32(n), 0u));
}

fn wf(i: u32) -> f32 { return w[i >> 2u][i & 3u]; }

// One group's A[0..15] (A[13..15] belong to P and are unused) and floats 152..159 (the update
// coefficients eta, theta, alpha, beta, slope at 154..158).
struct GroupW { a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32>, c0: vec4<f32>, c1: vec4<f32> }

fn groupW(g: u32) -> GroupW {
  let b = (u.layer * (4u / IMG_C) + g) * STRIDE4;
  return GroupW(w[b], w[b + 1u], w[b + 2u], w[b + 3u], w[b + 38u], w[b + 39u]);
}

// Component k of four vectors, one per channel.
fn quad(a: vec4<f32>, b: vec4<f32>, c: vec4<f32>, d: vec4<f32>, k: u32) -> vec4<f32> {
  return vec4<f32>(a[k], b[k], c[k], d[k]);
}

struct Taps { t0: vec4<f32>, t1: vec4<f32>, t2: vec4<f32>, t3: vec4<f32>, t4: vec4<f32>, t5: vec4<f32>, t6: vec4<f32>,
              t7: vec4<f32>, t8: vec4<f32>, t9: vec4<f32>, t10: vec4<f32>, t11: vec4<f32>, t12: vec4<f32> }
struct Coef { eta: vec4<f32>, theta: vec4<f32>, alpha: vec4<f32>, beta: vec4<f32>, slope: vec4<f32> }
struct Weights { t: Taps, c: Coef }

// Each channel's taps and coefficients as vec4s; groups shared by several channels load once.
fn weights() -> Weights {
  let q0 = groupW(0u);
  var q1 = q0;
  var q2 = q0;
  var q3 = q0;
  if (IMG_C == 1u) {
    q1 = groupW(1u);
    q2 = groupW(2u);
    q3 = groupW(3u);
  } else if (IMG_C == 2u) {
    q2 = groupW(1u);
    q3 = q2;
  }
  let t = Taps(quad(q0.a0, q1.a0, q2.a0, q3.a0, 0u), quad(q0.a0, q1.a0, q2.a0, q3.a0, 1u), quad(q0.a0, q1.a0, q2.a0, q3.a0, 2u),
               quad(q0.a0, q1.a0, q2.a0, q3.a0, 3u), quad(q0.a1, q1.a1, q2.a1, q3.a1, 0u), quad(q0.a1, q1.a1, q2.a1, q3.a1, 1u),
               quad(q0.a1, q1.a1, q2.a1, q3.a1, 2u), quad(q0.a1, q1.a1, q2.a1, q3.a1, 3u), quad(q0.a2, q1.a2, q2.a2, q3.a2, 0u),
               quad(q0.a2, q1.a2, q2.a2, q3.a2, 1u), quad(q0.a2, q1.a2, q2.a2, q3.a2, 2u), quad(q0.a2, q1.a2, q2.a2, q3.a2, 3u),
               quad(q0.a3, q1.a3, q2.a3, q3.a3, 0u));
  let c = Coef(quad(q0.c0, q1.c0, q2.c0, q3.c0, 2u), quad(q0.c0, q1.c0, q2.c0, q3.c0, 3u), quad(q0.c1, q1.c1, q2.c1, q3.c1, 0u),
               quad(q0.c1, q1.c1, q2.c1, q3.c1, 1u), quad(q0.c1, q1.c1, q2.c1, q3.c1, 2u));
  return Weights(t, c);
}

fn update(c: Coef, x3: vec4<f32>, xv: vec4<f32>, iv: vec4<f32>) -> vec4<f32> {
  let v = c.alpha * x3 + c.beta;
  let p = select(c.slope * v, v, v >= vec4<f32>(0.0));
  return xv - c.eta * (p - c.theta * (iv - xv));
}

fn imgF(i: u32) -> f32 { return img[i >> 2u][i & 3u]; }

// Four adjacent pixels o .. o + 3 of image channel c (past the right edge: the last pixel).
fn img4(c: u32, o: u32, px: u32) -> vec4<f32> {
  let b = c * u.width * u.height + o;
  if (ALIGNED) { return img[b >> 2u]; }
  let last = u.width - 1u - px;
  return vec4<f32>(imgF(b), imgF(b + min(1u, last)), imgF(b + min(2u, last)), imgF(b + min(3u, last)));
}

// The source pixels of a block row (pixel o = row * W + px), one vec4 per pixel: component j
// is image channel j % IMG_C.
struct ImgRow { a: vec4<f32>, b: vec4<f32>, c: vec4<f32>, d: vec4<f32> }

fn imgRow(o: u32, px: u32) -> ImgRow {
  let v0 = img4(0u, o, px);
  var v1 = v0;
  var v2 = v0;
  var v3 = v0;
  if (IMG_C == 2u) {
    v1 = img4(1u, o, px);
    v3 = v1;
  } else if (IMG_C == 4u) {
    v1 = img4(1u, o, px);
    v2 = img4(2u, o, px);
    v3 = img4(3u, o, px);
  }
  return ImgRow(quad(v0, v1, v2, v3, 0u), quad(v0, v1, v2, v3, 1u), quad(v0, v1, v2, v3, 2u), quad(v0, v1, v2, v3, 3u));
}

// Eight pixels of one row at columns -2 .. 5 of a block (reflected at the border).
struct Row8 { a: vec4<f32>, b: vec4<f32>, c: vec4<f32>, d: vec4<f32>, e: vec4<f32>, f: vec4<f32>, g: vec4<f32>, h: vec4<f32> }

fn load8(row: u32, ca: vec4<u32>, cb: vec4<u32>) -> Row8 {
  return Row8(x[row + ca.x], x[row + ca.y], x[row + ca.z], x[row + ca.w], x[row + cb.x], x[row + cb.y], x[row + cb.z], x[row + cb.w]);
}

// The five pixels around output column j of a block row: m2 at column j - 2, ..., p2 at j + 2.
struct Win { m2: vec4<f32>, m1: vec4<f32>, z: vec4<f32>, p1: vec4<f32>, p2: vec4<f32> }

fn win0(r: Row8) -> Win { return Win(r.a, r.b, r.c, r.d, r.e); }
fn win1(r: Row8) -> Win { return Win(r.b, r.c, r.d, r.e, r.f); }
fn win2(r: Row8) -> Win { return Win(r.c, r.d, r.e, r.f, r.g); }
fn win3(r: Row8) -> Win { return Win(r.d, r.e, r.f, r.g, r.h); }

// x3 of one pixel from its five rows (u = -2..2), in the reference's order: A[12] * centre,
// then A[k] * (x[p + off_k] + x[p - off_k]) for k = 0..11 (row-major offsets).
fn x3At(r0: Win, r1: Win, r2: Win, r3: Win, r4: Win, t: Taps) -> vec4<f32> {
  var acc = t.t12 * r2.z;
  acc += t.t0 * (r0.m2 + r4.p2);
  acc += t.t1 * (r0.m1 + r4.p1);
  acc += t.t2 * (r0.z + r4.z);
  acc += t.t3 * (r0.p1 + r4.m1);
  acc += t.t4 * (r0.p2 + r4.m2);
  acc += t.t5 * (r1.m2 + r3.p2);
  acc += t.t6 * (r1.m1 + r3.p1);
  acc += t.t7 * (r1.z + r3.z);
  acc += t.t8 * (r1.p1 + r3.m1);
  acc += t.t9 * (r1.p2 + r3.m2);
  acc += t.t10 * (r2.m2 + r2.p2);
  acc += t.t11 * (r2.m1 + r2.p1);
  return acc;
}

// The four updated pixels of a block row whose five source rows are r0..r4 and sources iv.
struct Out4 { a: vec4<f32>, b: vec4<f32>, c: vec4<f32>, d: vec4<f32> }

fn blockRow(wt: Weights, iv: ImgRow, r0: Row8, r1: Row8, r2: Row8, r3: Row8, r4: Row8) -> Out4 {
  let t = wt.t;
  return Out4(update(wt.c, x3At(win0(r0), win0(r1), win0(r2), win0(r3), win0(r4), t), r2.c, iv.a),
              update(wt.c, x3At(win1(r0), win1(r1), win1(r2), win1(r3), win1(r4), t), r2.d, iv.b),
              update(wt.c, x3At(win2(r0), win2(r1), win2(r2), win2(r3), win2(r4), t), r2.e, iv.c),
              update(wt.c, x3At(win3(r0), win3(r1), win3(r2), win3(r3), win3(r4), t), r2.f, iv.d));
}

fn storeRow(o: u32, v: Out4) {
  y[o] = v.a;
  y[o + 1u] = v.b;
  y[o + 2u] = v.c;
  y[o + 3u] = v.d;
}

// A block row cut by the right or bottom edge: only the in-image pixels.
fn storePartialRow(py: u32, px: u32, v: Out4) {
  if (py >= u.height) { return; }
  let o = py * u.width + px;
  y[o] = v.a;
  if (px + 1u < u.width) { y[o + 1u] = v.b; }
  if (px + 2u < u.width) { y[o + 2u] = v.c; }
  if (px + 3u < u.width) { y[o + 3u] = v.d; }
}

fn emit(full: bool, py: u32, px: u32, v: Out4) {
  if (full) {
    storeRow(py * u.width + px, v);
  } else {
    storePartialRow(py, px, v);
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let px = id.x * 4u;
  let py = id.y * 8u;
  if (px >= u.width || py >= u.height) { return; }
  let H = u.height;
  let W = u.width;
  // Rows -2 .. 9 and columns -2 .. 5 around the block, reflected once (exact for every
  // non-ring pixel).
  let ip = i32(px);
  let ca = vec4<u32>(refl(ip - 2, W), refl(ip - 1, W), refl(ip, W), refl(ip + 1, W));
  let cb = vec4<u32>(refl(ip + 2, W), refl(ip + 3, W), refl(ip + 4, W), refl(ip + 5, W));
  let jy = i32(py);
  let r0 = load8(refl(jy + -2, H) * W, ca, cb);
  let r1 = load8(refl(jy + -1, H) * W, ca, cb);
  let r2 = load8(refl(jy + 0, H) * W, ca, cb);
  let r3 = load8(refl(jy + 1, H) * W, ca, cb);
  let r4 = load8(refl(jy + 2, H) * W, ca, cb);
  let r5 = load8(refl(jy + 3, H) * W, ca, cb);
  let r6 = load8(refl(jy + 4, H) * W, ca, cb);
  let r7 = load8(refl(jy + 5, H) * W, ca, cb);
  let r8 = load8(refl(jy + 6, H) * W, ca, cb);
  let r9 = load8(refl(jy + 7, H) * W, ca, cb);
  let r10 = load8(refl(jy + 8, H) * W, ca, cb);
  let r11 = load8(refl(jy + 9, H) * W, ca, cb);
  let wt = weights();
  // Block rows past the bottom edge read the last row's sources (and are not stored).
  let last = H - 1u;
  let full = px + 4u <= W && py + 8u <= H;
  emit(full, py + 0u, px, blockRow(wt, imgRow(min(py + 0u, last) * W + px, px), r0, r1, r2, r3, r4));
  emit(full, py + 1u, px, blockRow(wt, imgRow(min(py + 1u, last) * W + px, px), r1, r2, r3, r4, r5));
  emit(full, py + 2u, px, blockRow(wt, imgRow(min(py + 2u, last) * W + px, px), r2, r3, r4, r5, r6));
  emit(full, py + 3u, px, blockRow(wt, imgRow(min(py + 3u, last) * W + px, px), r3, r4, r5, r6, r7));
  emit(full, py + 4u, px, blockRow(wt, imgRow(min(py + 4u, last) * W + px, px), r4, r5, r6, r7, r8));
  emit(full, py + 5u, px, blockRow(wt, imgRow(min(py + 5u, last) * W + px, px), r5, r6, r7, r8, r9));
  emit(full, py + 6u, px, blockRow(wt, imgRow(min(py + 6u, last) * W + px, px), r6, r7, r8, r9, r10));
  emit(full, py + 7u, px, blockRow(wt, imgRow(min(py + 7u, last) * W + px, px), r7, r8, r9, r10, r11));
}

// Channel c of a pixel, reflected.
fn at(c: u32, r: i32, col: i32) -> f32 {
  return x[refl(r, u.height) * u.width + refl(col, u.width)][c];
}

// A side pixel of the ring: T over the three rows (columns) nearest the edge, in the
// reference's order (distance outer, offset along the edge inner).
fn sideX3(c: u32, base: u32, side: u32, py: i32, px: i32) -> f32 {
  let t = base + T_OFF + side * 15u;
  // Pixel (r0 + dist * dr + along * ar, c0 + dist * dc + along * ac) for each side.
  let vertical = side < 2u;
  let r0 = select(select(py, i32(u.height) - 1, side == 1u), 0, side == 0u);
  let c0 = select(select(i32(u.width) - 1, 0, side == 2u), px, vertical);
  let dr = select(0, select(1, -1, side == 1u), vertical);
  let dc = select(select(-1, 1, side == 2u), 0, vertical);
  let ar = select(1, 0, vertical);
  let ac = select(0, 1, vertical);
  var x3 = 0.0;
  for (var dist = 0; dist < 3; dist++) {
    for (var along = -2; along <= 2; along++) {
      x3 += wf(t + u32(dist * 5 + along + 2)) * at(c, r0 + dist * dr + along * ar, c0 + dist * dc + along * ac);
    }
  }
  return x3;
}

// The exact two-step form: sum over P of doubly reflected neighbours (corners, tiny images).
fn ringX3(c: u32, base: u32, py: i32, px: i32) -> f32 {
  var x3 = 0.0;
  for (var d = 0; d < 9; d++) {
    let qy = borderIndex(py + d / 3 - 1, i32(u.height), 0u);
    let qx = borderIndex(px + d % 3 - 1, i32(u.width), 0u);
    for (var e = 0; e < 9; e++) {
      x3 += wf(base + P_OFF + u32(d * 9 + e)) * at(c, qy + e / 3 - 1, qx + e % 3 - 1);
    }
  }
  return x3;
}

// The outer ring with the exact two-step form; runs after `main` in the same pass. Ring pixel
// i = id.y * ringRow + id.x: top row, then bottom row, then the left and right columns
// without their corners (a 2-D grid so every invocation of a workgroup has a pixel); id.z is
// the channel.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn ring(@builtin(global_invocation_id) id: vec3<u32>) {
  let H = u.height;
  let W = u.width;
  let side = select(0u, H - 2u, H > 2u);
  let i = id.y * u.ringRow + id.x;
  if (id.x >= u.ringRow) { return; }
  if (i >= 2u * W + 2u * side || id.z >= 4u) { return; }
  var py: u32;
  var px: u32;
  if (i < W) { py = 0u; px = i; }
  else if (i < 2u * W) { py = H - 1u; px = i - W; }
  else if (i < 2u * W + side) { py = i - 2u * W + 1u; px = 0u; }
  else { py = i - 2u * W - side + 1u; px = W - 1u; }
  let c = id.z;
  let base = (u.layer * (4u / IMG_C) + c / IMG_C) * STRIDE4 * 4u;
  let o = py * W + px;
  let top = py == 0u;
  let bottom = py + 1u == H;
  let left = px == 0u;
  let right = px + 1u == W;
  var x3: f32;
  if (H < 3u || W < 3u || ((top || bottom) && (left || right))) {
    x3 = ringX3(c, base, i32(py), i32(px));
  } else {
    x3 = sideX3(c, base, select(select(select(3u, 2u, left), 1u, bottom), 0u, top), i32(py), i32(px));
  }
  let xv = x[o][c];
  let v = wf(base + COEF + 2u) * x3 + wf(base + COEF + 3u);
  let p = select(wf(base + COEF + 4u) * v, v, v >= 0.0);
  let iv = imgF((c % IMG_C) * H * W + o);
  // y[o][c] alone: the other channels of this pixel belong to other invocations.
  y[o][c] = xv - wf(base + COEF) * (p - wf(base + COEF + 1u) * (iv - xv));
}
