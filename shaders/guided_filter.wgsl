// Guided filter (He, Sun, Tang, "Guided image filtering", TPAMI 2013), the three per-pixel
// stages around two box-filter passes (window_filter.wgsl's rowSum + boxCols, scale 1):
//   products:     the planes whose window means the filter needs (I, I I^T, p, I p)
//   coefficients: a = (cov(I, p)) / (var(I) + eps)  (3 x 3 solve for a colour guide),
//                 b = mean(p) - a . mean(I)
//   combine:      q = mean(a) . I + mean(b)
// Means are window sums times 1 / area, where area is (2r+1)^2, or, for He's MATLAB border
// ("shrink": windows clipped at the image edge), the number of pixels inside the image.
// Plane layouts (mode 0 one grey guide, 1 one colour guide, 2 one grey guide per channel):
//   products  0: I, II, then p_k, Ip_k            1: I_rgb, II (rr rg rb gg gb bb), then p_k, Ip_k (r g b)
//             2: per k: I_k, p_k, I_k I_k, I_k p_k
//   coefficients  0, 2: a_k, b_k   1: a_k (r g b), b_k
// Same math in float32, same order: src/reference/guided-filter.ts.

struct Params {
  width: u32, height: u32, channels: u32, mode: u32,
  radius: i32, shrink: u32, eps: f32, invArea: f32,
}

@group(0) @binding(0) var<storage, read> guide: array<f32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// The ...Quads entries (width a multiple of 4): four adjacent pixels per invocation as vec4s.
@group(0) @binding(4) var<storage, read> guide4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> dst4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn plane() -> u32 { return u.width * u.height; }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn products(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = plane();
  let p = id.y * u.width + id.x;
  if (u.mode == 0u) {
    let i = guide[p];
    dst[p] = i;
    dst[n + p] = i * i;
    for (var k = 0u; k < u.channels; k++) {
      let v = src[k * n + p];
      dst[(2u + 2u * k) * n + p] = v;
      dst[(3u + 2u * k) * n + p] = i * v;
    }
  } else if (u.mode == 1u) {
    let r = guide[p];
    let g = guide[n + p];
    let b = guide[2u * n + p];
    dst[p] = r;
    dst[n + p] = g;
    dst[2u * n + p] = b;
    dst[3u * n + p] = r * r;
    dst[4u * n + p] = r * g;
    dst[5u * n + p] = r * b;
    dst[6u * n + p] = g * g;
    dst[7u * n + p] = g * b;
    dst[8u * n + p] = b * b;
    for (var k = 0u; k < u.channels; k++) {
      let v = src[k * n + p];
      let o = 9u + 4u * k;
      dst[o * n + p] = v;
      dst[(o + 1u) * n + p] = r * v;
      dst[(o + 2u) * n + p] = g * v;
      dst[(o + 3u) * n + p] = b * v;
    }
  } else {
    for (var k = 0u; k < u.channels; k++) {
      let i = guide[k * n + p];
      let v = src[k * n + p];
      dst[4u * k * n + p] = i;
      dst[(4u * k + 1u) * n + p] = v;
      dst[(4u * k + 2u) * n + p] = i * i;
      dst[(4u * k + 3u) * n + p] = i * v;
    }
  }
}

// 1 / (pixels of the window at (x, y)).
fn invArea(x: u32, y: u32) -> f32 {
  if (u.shrink == 0u) { return u.invArea; }
  let r = u.radius;
  let cx = min(i32(x) + r, i32(u.width) - 1) - max(i32(x) - r, 0) + 1;
  let cy = min(i32(y) + r, i32(u.height) - 1) - max(i32(y) - r, 0) + 1;
  return 1.0 / f32(cx * cy);
}

// The coefficients' math on four pixels at once (the scalar entries pass one pixel splatted):
// grey a = cov / (var + eps), b = mean(p) - a mean(I); colour a = (Sigma + eps U)^-1 cov by
// cofactors, b = mean(p) - a . mean(I). Arguments are window means.
struct GreyAB { a: vec4<f32>, b: vec4<f32> }

fn greyAB(mi: vec4<f32>, mii: vec4<f32>, mp: vec4<f32>, mip: vec4<f32>) -> GreyAB {
  let a = (mip - mi * mp) / (mii - mi * mi + u.eps);
  return GreyAB(a, mp - a * mi);
}

// m: mean of the guide channels (r, g, b); mp, mip: means of p and I p; sig: means of the six
// products rr rg rb gg gb bb.
struct ColourAB { ar: vec4<f32>, ag: vec4<f32>, ab: vec4<f32>, b: vec4<f32> }
struct Six { rr: vec4<f32>, rg: vec4<f32>, rb: vec4<f32>, gg: vec4<f32>, gb: vec4<f32>, bb: vec4<f32> }

