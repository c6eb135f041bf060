// Per-element layer ops, one entry point per op (activation, binary, affine, concat's
// channel copy). Flat indexing over C*H*W: id.x + id.y * (WG_X * dispatch width).
//#include "common/activation.wgsl"

struct Params {
  count: u32, rowLen: u32, plane: u32, channels: u32,
  op: u32, alpha: f32, beta: f32, slopeCount: u32,
  bChannels: u32, dstOffset: u32, srcOffset: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// The tensors as vec4s for the quad entries: the pool rounds every buffer up to 256 bytes.
@group(0) @binding(4) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> b4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn flat(id: vec3<u32>) -> u32 {
  return id.y * u.rowLen + id.x;
}

// y = act(a); `b` holds the PReLU slopes (one per channel or one shared).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn activation(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  var s = 0.0;
  if (u.slopeCount > 0u) { s = b[select(i / u.plane, 0u, u.slopeCount == 1u)]; }
  y[i] = activate(a[i], u.op, u.alpha, s);
}

// y = (alpha a) op (beta b); b with one channel broadcasts over a's channels.
// ops: 0 add, 1 sub, 2 mul, 3 max, 4 min.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn binary(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  let p = u.alpha * a[i];
  let q = u.beta * b[select(i, i % u.plane, u.bChannels == 1u)];
  y[i] = binaryOp(vec4<f32>(p), vec4<f32>(q)).x;
}

fn binaryOp(p: vec4<f32>, q: vec4<f32>) -> vec4<f32> {
  switch u.op {
    case 0u: { return p + q; }
    case 1u: { return p - q; }
    case 2u: { return p * q; }
    case 3u: { return max(p, q); }
    default: { return min(p, q); }
  }
}

// y = alpha a + beta (eval-mode batch norm or any per-tensor scale and shift).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn affine(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  y[i] = u.alpha * a[i] + u.beta;
}

// y[dstOffset + i] = a[i]: one concat input into its channel range.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn copyInto(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  y[u.dstOffset + i] = a[i];
}

// The quad entries: a tensor of a whole number of vec4s, one vec4 per invocation (count,
// dstOffset and srcOffset in vec4s), a quarter of the accesses (llvmpipe pays per lane and
// access, a vec4 about as much as a float). The arithmetic is the scalar entries', per
// component.

// y[dstOffset ..] = a[srcOffset ..]: concat's channel ranges, sliceChannels.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn copyQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  y4[u.dstOffset + i] = a4[u.srcOffset + i];
}

// activation without per-channel slopes (slopeCount 0 or 1).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn activationQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  var s = 0.0;
  if (u.slopeCount > 0u) { s = b4[0].x; }
  let v = a4[i];
  y4[i] = vec4<f32>(activate(v.x, u.op, u.alpha, s), activate(v.y, u.op, u.alpha, s), activate(v.z, u.op, u.alpha, s), activate(v.w, u.op, u.alpha, s));
}

// binary with b of a's shape (no broadcast).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn binaryQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  y4[i] = binaryOp(u.alpha * a4[i], u.beta * b4[i]);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn affineQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = flat(id);
  if (id.x >= u.rowLen || i >= u.count) { return; }
  y4[i] = u.alpha * a4[i] + u.beta;
}
