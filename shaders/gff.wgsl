// The per-pixel stages of GFF (Li, Kang, Hu, "Image fusion with guided filtering", IEEE TIP
// 2013; the authors' GFF.m as VIFB runs it). Sources are the channels of one tensor.
//   laplacianAbs: H = |x * [0 1 0; 1 -4 1; 0 1 0]|, replicated border (imfilter 'replicate')
//   oneHotMax:    P_n = 1 where S_n is the largest saliency (the first source on ties, as
//                 MATLAB's max), else 0
//   combine:      weights quantised as GFF.m does (uint8(W * 255) / 255: clamped to 0..255 and
//                 rounded half away from zero), plus 1e-12, normalised over the sources;
//                 F = sum_n WB_n B_n + WD_n (x_n - B_n), B_n the 31 x 31 mean (the base layer)
// Same math: src/reference/gff.ts.

struct Params { width: u32, height: u32, sources: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> base: array<f32>;
@group(0) @binding(2) var<storage, read> wb: array<f32>;
@group(0) @binding(3) var<storage, read> wd: array<f32>;
@group(0) @binding(4) var<storage, read_write> dst: array<f32>;
@group(0) @binding(5) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn laplacianAbs(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.sources) { return; }
  let b = id.z * u.width * u.height;
  let row = b + id.y * u.width;
  let up = b + (max(id.y, 1u) - 1u) * u.width;
  let down = b + min(id.y + 1u, u.height - 1u) * u.width;
  let l = max(id.x, 1u) - 1u;
  let r = min(id.x + 1u, u.width - 1u);
  let c = src[row + id.x];
  dst[row + id.x] = abs(src[up + id.x] + src[down + id.x] + src[row + l] + src[row + r] - 4.0 * c);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn oneHotMax(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  var best = 0u;
  for (var k = 1u; k < u.sources; k++) {
    if (src[k * n + p] > src[best * n + p]) { best = k; }
  }
  for (var k = 0u; k < u.sources; k++) { dst[k * n + p] = select(0.0, 1.0, k == best); }
}

fn quantised(w: f32) -> f32 {
  return floor(clamp(w * 255.0, 0.0, 255.0) + 0.5) / 255.0 + 1e-12;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn combine(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  var sb = 0.0;
  var sd = 0.0;
  for (var k = 0u; k < u.sources; k++) {
    sb += quantised(wb[k * n + p]);
    sd += quantised(wd[k * n + p]);
  }
  var f = 0.0;
  for (var k = 0u; k < u.sources; k++) {
    let i = k * n + p;
    f += quantised(wb[i]) / sb * base[i] + quantised(wd[i]) / sd * (src[i] - base[i]);
  }
  dst[p] = f;
}
