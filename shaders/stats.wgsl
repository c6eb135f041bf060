// Shared statistics for the metrics: 256-bin histograms (workgroup-local atomics, then one
// atomic merge per bin and workgroup), 256 x 256 joint histograms (global atomics), and
// per-channel sums (sum and sum of squares of x - shift, min, max) by tree reduction in
// workgroup memory, partials then a final pass. Counts live in u32 buffers and are converted
// to f32 at the end. CPU references: src/reference/stats.ts.

struct Params {
  width: u32, height: u32, channels: u32, groups: u32,
  chunk: u32, bins: u32, shift: f32, pad0: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> src2: array<f32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
const T: u32 = 256u;

var<workgroup> local: array<atomic<u32>, 256>;
var<workgroup> r0: array<f32, 256>;
var<workgroup> r1: array<f32, 256>;
var<workgroup> r2: array<f32, 256>;
var<workgroup> r3: array<f32, 256>;

fn level(v: f32) -> u32 { return u32(clamp(floor(v), 0.0, 255.0)); }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn clearCounts(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.y * u.width + id.x;
  if (id.x >= u.width || i >= u.bins) { return; }
  atomicStore(&counts[i], 0u);
}

// Workgroup z = g + groups * c: chunk g of channel c.
@compute @workgroup_size(256, 1, 1)
fn histogram(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z / u.groups;
  let g = wg.z - c * u.groups;
  atomicStore(&local[l], 0u);
  workgroupBarrier();
  let n = u.width * u.height;
  let start = g * u.chunk;
  let end = min(start + u.chunk, n);
  for (var i = start + l; i < end; i += T) { atomicAdd(&local[level(src[c * n + i])], 1u); }
  workgroupBarrier();
  let v = atomicLoad(&local[l]);
  if (v != 0u) { atomicAdd(&counts[c * 256u + l], v); }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn joint(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height) { return; }
  let p = id.y * u.width + id.x;
  atomicAdd(&counts[level(src[p]) * 256u + level(src2[p])], 1u);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn countsToFloat(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.y * u.width + id.x;
  if (id.x >= u.width || i >= u.bins) { return; }
  dst[i] = f32(atomicLoad(&counts[i]));
}

fn reduce(l: u32) {
  for (var s = T / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (l < s) {
      r0[l] += r0[l + s];
      r1[l] += r1[l + s];
      r2[l] = min(r2[l], r2[l + s]);
      r3[l] = max(r3[l], r3[l + s]);
    }
  }
  workgroupBarrier();
}

// Partials per (channel, chunk) to dst[(c * groups + g) * 4 ..]: sum, sum of squares (of x - shift), min, max.
@compute @workgroup_size(256, 1, 1)
fn sumsPartial(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z / u.groups;
  let g = wg.z - c * u.groups;
  let n = u.width * u.height;
  let start = g * u.chunk;
  let end = min(start + u.chunk, n);
  var s = 0.0;
  var q = 0.0;
  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var i = start + l; i < end; i += T) {
    let v = src[c * n + i];
    let d = v - u.shift;
    s += d;
    q += d * d;
    lo = min(lo, v);
    hi = max(hi, v);
  }
  r0[l] = s;
  r1[l] = q;
  r2[l] = lo;
  r3[l] = hi;
  reduce(l);
  if (l == 0u) {
    let o = (c * u.groups + g) * 4u;
    dst[o] = r0[0];
    dst[o + 1u] = r1[0];
    dst[o + 2u] = r2[0];
    dst[o + 3u] = r3[0];
  }
}

// One workgroup per channel: src = the partials; dst[c * 4 ..] the channel's totals.
@compute @workgroup_size(256, 1, 1)
fn sumsFinal(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z;
  var s = 0.0;
  var q = 0.0;
  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var g = l; g < u.groups; g += T) {
    let o = (c * u.groups + g) * 4u;
    s += src[o];
    q += src[o + 1u];
    lo = min(lo, src[o + 2u]);
    hi = max(hi, src[o + 3u]);
  }
  r0[l] = s;
  r1[l] = q;
  r2[l] = lo;
  r3[l] = hi;
  reduce(l);
  if (l == 0u) {
    dst[c * 4u] = r0[0];
    dst[c * 4u + 1u] = r1[0];
    dst[c * 4u + 2u] = r2[0];
    dst[c * 4u + 3u] = r3[0];
  }
}

// quantise (VIFB's MI): integer levels min-max normalised to 0..255 and rounded half away
// from zero, round((x - lo) 255 / (hi - lo)), in integer arithmetic so no float rounding can
// move a tie; a constant channel gives 0. src2 = channelSums of the same tensor (min, max).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn quantise(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let i = (id.z * u.height + id.y) * u.width + id.x;
  let lo = src2[id.z * 4u + 2u];
  let hi = src2[id.z * 4u + 3u];
  let num = u32(max(src[i] - lo, 0.0)) * 255u;
  let den = u32(hi - lo);
  dst[i] = select(0.0, f32((2u * num + den) / (2u * den)), den > 0u);
}
