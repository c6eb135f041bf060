// CBF's fusion rule (Shreyamsha Kumar, "Image fusion based on pixel significance using
// cross bilateral filter", SIViP 2015; VIFB's cbf_ieeeconf2011f.m): the detail of each source
// is d = x - f (f its cross-bilateral output); in the W x W window around a pixel (borders
// reflect-101, MATLAB's per_extn_im_fn) the weight is the sum of the eigenvalues of the
// covariance of the window's columns plus that of its rows (rows / columns as observations,
// divided by W - 1), i.e. the two traces:
//   wt = (2 sum t^2 - (sum_j colsum_j^2 + sum_i rowsum_i^2) / W) / (W - 1)
// with t = d - d(centre) (the shift leaves variances unchanged and keeps the sums small).
// A zero weight becomes MATLAB's eps (2^-52 in 0..255 units, 2^-52 / 255^2 here); the fused
// pixel is (a wa + b wb) / (wa + wb). Same math: src/reference/cbf.ts.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params { width: u32, height: u32, channels: u32, border: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> fa: array<f32>;
@group(0) @binding(3) var<storage, read> fb: array<f32>;
@group(0) @binding(4) var<storage, read_write> dst: array<f32>;
@group(0) @binding(5) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override W: i32 = 5;
// Function-scope arrays need a constant size; windows up to 15 (the op checks).
const MAXW: u32 = 15u;
const EPS: f32 = 3.4146e-21;

struct Weights { wa: f32, wb: f32 }

// Window indices follow common/border_general.wgsl (a row-sum array cost this kernel too).
fn idx(p: i32, n: i32) -> i32 { return borderAt(p, n, u.border); }

fn weights(base: u32, x: i32, y: i32) -> Weights {
  let p = base + u32(y) * u.width + u32(x);
  let a0 = a[p] - fa[p];
  let b0 = b[p] - fb[p];
  var csA: array<f32, MAXW>;
  var csB: array<f32, MAXW>;
  var ssA = 0.0;
  var ssB = 0.0;
  var sqA = 0.0;
  var sqB = 0.0;
  let half = W / 2;
  for (var i = 0; i < W; i++) {
    let row = base + u32(idx(y + i - half, i32(u.height))) * u.width;
    var rsA = 0.0;
    var rsB = 0.0;
    for (var j = 0; j < W; j++) {
      let q = row + u32(idx(x + j - half, i32(u.width)));
      let ta = (a[q] - fa[q]) - a0;
      let tb = (b[q] - fb[q]) - b0;
      rsA += ta;
      csA[j] += ta;
      ssA += ta * ta;
      rsB += tb;
      csB[j] += tb;
      ssB += tb * tb;
    }
    sqA += rsA * rsA;
    sqB += rsB * rsB;
  }
  for (var k = 0; k < W; k++) {
    sqA += csA[k] * csA[k];
    sqB += csB[k] * csB[k];
  }
  let n = f32(W);
  let wa = max((2.0 * ssA - sqA / n) / (n - 1.0), 0.0);
  let wb = max((2.0 * ssB - sqB / n) / (n - 1.0), 0.0);
  return Weights(select(wa, EPS, wa == 0.0), select(wb, EPS, wb == 0.0));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let base = id.z * u.width * u.height;
  let w = weights(base, i32(id.x), i32(id.y));
  let p = base + id.y * u.width + id.x;
  dst[p] = (a[p] * w.wa + b[p] * w.wb) / (w.wa + w.wb);
}
