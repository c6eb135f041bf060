// Shared statistics for the metrics: 256-bin histograms (workgroup-local atomics, then one
// atomic merge per bin and workgroup), 256 x 256 joint histograms (global atomics), and
// per-channel sums (sum and sum of squares of x - shift, min, max) by tree reduction in
// workgroup memory, partials then a final pass. Counts live in u32 buffers and are converted
// to f32 at the end. CPU references: src/reference/stats.ts.

struct Params {
  width: u32, height: u32, channels: u32, groups: u32,
  chunk: u32, bins: u32, shift: f32, mode: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> src2: array<f32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;
// vec4 views for the kernels that move four values per load or store (llvmpipe pays about as
// much per vec4 as per float): sumsPartial, ssimProducts, ssimMap.
@group(0) @binding(6) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> src24: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> dst4: array<vec4<f32>>;
// The counts as plain vec4s, for the quad clear and conversion (no atomics there).
@group(0) @binding(9) var<storage, read_write> counts4: array<vec4<u32>>;
// Rows start on a vec4 (W % 4 == 0): the four-pixel kernels load and store whole vec4s.
override ALIGNED: bool = true;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
const T: u32 = 256u;

//#include "common/atan_ratio.wgsl"

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

// histogram over planes of whole vec4s (h * w % 4 == 0, chunk % 4 == 0; the host checks):
// one vec4 load per four values.
@compute @workgroup_size(256, 1, 1)
fn histogramQuads(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z / u.groups;
  let g = wg.z - c * u.groups;
  atomicStore(&local[l], 0u);
  workgroupBarrier();
  let n = u.width * u.height / 4u;
  let start = g * u.chunk / 4u;
  let end = min(start + u.chunk / 4u, n);
  for (var i = start + l; i < end; i += T) {
    let v = src4[c * n + i];
    atomicAdd(&local[level(v.x)], 1u);
    atomicAdd(&local[level(v.y)], 1u);
    atomicAdd(&local[level(v.z)], 1u);
    atomicAdd(&local[level(v.w)], 1u);
  }
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

// joint on rows of whole vec4s (width % 4 == 0, the host checks): four pixels per invocation,
// two vec4 loads instead of eight float loads (llvmpipe pays per lane and access).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn jointQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  if (4u * id.x >= u.width || id.y >= u.height) { return; }
  let q = ((id.y * u.width) >> 2u) + id.x;
  let a = src4[q];
  let b = src24[q];
  atomicAdd(&counts[level(a.x) * 256u + level(b.x)], 1u);
  atomicAdd(&counts[level(a.y) * 256u + level(b.y)], 1u);
  atomicAdd(&counts[level(a.z) * 256u + level(b.z)], 1u);
  atomicAdd(&counts[level(a.w) * 256u + level(b.w)], 1u);
}

// clearCounts and countsToFloat for bins % 4 == 0, through a plain vec4 view of the counts
// (bins / 4 quads as width x height).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn clearCountsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.y * u.width + id.x;
  if (id.x >= u.width || 4u * i >= u.bins) { return; }
  counts4[i] = vec4<u32>(0u);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn countsToFloatQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.y * u.width + id.x;
  if (id.x >= u.width || 4u * i >= u.bins) { return; }
  dst4[i] = vec4<f32>(counts4[i]);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn countsToFloat(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.y * u.width + id.x;
  if (id.x >= u.width || i >= u.bins) { return; }
  dst[i] = f32(atomicLoad(&counts[i]));
}

// The sums' workgroups: 64 invocations, six barrier rounds (llvmpipe switches between a
// workgroup's SIMD groups at every barrier: 256 invocations with eight rounds took 2.2x as
// long for the same sums).
const TP: u32 = 64u;

fn reduce(l: u32) {
  for (var s = TP / 2u; s > 0u; s >>= 1u) {
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
// Four values per load where a channel starts on a vec4 (H W a multiple of 4; the host makes
// the chunk one too), else one at a time; four running sums per invocation either way.
@compute @workgroup_size(64, 1, 1)
fn sumsPartial(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z / u.groups;
  let g = wg.z - c * u.groups;
  let n = u.width * u.height;
  let start = g * u.chunk;
  let end = min(start + u.chunk, n);
  var s = vec4<f32>(0.0);
  var q = vec4<f32>(0.0);
  var lo = vec4<f32>(3.4e38);
  var hi = vec4<f32>(-3.4e38);
  if ((n & 3u) == 0u) {
    let b = (c * n) >> 2u;
    for (var i = (start >> 2u) + l; i < (end >> 2u); i += TP) {
      let v = src4[b + i];
      let d = v - u.shift;
      s += d;
      q += d * d;
      lo = min(lo, v);
      hi = max(hi, v);
    }
  } else {
    for (var i = start + l; i < end; i += TP) {
      let k = c * n + i;
      let v = src4[k >> 2u][k & 3u];
      let d = v - u.shift;
      s.x += d;
      q.x += d * d;
      lo.x = min(lo.x, v);
      hi.x = max(hi.x, v);
    }
  }
  r0[l] = (s.x + s.y) + (s.z + s.w);
  r1[l] = (q.x + q.y) + (q.z + q.w);
  r2[l] = min(min(lo.x, lo.y), min(lo.z, lo.w));
  r3[l] = max(max(hi.x, hi.y), max(hi.z, hi.w));
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
@compute @workgroup_size(64, 1, 1)
fn sumsFinal(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.z;
  var s = 0.0;
  var q = 0.0;
  var lo = 3.4e38;
  var hi = -3.4e38;
  for (var g = l; g < u.groups; g += TP) {
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

// quantise on rows of whole vec4s (width % 4 == 0, the host checks): four pixels per
// invocation, one vec4 load and store (llvmpipe pays per lane and access).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn quantiseQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let q = ((id.z * u.height + id.y) * u.width + x0) >> 2u;
  let lo = src2[id.z * 4u + 2u];
  let hi = src2[id.z * 4u + 3u];
  let num = vec4<u32>(max(src4[q] - lo, vec4<f32>(0.0))) * 255u;
  let den = u32(hi - lo);
  dst4[q] = select(vec4<f32>(0.0), vec4<f32>((2u * num + den) / (2u * den)), den > 0u);
}

// gradientMaps (AG, EI and SF on the fused image; src = [C] bands): six planes per band,
// 6c + 0..5:
//   0 VIFB's AG term: sqrt((dx^2 + dy^2) / 2), MATLAB gradient(): one-sided at the edges, central inside
//   1 EI term: |Sobel| with imfilter's replicate border (correlation, VIFB's kernels)
//   2 SF row term within the band: (F(y, x) - F(y, x - 1))^2, 0 at x = 0
//   3 SF column term: (F(y, x) - F(y - 1, x))^2, 0 at y = 0
//   4 the textbook AG term: forward differences, sqrt((dx^2 + dy^2) / 2) on the (H-1)(W-1) grid, 0 on the last row and column
//   5 VIFB's SF join term: along its H x (C W) strip [band 0 | band 1 | ...] column 0 of band
//     c > 0 follows the last column of band c - 1: (F_c(y, 0) - F_{c-1}(y, W-1))^2 at x = 0, else 0
fn px(c: u32, y: i32, x: i32) -> f32 {
  let yy = u32(clamp(y, 0, i32(u.height) - 1));
  let xx = u32(clamp(x, 0, i32(u.width) - 1));
  return src[(c * u.height + yy) * u.width + xx];
}

// MATLAB gradient() along one axis from the pixel's neighbours before (m), at (z) and after
// (p) it, clamped at the edges: one-sided at position 0 and n - 1, central inside.
fn grad1(k: i32, n: i32, m: f32, z: f32, p: f32) -> f32 {
  if (n < 2) { return 0.0; }
  if (k == 0) { return p - z; }
  if (k == n - 1) { return z - m; }
  return (p - m) * 0.5;
}

// The 3x3 neighbourhood is loaded once (clamped, as imfilter's replicate border): the loads,
// not the arithmetic, bound this kernel on llvmpipe, and stores between repeated loads keep
// the compiler from merging them.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn gradientMaps(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let c = id.z;
  let x = i32(id.x);
  let y = i32(id.y);
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  let n00 = px(c, y - 1, x - 1);
  let n01 = px(c, y - 1, x);
  let n02 = px(c, y - 1, x + 1);
  let n10 = px(c, y, x - 1);
  let v = px(c, y, x);
  let n12 = px(c, y, x + 1);
  let n20 = px(c, y + 1, x - 1);
  let n21 = px(c, y + 1, x);
  let n22 = px(c, y + 1, x + 1);
  let gx = grad1(x, i32(u.width), n10, v, n12);
  let gy = grad1(y, i32(u.height), n01, v, n21);
  var dj = 0.0;
  if (x == 0 && c > 0u) { dj = v - px(c - 1u, y, i32(u.width) - 1); }
  dst[6u * c * n + p] = sqrt((gx * gx + gy * gy) * 0.5);
  let sx = n00 + 2.0 * n01 + n02 - n20 - 2.0 * n21 - n22;
  let sy = n00 + 2.0 * n10 + n20 - n02 - 2.0 * n12 - n22;
  dst[(6u * c + 1u) * n + p] = sqrt(sx * sx + sy * sy);
  let dr = v - n10;
  dst[(6u * c + 2u) * n + p] = select(0.0, dr * dr, x > 0);
  let du = v - n01;
  dst[(6u * c + 3u) * n + p] = select(0.0, du * du, y > 0);
  let fx = n12 - v;
  let fy = n21 - v;
  let inner = x + 1 < i32(u.width) && y + 1 < i32(u.height);
  dst[(6u * c + 4u) * n + p] = select(0.0, sqrt((fx * fx + fy * fy) * 0.5), inner);
  dst[(6u * c + 5u) * n + p] = dj * dj;
}

// One row (clamped) of the quad 4q .. 4q + 3's 3x3 neighbourhoods as three vec4s: the pixels
// left of, at and right of each, clamped at the edges (imfilter's replicate border).
struct Nb4 { l: vec4<f32>, m: vec4<f32>, r: vec4<f32> }

fn nb4(c: u32, y: i32, q: u32) -> Nb4 {
  let wQ = u.width / 4u;
  let row = (c * u.height + u32(clamp(y, 0, i32(u.height) - 1))) * wQ;
  let m = src4[row + q];
  let l = src4[row + max(q, 1u) - 1u];
  let r = src4[row + min(q + 1u, wQ - 1u)];
  return Nb4(vec4<f32>(select(m.x, l.w, q > 0u), m.x, m.y, m.z), m, vec4<f32>(m.y, m.z, m.w, select(m.w, r.x, q + 1u < wQ)));
}

fn grad4(k: vec4<i32>, n: i32, m: vec4<f32>, z: vec4<f32>, p: vec4<f32>) -> vec4<f32> {
  let g = select(select((p - m) * 0.5, z - m, k == vec4<i32>(n - 1)), p - z, k == vec4<i32>(0));
  return select(g, vec4<f32>(0.0), n < 2);
}

// gradientMaps on rows of whole vec4s (width % 4 == 0, the host checks): four pixels per
// invocation, 9 vec4 loads and 6 vec4 stores instead of 9 + 6 float accesses per pixel. The
// arithmetic is gradientMaps', per component.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn gradientMapsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let c = id.z;
  let y = i32(id.y);
  let n = u.width * u.height / 4u;
  let p = id.y * (u.width / 4u) + id.x;
  let t = nb4(c, y - 1, id.x);
  let m = nb4(c, y, id.x);
  let b = nb4(c, y + 1, id.x);
  let v = m.m;
  let xs = vec4<i32>(i32(x0)) + vec4<i32>(0, 1, 2, 3);
  let gx = grad4(xs, i32(u.width), m.l, v, m.r);
  let gy = grad4(vec4<i32>(y), i32(u.height), t.m, v, b.m);
  var dj = vec4<f32>(0.0);
  if (x0 == 0u && c > 0u) { dj.x = v.x - src4[((c - 1u) * u.height + id.y + 1u) * (u.width / 4u) - 1u].w; }
  dst4[6u * c * n + p] = sqrt((gx * gx + gy * gy) * 0.5);
  let sx = t.l + 2.0 * t.m + t.r - b.l - 2.0 * b.m - b.r;
  let sy = t.l + 2.0 * m.l + b.l - t.r - 2.0 * m.r - b.r;
  dst4[(6u * c + 1u) * n + p] = sqrt(sx * sx + sy * sy);
  let dr = v - m.l;
  dst4[(6u * c + 2u) * n + p] = select(vec4<f32>(0.0), dr * dr, xs > vec4<i32>(0));
  let du = v - t.m;
  dst4[(6u * c + 3u) * n + p] = select(vec4<f32>(0.0), du * du, y > 0);
  let fx = m.r - v;
  let fy = b.m - v;
  let inner = (xs + vec4<i32>(1) < vec4<i32>(i32(u.width))) & vec4<bool>(y + 1 < i32(u.height));
  dst4[(6u * c + 4u) * n + p] = select(vec4<f32>(0.0), sqrt((fx * fx + fy * fy) * 0.5), inner);
  dst4[(6u * c + 5u) * n + p] = dj * dj;
}

// Four pixels of a row from float index i (lanes past `lanes` repeat the last).
fn quad4(i: u32, lanes: u32) -> vec4<f32> {
  if (ALIGNED) { return src4[i >> 2u]; }
  let l = lanes - 1u;
  let k1 = i + min(1u, l);
  let k2 = i + min(2u, l);
  let k3 = i + min(3u, l);
  return vec4<f32>(src4[i >> 2u][i & 3u], src4[k1 >> 2u][k1 & 3u], src4[k2 >> 2u][k2 & 3u], src4[k3 >> 2u][k3 & 3u]);
}

fn quad24(i: u32, lanes: u32) -> vec4<f32> {
  if (ALIGNED) { return src24[i >> 2u]; }
  let l = lanes - 1u;
  let k1 = i + min(1u, l);
  let k2 = i + min(2u, l);
  let k3 = i + min(3u, l);
  return vec4<f32>(src24[i >> 2u][i & 3u], src24[k1 >> 2u][k1 & 3u], src24[k2 >> 2u][k2 & 3u], src24[k3 >> 2u][k3 & 3u]);
}

fn put4(i: u32, v: vec4<f32>, lanes: u32) {
  if (ALIGNED) {
    dst4[i >> 2u] = v;
    return;
  }
  dst4[i >> 2u][i & 3u] = v.x;
  if (lanes > 1u) { let k = i + 1u; dst4[k >> 2u][k & 3u] = v.y; }
  if (lanes > 2u) { let k = i + 2u; dst4[k >> 2u][k & 3u] = v.z; }
  if (lanes > 3u) { let k = i + 3u; dst4[k >> 2u][k & 3u] = v.w; }
}

// ssimProducts: src = x, src2 = f (both [C]) -> [5C]: x', f', x'x', f'f', x'f' (band-major)
// with x' = x - shift: second moments of values near 0 keep the variances free of the
// cancellation E[x^2] - E[x]^2 suffers at 0..255 in float32. Four pixels of a row per
// invocation (grid ceil(W / 4) x H x C).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn ssimProducts(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let cn = u.channels * n;
  let i = id.z * n + id.y * u.width + x0;
  let lanes = min(4u, u.width - x0);
  let a = quad4(i, lanes) - u.shift;
  let b = quad24(i, lanes) - u.shift;
  put4(i, a, lanes);
  put4(cn + i, b, lanes);
  put4(2u * cn + i, a * a, lanes);
  put4(3u * cn + i, b * b, lanes);
  put4(4u * cn + i, a * b, lanes);
}

// ssimMap: src = the Gaussian means of ssimProducts' planes; Wang et al.'s map on the valid
// positions (chunk = the window radius from each border), 0 elsewhere; the means get the
// shift back. C1, C2 for range 255. Four pixels of a row per invocation.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn ssimMap(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let cn = u.channels * n;
  let i = id.z * n + id.y * u.width + x0;
  let lanes = min(4u, u.width - x0);
  let r = u.chunk;
  let xs = vec4<u32>(x0, x0 + 1u, x0 + 2u, x0 + 3u);
  let inside = (xs >= vec4<u32>(r)) & (xs + r < vec4<u32>(u.width)) & vec4<bool>(id.y >= r && id.y + r < u.height);
  let sa = quad4(i, lanes);
  let sb = quad4(cn + i, lanes);
  let vx = quad4(2u * cn + i, lanes) - sa * sa;
  let vf = quad4(3u * cn + i, lanes) - sb * sb;
  let cov = quad4(4u * cn + i, lanes) - sa * sb;
  let a = sa + u.shift;
  let b = sb + u.shift;
  let c1 = 6.5025;
  let c2 = 58.5225;
  let m = ((2.0 * a * b + c1) * (2.0 * cov + c2)) / ((a * a + b * b + c1) * (vx + vf + c2));
  put4(i, select(vec4<f32>(0.0), m, inside), lanes);
}

// qabfTerms (Xydeas-Petrovic Qabf as VIFB computes it, src/metrics/vifb-reference.ts qabf): src = a,
// src2 = b, src3 = f (all [C], 0..255 levels, scaled by 255 first as VIFB does); per pixel
// the numerator Q_AF g_A + Q_BF g_B (plane c) and the denominator g_A + g_B (plane C + c).
// Gradients: conv2(X, Sobel, 'same') with zero padding; angle atan(sy / sx), pi/2 where sx = 0;
// strength ratio with VIFB's quirk (G = g_F where g_X == g_F).
@group(0) @binding(5) var<storage, read> src3: array<f32>;
@group(0) @binding(10) var<storage, read> src34: array<vec4<f32>>;

fn q255(which: u32, i: u32) -> f32 {
  if (which == 0u) { return 255.0 * src[i]; }
  if (which == 1u) { return 255.0 * src2[i]; }
  return 255.0 * src3[i];
}

fn sample3(which: u32, base: u32, y: i32, x: i32) -> f32 {
  if (y < 0 || x < 0 || y >= i32(u.height) || x >= i32(u.width)) { return 0.0; }
  return q255(which, base + u32(y) * u.width + u32(x));
}

struct GradAngle { g: f32, a: f32 }

// conv2 with [-1 0 1; -2 0 2; -1 0 1] and [1 2 1; 0 0 0; -1 -2 -1] = correlation with the
// kernels rotated by 180 degrees, from the pixel's 3x3 neighbourhood rows r0, r1, r2 (x, y, z
// = columns -1, 0, +1).
fn sobel(r0: vec3<f32>, r1: vec3<f32>, r2: vec3<f32>) -> GradAngle {
  let sx = (r0.x + 2.0 * r1.x + r2.x) - (r0.z + 2.0 * r1.z + r2.z);
  let sy = (r2.x + 2.0 * r2.y + r2.z) - (r0.x + 2.0 * r0.y + r0.z);
  let g = sqrt(sx * sx + sy * sy);
  // atanRatio, not WGSL's atan (spec bound 4096 ulp): its 2.3e-7 sets qabfTerms' contract
  var a = 1.5707963267948966;
  if (sx != 0.0) { a = atanRatio(sy, sx); }
  return GradAngle(g, a);
}

// Row y of image `which`, columns x0 - 1 .. x0 + 2 (zero outside).
fn row4(which: u32, base: u32, y: i32, x0: i32) -> vec4<f32> {
  return vec4<f32>(sample3(which, base, y, x0 - 1), sample3(which, base, y, x0), sample3(which, base, y, x0 + 1), sample3(which, base, y, x0 + 2));
}

// The Sobel responses of a 2x2 block (top-left y0, x0) from its 4x4 neighbourhood: 16 loads
// instead of 32.
struct Block2 { a: GradAngle, b: GradAngle, c: GradAngle, d: GradAngle }

fn sobelBlock(which: u32, base: u32, y0: i32, x0: i32) -> Block2 {
  let r0 = row4(which, base, y0 - 1, x0);
  let r1 = row4(which, base, y0, x0);
  let r2 = row4(which, base, y0 + 1, x0);
  let r3 = row4(which, base, y0 + 2, x0);
  return Block2(sobel(r0.xyz, r1.xyz, r2.xyz), sobel(r0.yzw, r1.yzw, r2.yzw), sobel(r1.xyz, r2.xyz, r3.xyz), sobel(r1.yzw, r2.yzw, r3.yzw));
}

// u.mode 0: VIFB's quirk (G = g_F where g_X == g_F); 1: the paper's min / max ratio, 1 there.
fn qTerm(x: GradAngle, f: GradAngle) -> f32 {
  let equal = select(f.g, 1.0, u.mode == 1u);
  let ratio = select(select(x.g / f.g, equal, x.g == f.g), f.g / x.g, x.g > f.g);
  let al = 1.0 - abs(x.a - f.a) / 1.5707963267948966;
  return (0.9994 / (1.0 + exp(-15.0 * (ratio - 0.5)))) * (0.9879 / (1.0 + exp(-22.0 * (al - 0.8))));
}

fn qabfStore(p: u32, n: u32, ga: GradAngle, gb: GradAngle, gf: GradAngle) {
  dst[p] = qTerm(ga, gf) * ga.g + qTerm(gb, gf) * gb.g;
  dst[u.channels * n + p] = ga.g + gb.g;
}

// One 2x2 block of pixels per invocation (grid ceil(W / 2) x ceil(H / 2) x C).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn qabfTerms(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 2u * id.x;
  let y0 = 2u * id.y;
  if (x0 >= u.width || y0 >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let base = id.z * n;
  let ga = sobelBlock(0u, base, i32(y0), i32(x0));
  let gb = sobelBlock(1u, base, i32(y0), i32(x0));
  let gf = sobelBlock(2u, base, i32(y0), i32(x0));
  let p = base + y0 * u.width + x0;
  let right = x0 + 1u < u.width;
  qabfStore(p, n, ga.a, gb.a, gf.a);
  if (right) { qabfStore(p + 1u, n, ga.b, gb.b, gf.b); }
  if (y0 + 1u < u.height) {
    qabfStore(p + u.width, n, ga.c, gb.c, gf.c);
    if (right) { qabfStore(p + u.width + 1u, n, ga.d, gb.d, gf.d); }
  }
}

// qabfTerms on rows of whole vec4s (width % 4 == 0, the host checks): a 4 x 2 block per
// invocation, each image's 4 x 6 neighbourhood as 12 vec4 loads (36 loads and 4 stores for 8
// pixels instead of 56 float accesses for 4). The arithmetic is sobel's and qTerm's, per
// component.
struct Nb4Row { l: vec4<f32>, m: vec4<f32>, r: vec4<f32> }

fn qrow(which: u32, c: u32, y: i32, q: u32) -> Nb4Row {
  let zero = vec4<f32>(0.0);
  if (y < 0 || y >= i32(u.height)) { return Nb4Row(zero, zero, zero); }
  let wQ = u.width / 4u;
  let row = (c * u.height + u32(y)) * wQ;
  let iq = row + q;
  let il = row + max(q, 1u) - 1u;
  let ir = row + min(q + 1u, wQ - 1u);
  var l: vec4<f32>;
  var m: vec4<f32>;
  var r: vec4<f32>;
  switch which {
    case 0u: { l = src4[il]; m = src4[iq]; r = src4[ir]; }
    case 1u: { l = src24[il]; m = src24[iq]; r = src24[ir]; }
    default: { l = src34[il]; m = src34[iq]; r = src34[ir]; }
  }
  l = 255.0 * select(zero, l, q > 0u);
  m = 255.0 * m;
  r = 255.0 * select(zero, r, q + 1u < wQ);
  return Nb4Row(vec4<f32>(l.w, m.x, m.y, m.z), m, vec4<f32>(m.y, m.z, m.w, r.x));
}

struct GradAngle4 { g: vec4<f32>, a: vec4<f32> }

fn angle(sy: f32, sx: f32) -> f32 {
  if (sx != 0.0) { return atanRatio(sy, sx); }
  return 1.5707963267948966;
}

fn sobel4(t: Nb4Row, m: Nb4Row, b: Nb4Row) -> GradAngle4 {
  let sx = (t.l + 2.0 * m.l + b.l) - (t.r + 2.0 * m.r + b.r);
  let sy = (b.l + 2.0 * b.m + b.r) - (t.l + 2.0 * t.m + t.r);
  let g = sqrt(sx * sx + sy * sy);
  return GradAngle4(g, vec4<f32>(angle(sy.x, sx.x), angle(sy.y, sx.y), angle(sy.z, sx.z), angle(sy.w, sx.w)));
}

fn qTerm4(x: GradAngle4, f: GradAngle4) -> vec4<f32> {
  let equal = select(f.g, vec4<f32>(1.0), u.mode == 1u);
  let ratio = select(select(x.g / f.g, equal, x.g == f.g), f.g / x.g, x.g > f.g);
  let al = 1.0 - abs(x.a - f.a) / 1.5707963267948966;
  return (0.9994 / (1.0 + exp(-15.0 * (ratio - 0.5)))) * (0.9879 / (1.0 + exp(-22.0 * (al - 0.8))));
}

struct Rows4 { r0: Nb4Row, r1: Nb4Row, r2: Nb4Row, r3: Nb4Row }

fn qrows(which: u32, c: u32, y0: i32, q: u32) -> Rows4 {
  return Rows4(qrow(which, c, y0 - 1, q), qrow(which, c, y0, q), qrow(which, c, y0 + 1, q), qrow(which, c, y0 + 2, q));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn qabfTermsQuads(@builtin(global_invocation_id) id: vec3<u32>) {
  let y0 = 2u * id.y;
  if (4u * id.x >= u.width || y0 >= u.height || id.z >= u.channels) { return; }
  let c = id.z;
  let wQ = u.width / 4u;
  let n = u.height * wQ;
  let a = qrows(0u, c, i32(y0), id.x);
  let b = qrows(1u, c, i32(y0), id.x);
  let f = qrows(2u, c, i32(y0), id.x);
  let p = (c * u.height + y0) * wQ + id.x;
  let ga = sobel4(a.r0, a.r1, a.r2);
  let gb = sobel4(b.r0, b.r1, b.r2);
  let gf = sobel4(f.r0, f.r1, f.r2);
  dst4[p] = qTerm4(ga, gf) * ga.g + qTerm4(gb, gf) * gb.g;
  dst4[u.channels * n + p] = ga.g + gb.g;
  if (y0 + 1u < u.height) {
    let ha = sobel4(a.r1, a.r2, a.r3);
    let hb = sobel4(b.r1, b.r2, b.r3);
    let hf = sobel4(f.r1, f.r2, f.r3);
    dst4[p + wQ] = qTerm4(ha, hf) * ha.g + qTerm4(hb, hf) * hb.g;
    dst4[u.channels * n + p + wQ] = ha.g + hb.g;
  }
}
