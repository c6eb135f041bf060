// AUIF-Net's fusion and decoder in one pass: F = fused features (common/feature_rule.wgsl),
// out = sigmoid(conv3x3(reflect(F), weight) + bias), the decoder batch norm folded into
// weight and bias. F is recomputed at the nine neighbours instead of being stored: one
// dispatch and no full-size temporary (the two-op form cost llvmpipe ~2x).
//#include "common/border.wgsl"

struct Params { width: u32, height: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

//#include "common/feature_rule.wgsl"

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let W = i32(u.width);
  let H = i32(u.height);
  let r0 = u32(borderIndex(i32(id.y) - 1, H, 0u));
  let r2 = u32(borderIndex(i32(id.y) + 1, H, 0u));
  let c0 = u32(borderIndex(i32(id.x) - 1, W, 0u));
  let c2 = u32(borderIndex(i32(id.x) + 1, W, 0u));
  let w = u.width;
  let h = u.height;
  // Row by row as conv2dRef sums (ky outer, kx inner), written out.
  var acc = weight[0] * fusedFeature(r0, c0, w, h);
  acc += weight[1] * fusedFeature(r0, id.x, w, h);
  acc += weight[2] * fusedFeature(r0, c2, w, h);
  acc += weight[3] * fusedFeature(id.y, c0, w, h);
  acc += weight[4] * fusedFeature(id.y, id.x, w, h);
  acc += weight[5] * fusedFeature(id.y, c2, w, h);
  acc += weight[6] * fusedFeature(r2, c0, w, h);
  acc += weight[7] * fusedFeature(r2, id.x, w, h);
  acc += weight[8] * fusedFeature(r2, c2, w, h);
  y[id.y * u.width + id.x] = 1.0 / (1.0 + exp(-(acc + bias[0])));
}