fn colourAB(mr: vec4<f32>, mg: vec4<f32>, mb: vec4<f32>, mp: vec4<f32>, ipr: vec4<f32>, ipg: vec4<f32>, ipb: vec4<f32>, sig: Six) -> ColourAB {
  let cr = ipr - mr * mp;
  let cg = ipg - mg * mp;
  let cb = ipb - mb * mp;
  // Sigma + eps U, symmetric: [rr rg rb; rg gg gb; rb gb bb]
  let rr = sig.rr - mr * mr + u.eps;
  let rg = sig.rg - mr * mg;
  let rb = sig.rb - mr * mb;
  let gg = sig.gg - mg * mg + u.eps;
  let gb = sig.gb - mg * mb;
  let bb = sig.bb - mb * mb + u.eps;
  // inverse by cofactors
  let c00 = gg * bb - gb * gb;
  let c01 = gb * rb - rg * bb;
  let c02 = rg * gb - gg * rb;
  let c11 = rr * bb - rb * rb;
  let c12 = rb * rg - rr * gb;
  let c22 = rr * gg - rg * rg;
  let det = rr * c00 + rg * c01 + rb * c02;
  let ar = (c00 * cr + c01 * cg + c02 * cb) / det;
  let ag = (c01 * cr + c11 * cg + c12 * cb) / det;
  let ab = (c02 * cr + c12 * cg + c22 * cb) / det;
  return ColourAB(ar, ag, ab, mp - (ar * mr + ag * mg + ab * mb));
}

// Reads window sums (src = the box-filtered products), one invocation per pixel and channel k.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn coefficients(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + id.x;
  let s = vec4<f32>(invArea(id.x, id.y));
  let k = id.z;
  if (u.mode != 1u) {
    let base = select(0u, 4u * k, u.mode == 2u);
    let r = greyAB(src[base * n + p] * s, src[(base + select(1u, 2u, u.mode == 2u)) * n + p] * s,
                   src[(select(2u + 2u * k, base + 1u, u.mode == 2u)) * n + p] * s, src[(select(3u + 2u * k, base + 3u, u.mode == 2u)) * n + p] * s);
    dst[2u * k * n + p] = r.a.x;
    dst[(2u * k + 1u) * n + p] = r.b.x;
    return;
  }
  let o = 9u + 4u * k;
  let sig = Six(src[3u * n + p] * s, src[4u * n + p] * s, src[5u * n + p] * s, src[6u * n + p] * s, src[7u * n + p] * s, src[8u * n + p] * s);
  let r = colourAB(src[p] * s, src[n + p] * s, src[2u * n + p] * s, src[o * n + p] * s,
                   src[(o + 1u) * n + p] * s, src[(o + 2u) * n + p] * s, src[(o + 3u) * n + p] * s, sig);
  dst[4u * k * n + p] = r.ar.x;
  dst[(4u * k + 1u) * n + p] = r.ag.x;
  dst[(4u * k + 2u) * n + p] = r.ab.x;
  dst[(4u * k + 3u) * n + p] = r.b.x;
}

// src = window sums of the coefficients; q = mean(a) . I + mean(b).
fn combineGrey(a: vec4<f32>, b: vec4<f32>, s: vec4<f32>, i: vec4<f32>) -> vec4<f32> { return a * s * i + b * s; }

