// AUIF-Net's fusion and decoder in one pass: F = fused features (common/feature_rule.wgsl) of
// the channels-last features x [H, W, 2 * PAIRS],
// out = sigmoid(conv3x3(reflect(F), weight) + bias), the decoder batch norm folded into
// weight and bias. F is recomputed at the nine neighbours instead of being stored: one
// dispatch and no full-size temporary (the two-op form cost llvmpipe ~2x).
//#include "common/border.wgsl"

struct Params { width: u32, height: u32 }

// Channels-last [H, W, 2 * PAIRS] read a pair at a time: a vec2 load costs llvmpipe about what
// a float does.
@group(0) @binding(0) var<storage, read> x: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn pairAt(g: u32, i: u32) -> vec2<f32> { return x[i * PAIRS + g]; }

//#include "common/feature_rule.wgsl"

// The fused features of one neighbourhood row at columns c.
fn row4(r: u32, c: vec4<u32>, w: u32, h: u32) -> vec4<f32> {
  return vec4<f32>(fusedFeature(r, c.x, w, h), fusedFeature(r, c.y, w, h), fusedFeature(r, c.z, w, h), fusedFeature(r, c.w, w, h));
}

// Block rows f0..f2 (neighbourhood rows) -> the two outputs of one block row, each summed row
// by row as conv2dRef sums (ky outer, kx inner).
fn conv2(f0: vec4<f32>, f1: vec4<f32>, f2: vec4<f32>) -> vec2<f32> {
  var acc = weight[0] * f0.xy;
  acc += weight[1] * f0.yz;
  acc += weight[2] * f0.zw;
  acc += weight[3] * f1.xy;
  acc += weight[4] * f1.yz;
  acc += weight[5] * f1.zw;
  acc += weight[6] * f2.xy;
  acc += weight[7] * f2.yz;
  acc += weight[8] * f2.zw;
  return 1.0 / (1.0 + exp(-(acc + bias[0])));
}

// One 2x2 output block per invocation: the 4x4 neighbourhood's fused features are computed
// once (16 instead of 36 per output pair of rows; each is PAIRS x 2 loads, and loads cost
// llvmpipe about 10 cycles a lane). Rows and columns reflect-101 with one fold (exact for the
// offsets -1 .. n of any in-image output).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 2u * id.x;
  let y0 = 2u * id.y;
  if (x0 >= u.width || y0 >= u.height) { return; }
  let w = u.width;
  let h = u.height;
  let xi = i32(x0);
  let yi = i32(y0);
  let c = vec4<u32>(reflect101Near(xi - 1, w), reflect101Near(xi, w), reflect101Near(xi + 1, w), reflect101Near(xi + 2, w));
  let f0 = row4(reflect101Near(yi - 1, h), c, w, h);
  let f1 = row4(reflect101Near(yi, h), c, w, h);
  let f2 = row4(reflect101Near(yi + 1, h), c, w, h);
  let f3 = row4(reflect101Near(yi + 2, h), c, w, h);
  let top = conv2(f0, f1, f2);
  let o = y0 * w + x0;
  let right = x0 + 1u < w;
  y[o] = top.x;
  if (right) { y[o + 1u] = top.y; }
  if (y0 + 1u < h) {
    let bottom = conv2(f1, f2, f3);
    y[o + w] = bottom.x;
    if (right) { y[o + w + 1u] = bottom.y; }
  }
}
