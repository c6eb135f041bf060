// One unrolled AUIF-Net layer with its conv pair folded (derivation and packed layout in
// src/reference/unrolled.ts): pixels off the outer ring use the 180-degree-symmetric 5x5
// kernel A (13 stored values, A[24-k] = A[k]); the outer one-pixel ring uses the exact two-step
// form: the per-side 3x5 kernels T, or P (9x9) at the corners and on images under 3 pixels.
// Then x' = x - eta * (prelu(alpha * x3 + beta) - theta * (img - x)).
// Channel c uses weight group c / imgChannels and image channel c % imgChannels, so one
// dispatch runs both encoders over both sources.
//
// Entry `main` computes every pixel with A, four by four: each invocation loads the 8x8
// neighbourhood of a 4x4 block once (reflected at the border), 4 loads per output instead of 25
// (5-6x faster on llvmpipe and SwiftShader). Entry `ring` then recomputes the outer ring with T
// or P, one invocation per ring pixel: kept out of `main` because a rare 81-tap branch inside
// the block kernel made every SIMD group that touched it pay for it (4x slower overall).
// Taps are summed as A[12] * centre + A[k] * (pair k), k = 0..11, the order of the CPU reference.
//#include "common/border.wgsl"

const STRIDE: u32 = 159u;
const P_OFF: u32 = 13u;
const T_OFF: u32 = 94u;
const COEF: u32 = 154u;

struct Params { width: u32, height: u32, channels: u32, imgChannels: u32, groups: u32, layer: u32, ringRow: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> img: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn at(plane: u32, r: i32, c: i32) -> f32 {
  return x[plane + refl(r, u.height) * u.width + refl(c, u.width)];
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
      x3 += w[t + u32(dist * 5 + along + 2)] * at(plane, r0 + dist * dr + along * ar, c0 + dist * dc + along * ac);
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

// Reflect-101 for offsets within 5 of the image: one fold, no loop (images of 6 or more
// pixels per side; smaller ones use borderIndex).
fn refl(p: i32, n: u32) -> u32 {
  if (n < 6u) { return u32(borderIndex(p, i32(n), 0u)); }
  let m = i32(n) - 1;
  return u32(m - abs(m - abs(p)));
}

// The five shifts of a loaded row: for the four outputs j of a block row, m2[j] is the
// value at column px + j - 2, ..., p2[j] at px + j + 2.
struct Shifts { m2: vec4<f32>, m1: vec4<f32>, z: vec4<f32>, p1: vec4<f32>, p2: vec4<f32> }

fn shifts(r: Row8) -> Shifts {
  return Shifts(r.a, vec4<f32>(r.a.yzw, r.b.x), vec4<f32>(r.a.zw, r.b.xy), vec4<f32>(r.a.w, r.b.xyz), r.b);
}

// The 13 distinct taps of the symmetric kernel: A[k] pairs offset k with offset 24 - k.
struct Taps { a0: vec4<f32>, a4: vec4<f32>, a8: vec4<f32>, a12: f32 }

fn taps(base: u32) -> Taps {
  return Taps(vec4<f32>(w[base], w[base + 1u], w[base + 2u], w[base + 3u]), vec4<f32>(w[base + 4u], w[base + 5u], w[base + 6u], w[base + 7u]),
              vec4<f32>(w[base + 8u], w[base + 9u], w[base + 10u], w[base + 11u]), w[base + 12u]);
}

// x3 for one block row from its five source rows (u = -2..2), in the reference's order:
// A[12] * centre, then A[k] * (x[p + off_k] + x[p - off_k]) for k = 0..11 (row-major offsets).
fn blockRow(r0: Shifts, r1: Shifts, r2: Shifts, r3: Shifts, r4: Shifts, t: Taps) -> vec4<f32> {
  var acc = t.a12 * r2.z;
  acc += t.a0.x * (r0.m2 + r4.p2);
  acc += t.a0.y * (r0.m1 + r4.p1);
  acc += t.a0.z * (r0.z + r4.z);
  acc += t.a0.w * (r0.p1 + r4.m1);
  acc += t.a4.x * (r0.p2 + r4.m2);
  acc += t.a4.y * (r1.m2 + r3.p2);
  acc += t.a4.z * (r1.m1 + r3.p1);
  acc += t.a4.w * (r1.z + r3.z);
  acc += t.a8.x * (r1.p1 + r3.m1);
  acc += t.a8.y * (r1.p2 + r3.m2);
  acc += t.a8.z * (r2.m2 + r2.p2);
  acc += t.a8.w * (r2.m1 + r2.p1);
  return acc;
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
  let s0 = shifts(r0);
  let s1 = shifts(r1);
  let s2 = shifts(r2);
  let s3 = shifts(r3);
  let s4 = shifts(r4);
  let s5 = shifts(r5);
  let s6 = shifts(r6);
  let s7 = shifts(r7);
  let t = taps(base);
  let c = coef(base);
  let b0 = blockRow(s0, s1, s2, s3, s4, t);
  let b1 = blockRow(s1, s2, s3, s4, s5, t);
  let b2 = blockRow(s2, s3, s4, s5, s6, t);
  let b3 = blockRow(s3, s4, s5, s6, s7, t);
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
// i = id.y * ringRow + id.x: top row, then bottom row, then the left and right columns
// without their corners (a 2-D grid so every invocation of a workgroup has a pixel).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn ring(@builtin(global_invocation_id) id: vec3<u32>) {
  let H = u.height;
  let W = u.width;
  let side = select(0u, H - 2u, H > 2u);
  let i = id.y * u.ringRow + id.x;
  if (id.x >= u.ringRow) { return; }
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