fn combineColour(ar: vec4<f32>, ag: vec4<f32>, ab: vec4<f32>, b: vec4<f32>, s: vec4<f32>, ir: vec4<f32>, ig: vec4<f32>, ib: vec4<f32>) -> vec4<f32> {
  return ((ar * s) * ir + (ag * s) * ig + (ab * s) * ib) + b * s;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn combine(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + id.x;
  let s = vec4<f32>(invArea(id.x, id.y));
  let k = id.z;
  if (u.mode == 1u) {
    dst[k * n + p] = combineColour(vec4<f32>(src[4u * k * n + p]), vec4<f32>(src[(4u * k + 1u) * n + p]), vec4<f32>(src[(4u * k + 2u) * n + p]),
                                   vec4<f32>(src[(4u * k + 3u) * n + p]), s, vec4<f32>(guide[p]), vec4<f32>(guide[n + p]), vec4<f32>(guide[2u * n + p])).x;
    return;
  }
  let i = guide[select(0u, k, u.mode == 2u) * n + p];
  dst[k * n + p] = combineGrey(vec4<f32>(src[2u * k * n + p]), vec4<f32>(src[(2u * k + 1u) * n + p]), s, vec4<f32>(i)).x;
}

// ---- vec4 entries: pixels x0 .. x0 + 3 of a row (x0 = 4 id.x), planes of whole vec4s.

// 1 / (pixels of the windows at x0 .. x0 + 3, y).
fn invArea4(x0: u32, y: u32) -> vec4<f32> {
  if (u.shrink == 0u) { return vec4<f32>(u.invArea); }
  return vec4<f32>(invArea(x0, y), invArea(x0 + 1u, y), invArea(x0 + 2u, y), invArea(x0 + 3u, y));
}

fn g4(i: u32) -> vec4<f32> { return guide4[i >> 2u]; }
fn s4(i: u32) -> vec4<f32> { return src4[i >> 2u]; }
fn d4(i: u32, v: vec4<f32>) { dst4[i >> 2u] = v; }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn productsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height) { return; }
  let n = plane();
  let p = id.y * u.width + 4u * id.x;
  if (u.mode == 0u) {
    let i = g4(p);
    d4(p, i);
    d4(n + p, i * i);
    for (var k = 0u; k < u.channels; k++) {
      let v = s4(k * n + p);
      d4((2u + 2u * k) * n + p, v);
      d4((3u + 2u * k) * n + p, i * v);
    }
  } else if (u.mode == 1u) {
    let r = g4(p);
    let g = g4(n + p);
    let b = g4(2u * n + p);
    d4(p, r);
    d4(n + p, g);
    d4(2u * n + p, b);
    d4(3u * n + p, r * r);
    d4(4u * n + p, r * g);
    d4(5u * n + p, r * b);
    d4(6u * n + p, g * g);
    d4(7u * n + p, g * b);
    d4(8u * n + p, b * b);
    for (var k = 0u; k < u.channels; k++) {
      let v = s4(k * n + p);
      let o = 9u + 4u * k;
      d4(o * n + p, v);
      d4((o + 1u) * n + p, r * v);
      d4((o + 2u) * n + p, g * v);
      d4((o + 3u) * n + p, b * v);
    }
  } else {
    for (var k = 0u; k < u.channels; k++) {
      let i = g4(k * n + p);
      let v = s4(k * n + p);
      d4(4u * k * n + p, i);
      d4((4u * k + 1u) * n + p, v);
      d4((4u * k + 2u) * n + p, i * i);
      d4((4u * k + 3u) * n + p, i * v);
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn coefficientsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + 4u * id.x;
  let s = invArea4(4u * id.x, id.y);
  let k = id.z;
  if (u.mode != 1u) {
    let base = select(0u, 4u * k, u.mode == 2u);
    let r = greyAB(s4(base * n + p) * s, s4((base + select(1u, 2u, u.mode == 2u)) * n + p) * s,
                   s4((select(2u + 2u * k, base + 1u, u.mode == 2u)) * n + p) * s, s4((select(3u + 2u * k, base + 3u, u.mode == 2u)) * n + p) * s);
    d4(2u * k * n + p, r.a);
    d4((2u * k + 1u) * n + p, r.b);
    return;
  }
  let o = 9u + 4u * k;
  let sig = Six(s4(3u * n + p) * s, s4(4u * n + p) * s, s4(5u * n + p) * s, s4(6u * n + p) * s, s4(7u * n + p) * s, s4(8u * n + p) * s);
  let r = colourAB(s4(p) * s, s4(n + p) * s, s4(2u * n + p) * s, s4(o * n + p) * s,
                   s4((o + 1u) * n + p) * s, s4((o + 2u) * n + p) * s, s4((o + 3u) * n + p) * s, sig);
  d4(4u * k * n + p, r.ar);
  d4((4u * k + 1u) * n + p, r.ag);
  d4((4u * k + 2u) * n + p, r.ab);
  d4((4u * k + 3u) * n + p, r.b);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn combineQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + 4u * id.x;
  let s = invArea4(4u * id.x, id.y);
  let k = id.z;
  if (u.mode == 1u) {
    d4(k * n + p, combineColour(s4(4u * k * n + p), s4((4u * k + 1u) * n + p), s4((4u * k + 2u) * n + p), s4((4u * k + 3u) * n + p), s, g4(p), g4(n + p), g4(2u * n + p)));
    return;
  }
  d4(k * n + p, combineGrey(s4(2u * k * n + p), s4((2u * k + 1u) * n + p), s, g4(select(0u, k, u.mode == 2u) * n + p)));
}
