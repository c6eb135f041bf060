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
// The output as vec4s: a block row is one store where rows start on a vec4 (W % 4 == 0).
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override ALIGNED: bool = true;

fn pairAt(g: u32, i: u32) -> vec2<f32> { return x[i * PAIRS + g]; }

//#include "common/feature_rule.wgsl"

// The fused features of one neighbourhood row at columns x0 - 1 .. x0 + 4 (c, then d).
struct Row6 { a: vec4<f32>, b: vec2<f32> }

fn row6(r: u32, c: vec4<u32>, d: vec2<u32>, w: u32, h: u32) -> Row6 {
  return Row6(vec4<f32>(fusedFeature(r, c.x, w, h), fusedFeature(r, c.y, w, h), fusedFeature(r, c.z, w, h), fusedFeature(r, c.w, w, h)),
              vec2<f32>(fusedFeature(r, d.x, w, h), fusedFeature(r, d.y, w, h)));
}

// The decoder's taps and bias, read once per invocation.
struct Kernel { w0: f32, w1: f32, w2: f32, w3: f32, w4: f32, w5: f32, w6: f32, w7: f32, w8: f32, bias: f32 }

// One block row of four outputs from neighbourhood rows f0..f2, summed row by row as conv2dRef
// sums (ky outer, kx inner); kx = 0, 1, 2 are the columns shifted by -1, 0, +1.
fn conv4(f0: Row6, f1: Row6, f2: Row6, k: Kernel) -> vec4<f32> {
  var acc = k.w0 * f0.a;
  acc += k.w1 * vec4<f32>(f0.a.yzw, f0.b.x);
  acc += k.w2 * vec4<f32>(f0.a.zw, f0.b);
  acc += k.w3 * f1.a;
  acc += k.w4 * vec4<f32>(f1.a.yzw, f1.b.x);
  acc += k.w5 * vec4<f32>(f1.a.zw, f1.b);
  acc += k.w6 * f2.a;
  acc += k.w7 * vec4<f32>(f2.a.yzw, f2.b.x);
  acc += k.w8 * vec4<f32>(f2.a.zw, f2.b);
  return 1.0 / (1.0 + exp(-(acc + k.bias)));
}

// Row yy of the block (columns x0 .. x0 + 3), the in-image outputs only.
fn storeRow(yy: u32, x0: u32, v: vec4<f32>) {
  if (yy >= u.height) { return; }
  let o = yy * u.width + x0;
  if (ALIGNED && x0 + 4u <= u.width) {
    y[o >> 2u] = v;
    return;
  }
  y[o >> 2u][o & 3u] = v.x;
  if (x0 + 1u < u.width) { let k = o + 1u; y[k >> 2u][k & 3u] = v.y; }
  if (x0 + 2u < u.width) { let k = o + 2u; y[k >> 2u][k & 3u] = v.z; }
  if (x0 + 3u < u.width) { let k = o + 3u; y[k >> 2u][k & 3u] = v.w; }
}

// One 4x4 output block per invocation: the 6x6 neighbourhood's fused features are computed
// once (2.25 per output instead of 4 with 2x2 blocks, 9 with none; each is PAIRS vec2 loads).
// Rows and columns reflect-101 with one fold (exact for the offsets -1 .. n of any in-image
// output; reads for outputs past the edge are clamped and their values dropped).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  let y0 = 4u * id.y;
  if (x0 >= u.width || y0 >= u.height) { return; }
  let w = u.width;
  let h = u.height;
  let xi = i32(x0);
  let yi = i32(y0);
  let k = Kernel(weight[0], weight[1], weight[2], weight[3], weight[4], weight[5], weight[6], weight[7], weight[8], bias[0]);
  let c = vec4<u32>(reflect101Near(xi - 1, w), reflect101Near(xi, w), reflect101Near(xi + 1, w), reflect101Near(xi + 2, w));
  let d = vec2<u32>(reflect101Near(xi + 3, w), reflect101Near(xi + 4, w));
  let f0 = row6(reflect101Near(yi - 1, h), c, d, w, h);
  let f1 = row6(reflect101Near(yi, h), c, d, w, h);
  let f2 = row6(reflect101Near(yi + 1, h), c, d, w, h);
  let f3 = row6(reflect101Near(yi + 2, h), c, d, w, h);
  let f4 = row6(reflect101Near(yi + 3, h), c, d, w, h);
  let f5 = row6(reflect101Near(yi + 4, h), c, d, w, h);
  storeRow(y0, x0, conv4(f0, f1, f2, k));
  storeRow(y0 + 1u, x0, conv4(f1, f2, f3, k));
  storeRow(y0 + 2u, x0, conv4(f2, f3, f4, k));
  storeRow(y0 + 3u, x0, conv4(f3, f4, f5, k));
}
