// Fuses feature pairs and sums the groups (rules in common/feature_rule.wgsl).

struct Params { width: u32, height: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// Planar [2 * PAIRS, H, W].
fn pairAt(g: u32, i: u32) -> vec2<f32> {
  let n = u.width * u.height;
  return vec2<f32>(x[2u * g * n + i], x[(2u * g + 1u) * n + i]);
}

//#include "common/feature_rule.wgsl"

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  y[id.y * u.width + id.x] = fusedFeature(id.y, id.x, u.width, u.height);
}
