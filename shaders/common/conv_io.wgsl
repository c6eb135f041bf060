// The bindings and parameters shared by conv2d.wgsl and conv_transpose2d.wgsl (one
// descriptor helper fills both: uniformsBase in src/ops/conv.ts); `border` is used by conv2d
// only (the transposed convolution pads with zeros, as PyTorch's does).

struct Params {
  inW: u32, inH: u32, inC: u32, outW: u32, outH: u32, outC: u32,
  kh: u32, kw: u32, strideY: u32, strideX: u32, dilY: u32, dilX: u32,
  padY: i32, padX: i32, groups: u32, border: u32,
  hasBias: u32, act: u32, alpha: f32, slopeCount: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> slope: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

// The PReLU slope of output channel c (one per channel, one shared, or none).
fn slopeOf(c: u32) -> f32 {
  if (u.slopeCount == 0u) { return 0.0; }
  return slope[select(c, 0u, u.slopeCount == 1u)];
}
