// One unrolled AUIF-Net layer with its conv pair folded (derivation and packed layout in
// src/reference/unrolled.ts): pixels off the outer ring use the 180-degree-symmetric 5x5
// kernel A (13 stored values, A[24-k] = A[k]); the outer one-pixel ring uses the exact two-step
// form: the per-side 3x5 kernels T, or P (9x9) at the corners and on images under 3 pixels. Then x' = x - eta * (prelu(alpha * x3 + beta) - theta * (img - x)).
// Channel c uses weight group c / imgChannels and image channel c % imgChannels, so one
// dispatch runs both encoders over both sources.
//
// Entry `main` computes every pixel with A, four by four: each invocation loads the 8x8
// neighbourhood of a 4x4 block once (reflected at the border), 4 loads per output instead of 25
// (5-6x faster on llvmpipe and SwiftShader). Entry `ring` then recomputes the outer ring with P,
// one invocation per ring pixel: kept out of `main` because a rare 81-tap branch inside the
// block kernel made every SIMD group that touched it pay for it (4x slower overall).
// Taps are summed row by row (v inner, u outer), the order of the CPU reference.
//#include "common/border.wgsl"

const STRIDE: u32 = 159u;
const P_OFF: u32 = 13u;
const T_OFF: u32 = 94u;
const COEF: u32 = 154u;

