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

// Reads window sums (src = the box-filtered products), one invocation per pixel and channel k.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn coefficients(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + id.x;
  let s = invArea(id.x, id.y);
  let k = id.z;
  if (u.mode != 1u) {
    let base = select(0u, 4u * k, u.mode == 2u);
    let mi = src[base * n + p] * s;
    let mii = src[(base + select(1u, 2u, u.mode == 2u)) * n + p] * s;
    let mp = src[(select(2u + 2u * k, base + 1u, u.mode == 2u)) * n + p] * s;
    let mip = src[(select(3u + 2u * k, base + 3u, u.mode == 2u)) * n + p] * s;
    let a = (mip - mi * mp) / (mii - mi * mi + u.eps);
    dst[2u * k * n + p] = a;
    dst[(2u * k + 1u) * n + p] = mp - a * mi;
    return;
  }
  let m = vec3<f32>(src[p], src[n + p], src[2u * n + p]) * s;
  let o = 9u + 4u * k;
  let mp = src[o * n + p] * s;
  let cov = vec3<f32>(src[(o + 1u) * n + p], src[(o + 2u) * n + p], src[(o + 3u) * n + p]) * s - m * mp;
  // Sigma + eps U, symmetric: [rr rg rb; rg gg gb; rb gb bb]
  let rr = src[3u * n + p] * s - m.x * m.x + u.eps;
  let rg = src[4u * n + p] * s - m.x * m.y;
  let rb = src[5u * n + p] * s - m.x * m.z;
  let gg = src[6u * n + p] * s - m.y * m.y + u.eps;
  let gb = src[7u * n + p] * s - m.y * m.z;
  let bb = src[8u * n + p] * s - m.z * m.z + u.eps;
  // inverse by cofactors
  let c00 = gg * bb - gb * gb;
  let c01 = gb * rb - rg * bb;
  let c02 = rg * gb - gg * rb;
  let c11 = rr * bb - rb * rb;
  let c12 = rb * rg - rr * gb;
  let c22 = rr * gg - rg * rg;
  let det = rr * c00 + rg * c01 + rb * c02;
  let a = vec3<f32>(
    c00 * cov.x + c01 * cov.y + c02 * cov.z,
    c01 * cov.x + c11 * cov.y + c12 * cov.z,
    c02 * cov.x + c12 * cov.y + c22 * cov.z) / det;
  dst[4u * k * n + p] = a.x;
  dst[(4u * k + 1u) * n + p] = a.y;
  dst[(4u * k + 2u) * n + p] = a.z;
  dst[(4u * k + 3u) * n + p] = mp - dot(a, m);
}

// src = window sums of the coefficients; q = mean(a) . I + mean(b).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn combine(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = plane();
  let p = id.y * u.width + id.x;
  let s = invArea(id.x, id.y);
  let k = id.z;
  if (u.mode == 1u) {
    let i = vec3<f32>(guide[p], guide[n + p], guide[2u * n + p]);
    let a = vec3<f32>(src[4u * k * n + p], src[(4u * k + 1u) * n + p], src[(4u * k + 2u) * n + p]) * s;
    dst[k * n + p] = dot(a, i) + src[(4u * k + 3u) * n + p] * s;
    return;
  }
  let i = guide[select(0u, k, u.mode == 2u) * n + p];
  dst[k * n + p] = src[2u * k * n + p] * s * i + src[(2u * k + 1u) * n + p] * s;
}
