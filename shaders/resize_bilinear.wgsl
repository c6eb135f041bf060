// Bilinear resize with PyTorch's F.interpolate rules (antialias off): align_corners true maps
// corner centres onto corner centres, false uses half-pixel centres with the source index
// clamped at 0. Same rule: resizeBilinearRef in src/reference/nn.ts.

struct Params { inW: u32, inH: u32, outW: u32, outH: u32, channels: u32, alignCorners: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

struct Lerp { i0: u32, i1: u32, l: f32 }

fn axis(o: u32, n: u32, on: u32) -> Lerp {
  var s: f32;
  if (u.alignCorners != 0u) {
    s = select(0.0, f32(o) * f32(n - 1u) / f32(on - 1u), on > 1u);
  } else {
    s = max((f32(o) + 0.5) * f32(n) / f32(on) - 0.5, 0.0);
  }
  let i0 = min(u32(floor(s)), n - 1u);
  return Lerp(i0, min(i0 + 1u, n - 1u), s - f32(i0));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.channels) { return; }
  let ay = axis(id.y, u.inH, u.outH);
  let ax = axis(id.x, u.inW, u.outW);
  let p = id.z * u.inH * u.inW;
  let top = (1.0 - ax.l) * x[p + ay.i0 * u.inW + ax.i0] + ax.l * x[p + ay.i0 * u.inW + ax.i1];
  let bot = (1.0 - ax.l) * x[p + ay.i1 * u.inW + ax.i0] + ax.l * x[p + ay.i1 * u.inW + ax.i1];
  y[(id.z * u.outH + id.y) * u.outW + id.x] = (1.0 - ay.l) * top + ay.l * bot;
}