struct Params { width: u32, height: u32, channels: u32, imgChannels: u32, groups: u32, layer: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> img: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// Tap (u, v), u and v in -2..2, of the symmetric kernel.
fn tapA(base: u32, uy: i32, ux: i32) -> f32 {
  let k = (uy + 2) * 5 + ux + 2;
  return w[base + u32(select(k, 24 - k, k > 12))];
}

fn at(plane: u32, r: i32, c: i32) -> f32 {
  let rr = borderIndex(r, i32(u.height), 0u);
  let cc = borderIndex(c, i32(u.width), 0u);
  return x[plane + u32(rr) * u.width + u32(cc)];
}

struct Coef { eta: f32, theta: f32, alpha: f32, beta: f32, slope: f32 }

fn coef(base: u32) -> Coef {
  return Coef(w[base + COEF], w[base + COEF + 1u], w[base + COEF + 2u], w[base + COEF + 3u], w[base + COEF + 4u]);
}

fn update(c: Coef, x3: f32, xv: f32, iv: f32) -> f32 {
  let v = c.alpha * x3 + c.beta;
  let p = select(c.slope * v, v, v >= 0.0);
  return xv - c.eta * (p - c.theta * (iv - xv));
}

// A side pixel of the ring: T over the three rows (columns) nearest the edge, in the
// reference's order (distance outer, offset along the edge inner).
fn sideX3(plane: u32, base: u32, side: u32, py: i32, px: i32) -> f32 {
  let t = base + T_OFF + side * 15u;
  let H = i32(u.height);
  let W = i32(u.width);
  var x3 = 0.0;
  for (var dist = 0; dist < 3; dist++) {
    for (var along = -2; along <= 2; along++) {
      var r: i32;
      var c: i32;
      if (side == 0u) { r = dist; c = px + along; }
      else if (side == 1u) { r = H - 1 - dist; c = px + along; }
      else if (side == 2u) { r = py + along; c = dist; }
      else { r = py + along; c = W - 1 - dist; }
      x3 += w[t + u32(dist * 5 + along + 2)] * at(plane, r, c);
    }
  }
  return x3;
}

// The exact two-step form: sum over P of doubly reflected neighbours (corners, tiny images).
fn ringX3(plane: u32, base: u32, py: i32, px: i32) -> f32 {
  var x3 = 0.0;
  for (var d = 0; d < 9; d++) {
    let qy = borderIndex(py + d / 3 - 1, i32(u.height), 0u);
    let qx = borderIndex(px + d % 3 - 1, i32(u.width), 0u);
    for (var e = 0; e < 9; e++) {
      x3 += w[base + P_OFF + u32(d * 9 + e)] * at(plane, qy + e / 3 - 1, qx + e % 3 - 1);
    }
  }
  return x3;
}

// Eight values of one row at columns c[-2 .. 5] of a block (reflected at the border).
struct Row8 { a: vec4<f32>, b: vec4<f32> }

fn load8(row: u32, ca: vec4<u32>, cb: vec4<u32>) -> Row8 {
  return Row8(vec4<f32>(x[row + ca.x], x[row + ca.y], x[row + ca.z], x[row + ca.w]), vec4<f32>(x[row + cb.x], x[row + cb.y], x[row + cb.z], x[row + cb.w]));
}

fn refl(p: i32, n: u32) -> u32 {
  return u32(borderIndex(p, i32(n), 0u));
}

// Row u of the 5x5 kernel: taps v = -2..1 in `a`, v = 2 in `e`.
struct KRow { a: vec4<f32>, e: f32 }

fn krow(base: u32, uy: i32) -> KRow {
  return KRow(vec4<f32>(tapA(base, uy, -2), tapA(base, uy, -1), tapA(base, uy, 0), tapA(base, uy, 1)), tapA(base, uy, 2));
}

// sum_v A[u][v] x[., px + j + v] for the four outputs j of a block row.
fn taps5(r: Row8, k: KRow) -> vec4<f32> {
  let s1 = vec4<f32>(r.a.yzw, r.b.x);
  let s2 = vec4<f32>(r.a.zw, r.b.xy);
  let s3 = vec4<f32>(r.a.w, r.b.xyz);
  return k.a.x * r.a + k.a.y * s1 + k.a.z * s2 + k.a.w * s3 + k.e * r.b;
}

fn blockRow(r0: Row8, r1: Row8, r2: Row8, r3: Row8, r4: Row8, k0: KRow, k1: KRow, k2: KRow, k3: KRow, k4: KRow) -> vec4<f32> {
  return taps5(r0, k0) + taps5(r1, k1) + taps5(r2, k2) + taps5(r3, k3) + taps5(r4, k4);
}

fn storeRow(plane: u32, iplane: u32, c: Coef, o: u32, x3: vec4<f32>, centre: Row8) {
  let xv = vec4<f32>(centre.a.zw, centre.b.xy);
  let iv = vec4<f32>(img[iplane + o], img[iplane + o + 1u], img[iplane + o + 2u], img[iplane + o + 3u]);
  y[plane + o] = update(c, x3.x, xv.x, iv.x);
  y[plane + o + 1u] = update(c, x3.y, xv.y, iv.y);
  y[plane + o + 2u] = update(c, x3.z, xv.z, iv.z);
  y[plane + o + 3u] = update(c, x3.w, xv.w, iv.w);
}

// A block row cut by the right or bottom edge: only the in-image outputs.
fn storePartialRow(plane: u32, iplane: u32, c: Coef, py: u32, px: u32, x3: vec4<f32>, centre: Row8) {
  if (py >= u.height) { return; }
  let xv = vec4<f32>(centre.a.zw, centre.b.xy);
  for (var j = 0u; j < 4u; j++) {
    if (px + j >= u.width) { break; }
    let o = py * u.width + px + j;
    y[plane + o] = update(c, x3[j], xv[j], img[iplane + o]);
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let px = id.x * 4u;
  let py = id.y * 4u;
  if (px >= u.width || py >= u.height || id.z >= u.channels) { return; }
  let base = (u.layer * u.groups + id.z / u.imgChannels) * STRIDE;
  let plane = id.z * u.height * u.width;
  let iplane = (id.z % u.imgChannels) * u.height * u.width;
  let H = u.height;
  let W = u.width;
  // Rows and columns -2 .. 5 around the block, reflected once (exact for every non-ring pixel).
  let ip = i32(px);
  let ca = vec4<u32>(refl(ip - 2, W), refl(ip - 1, W), refl(ip, W), refl(ip + 1, W));
  let cb = vec4<u32>(refl(ip + 2, W), refl(ip + 3, W), refl(ip + 4, W), refl(ip + 5, W));
  let jy = i32(py);
  let r0 = load8(plane + refl(jy - 2, H) * W, ca, cb);
  let r1 = load8(plane + refl(jy - 1, H) * W, ca, cb);
  let r2 = load8(plane + refl(jy, H) * W, ca, cb);
  let r3 = load8(plane + refl(jy + 1, H) * W, ca, cb);
  let r4 = load8(plane + refl(jy + 2, H) * W, ca, cb);
  let r5 = load8(plane + refl(jy + 3, H) * W, ca, cb);
  let r6 = load8(plane + refl(jy + 4, H) * W, ca, cb);
  let r7 = load8(plane + refl(jy + 5, H) * W, ca, cb);
  let k0 = krow(base, -2);
  let k1 = krow(base, -1);
  let k2 = krow(base, 0);
  let k3 = krow(base, 1);
  let k4 = krow(base, 2);
  let c = coef(base);
  let b0 = blockRow(r0, r1, r2, r3, r4, k0, k1, k2, k3, k4);
  let b1 = blockRow(r1, r2, r3, r4, r5, k0, k1, k2, k3, k4);
  let b2 = blockRow(r2, r3, r4, r5, r6, k0, k1, k2, k3, k4);
  let b3 = blockRow(r3, r4, r5, r6, r7, k0, k1, k2, k3, k4);
  if (px + 4u > W || py + 4u > H) {
    storePartialRow(plane, iplane, c, py, px, b0, r2);
    storePartialRow(plane, iplane, c, py + 1u, px, b1, r3);
    storePartialRow(plane, iplane, c, py + 2u, px, b2, r4);
    storePartialRow(plane, iplane, c, py + 3u, px, b3, r5);
    return;
  }
  let q = py * W + px;
  storeRow(plane, iplane, c, q, b0, r2);
  storeRow(plane, iplane, c, q + W, b1, r3);
  storeRow(plane, iplane, c, q + 2u * W, b2, r4);
  storeRow(plane, iplane, c, q + 3u * W, b3, r5);
}

// The outer ring with the exact two-step form; runs after `main` in the same pass. Ring pixel
// i: top row, then bottom row, then the left and right columns without their corners.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn ring(@builtin(global_invocation_id) id: vec3<u32>) {
  let H = u.height;
  let W = u.width;
  let side = select(0u, H - 2u, H > 2u);
  let i = id.y * 16384u + id.x;
  if (i >= 2u * W + 2u * side || id.z >= u.channels) { return; }
  var py: u32;
  var px: u32;
  if (i < W) { py = 0u; px = i; }
  else if (i < 2u * W) { py = H - 1u; px = i - W; }
  else if (i < 2u * W + side) { py = i - 2u * W + 1u; px = 0u; }
  else { py = i - 2u * W - side + 1u; px = W - 1u; }
  let base = (u.layer * u.groups + id.z / u.imgChannels) * STRIDE;
  let plane = id.z * H * W;
  let o = py * W + px;
  let top = py == 0u;
  let bottom = py + 1u == H;
  let left = px == 0u;
  let right = px + 1u == W;
  var x3: f32;
  if (H < 3u || W < 3u || ((top || bottom) && (left || right))) {
    x3 = ringX3(plane, base, i32(py), i32(px));
  } else {
    x3 = sideX3(plane, base, select(select(select(3u, 2u, left), 1u, bottom), 0u, top), i32(py), i32(px));
  }
  y[plane + o] = update(coef(base), x3, x[plane + o], img[(id.z % u.imgChannels) * H * W + o]);
}
