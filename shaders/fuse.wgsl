// Fuses two same-shape tensors pixel by pixel with one of the rules of common/fuse_rule.wgsl.
// Activity = sum of |x| over the (2r+1)^2 window, reflect-101 at the borders, summed
// row by row in the same order as the CPU reference so choose-max decisions agree.
//#include "common/border.wgsl"
//#include "common/fuse_rule.wgsl"

struct Params { width: u32, height: u32, channels: u32, rule: u32, weight: f32, radius: i32, rowLen: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// The same tensors as vec4s for `quads`: the pool rounds every buffer up to 256 bytes.
@group(0) @binding(4) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> dst4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn activity(plane: u32, y: i32, x: i32) -> vec2<f32> {
  var s = vec2<f32>(0.0, 0.0);
  let w = i32(u.width);
  let h = i32(u.height);
  for (var dy = -u.radius; dy <= u.radius; dy++) {
    let r = plane + u32(borderIndex(y + dy, h, 0u)) * u.width;
    for (var dx = -u.radius; dx <= u.radius; dx++) {
      let i = r + u32(borderIndex(x + dx, w, 0u));
      s += vec2<f32>(abs(a[i]), abs(b[i]));
    }
  }
  return s;
}

// Window-activity rules. The pixel rules have their own entry points: the window loop, even
// never entered, made a pixel rule 2.5x slower on llvmpipe.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn activityRule(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let plane = id.z * u.width * u.height;
  let o = plane + id.y * u.width + id.x;
  let act = activity(plane, i32(id.y), i32(id.x));
  dst[o] = combine(a[o], b[o], act.x, act.y, u.rule, u.weight);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let o = (id.z * u.height + id.y) * u.width + id.x;
  dst[o] = combine(a[o], b[o], 0.0, 0.0, u.rule, u.weight);
}

// Pixel rules on a tensor of a multiple of 4 values: four per invocation, every access a
// vec4 (llvmpipe pays per lane and access), over a flat grid of rows of rowLen quads.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn quads(@builtin(global_invocation_id) id: vec3<u32>) {
  let q = id.y * u.rowLen + id.x;
  if (id.x >= u.rowLen || q >= u.width * u.height * u.channels / 4u) { return; }
  dst4[q] = combinePixels4(a4[q], b4[q], u.rule, u.weight);
}
