// windowFilterPair: the k1 x k1 box blur (BOX_K, scale) and the kornia Laplacian (LAP_K, tap,
// centre) of every source channel, written channels-last [H, W, 2C] (channels: the C boxes,
// then the C Laplacians), the layout of the unrolled layers that read it.
//
// Window sums as in window_filter.wgsl (runs of RUN outputs: a direct sum, then sliding), but
// columns first, and every load and store moves a vec4 of four neighbours so that llvmpipe,
// which pays about as much per vec4 as per float, does a quarter of the accesses
// (windowSumRef(..., 'cols') in src/reference/nn.ts sums in the same order):
//   colSums: both window sizes' column sums of four adjacent columns at once, stored transposed
//            (temp [2C, W, Hp], Hp = H rounded up to 4) so that the row pass also reads vec4s;
//   rowSums: row sums of four adjacent rows (one vec4 of the transposed temp), finished as box
//            or Laplacian, two output channels per invocation (one vec2 store per pixel).
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params { width: u32, height: u32, channels: u32, border: u32, hp4: u32, scale: f32, centre: f32, tap: f32 }

@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> t: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> u: Params;
// y as one vec4 per pixel for rowSumsQuad (C = 2: [box0, box1, lap0, lap1]).
@group(0) @binding(4) var<storage, read_write> y4: array<vec4<f32>>;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

const RUN: u32 = 16u;
override BOX_K: i32 = 11;
override LAP_K: i32 = 19;
// Width a multiple of 4: a row's four columns are one aligned vec4 of x.
override ALIGNED: bool = true;

fn border(p: i32, n: u32) -> i32 {
  return borderAt(p, i32(n), u.border);
}

fn xAt(i: u32) -> f32 { return x[i >> 2u][i & 3u]; }

// Columns c0 .. c0 + 3 of row p (bordered) of source c; columns past the edge repeat the last.
fn srcRow(c: u32, p: i32, c0: u32) -> vec4<f32> {
  let r = border(p, u.height);
  if (r < 0) { return vec4<f32>(0.0); }
  let row = (c * u.height + u32(r)) * u.width;
  if (ALIGNED) { return x[(row + c0) >> 2u]; }
  let last = u.width - 1u;
  return vec4<f32>(xAt(row + c0), xAt(row + min(c0 + 1u, last)), xAt(row + min(c0 + 2u, last)), xAt(row + min(c0 + 3u, last)));
}

struct Sums { box: vec4<f32>, lap: vec4<f32> }

// One step of both column runs at row r (r > start slides; padding rows past H keep the sums).
fn colStep(s: Sums, c: u32, c0: u32, r: u32, start: u32) -> Sums {
  if (r == start || r >= u.height) { return s; }
  let ri = i32(r);
  let a1 = BOX_K >> 1u;
  let a2 = LAP_K >> 1u;
  return Sums(s.box + (srcRow(c, ri + BOX_K - 1 - a1, c0) - srcRow(c, ri - 1 - a1, c0)),
              s.lap + (srcRow(c, ri + LAP_K - 1 - a2, c0) - srcRow(c, ri - 1 - a2, c0)));
}

// Rows q .. q + 3 of columns c0 .. c0 + 3 (v0..v3 one row each), transposed into plane p.
fn storeT(p: u32, c0: u32, q: u32, v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, v3: vec4<f32>) {
  let base = (p * u.width + c0) * u.hp4 + (q >> 2u);
  t[base] = vec4<f32>(v0.x, v1.x, v2.x, v3.x);
  if (c0 + 1u < u.width) { t[base + u.hp4] = vec4<f32>(v0.y, v1.y, v2.y, v3.y); }
  if (c0 + 2u < u.width) { t[base + 2u * u.hp4] = vec4<f32>(v0.z, v1.z, v2.z, v3.z); }
  if (c0 + 3u < u.width) { t[base + 3u * u.hp4] = vec4<f32>(v0.w, v1.w, v2.w, v3.w); }
}

// Column sums of source id.z, columns 4 id.x .. + 3, rows id.y * RUN .. + RUN - 1 (and the
// padding rows up to Hp): box sums to temp plane c, Laplacian sums to plane C + c.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn colSums(@builtin(global_invocation_id) id: vec3<u32>) {
  let c0 = 4u * id.x;
  let start = id.y * RUN;
  if (c0 >= u.width || start >= u.height || id.z >= u.channels) { return; }
  let c = id.z;
  let s0 = i32(start);
  var s = Sums(vec4<f32>(0.0), vec4<f32>(0.0));
  for (var i = 0; i < BOX_K; i++) { s.box += srcRow(c, s0 + i - (BOX_K >> 1u), c0); }
  for (var i = 0; i < LAP_K; i++) { s.lap += srcRow(c, s0 + i - (LAP_K >> 1u), c0); }
  let end = min(start + RUN, 4u * u.hp4);
  for (var q = start; q < end; q += 4u) {
    let s1 = colStep(s, c, c0, q, start);
    let s2 = colStep(s1, c, c0, q + 1u, start);
    let s3 = colStep(s2, c, c0, q + 2u, start);
    s = colStep(s3, c, c0, q + 3u, start);
    storeT(c, c0, q, s1.box, s2.box, s3.box, s.box);
    storeT(u.channels + c, c0, q, s1.lap, s2.lap, s3.lap, s.lap);
  }
}

// Rows 4 hq .. 4 hq + 3 of temp plane p at column p (bordered), as one vec4.
fn tAt(p: u32, col: i32, hq: u32) -> vec4<f32> {
  let q = border(col, u.width);
  if (q < 0) { return vec4<f32>(0.0); }
  return t[(p * u.width + u32(q)) * u.hp4 + hq];
}

fn directSum(p: u32, start: i32, k: i32, hq: u32) -> vec4<f32> {
  var s = vec4<f32>(0.0);
  for (var i = 0; i < k; i++) { s += tAt(p, start + i - (k >> 1u), hq); }
  return s;
}

// Output channel m from its window sum s: a box (m < C), or a Laplacian of source m - C,
// whose centre values are rows y0 .. y0 + 3 of column col (rows past H repeat the last).
fn finish(m: u32, s: vec4<f32>, y0: u32, col: u32) -> vec4<f32> {
  if (m < u.channels) { return u.scale * s; }
  let base = (m - u.channels) * u.height * u.width + col;
  let last = u.height - 1u;
  let o = vec4<f32>(xAt(base + y0 * u.width), xAt(base + min(y0 + 1u, last) * u.width),
                    xAt(base + min(y0 + 2u, last) * u.width), xAt(base + min(y0 + 3u, last) * u.width));
  return u.tap * (s - o) + u.centre * o;
}

// Output channels 2 id.z and 2 id.z + 1 of rows 4 id.y .. + 3, columns id.x * RUN .. + RUN - 1.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn rowSums(@builtin(global_invocation_id) id: vec3<u32>) {
  let start = id.x * RUN;
  let y0 = 4u * id.y;
  if (start >= u.width || y0 >= u.height || id.z >= u.channels) { return; }
  let m0 = 2u * id.z;
  let m1 = m0 + 1u;
  let k0 = select(LAP_K, BOX_K, m0 < u.channels);
  let k1 = select(LAP_K, BOX_K, m1 < u.channels);
  let a0 = k0 >> 1u;
  let a1 = k1 >> 1u;
  let hq = id.y;
  let x0 = i32(start);
  var s0 = directSum(m0, x0, k0, hq);
  var s1 = directSum(m1, x0, k1, hq);
  let end = min(start + RUN, u.width);
  for (var col = start; col < end; col++) {
    let ci = i32(col);
    if (col > start) {
      s0 += tAt(m0, ci + k0 - 1 - a0, hq) - tAt(m0, ci - 1 - a0, hq);
      s1 += tAt(m1, ci + k1 - 1 - a1, hq) - tAt(m1, ci - 1 - a1, hq);
    }
    let f0 = finish(m0, s0, y0, col);
    let f1 = finish(m1, s1, y0, col);
    // Pixel (y0 + j, col) holds 2C floats: C vec2s, this invocation's pair is vec2 id.z.
    let o = (y0 * u.width + col) * u.channels + id.z;
    let rowStride = u.width * u.channels;
    y[o] = vec2<f32>(f0.x, f1.x);
    if (y0 + 1u < u.height) { y[o + rowStride] = vec2<f32>(f0.y, f1.y); }
    if (y0 + 2u < u.height) { y[o + 2u * rowStride] = vec2<f32>(f0.z, f1.z); }
    if (y0 + 3u < u.height) { y[o + 3u * rowStride] = vec2<f32>(f0.w, f1.w); }
  }
}

// rowSums for C = 2 sources and a width a multiple of 4 (the host checks): one invocation
// finishes all four output channels of its pixels, so each pixel is one vec4 store instead
// of two vec2 stores, and the Laplacians' centre values come as vec4s of four columns
// (8 loads per 4 columns instead of 32 extracted floats). The sums and their order are
// rowSums' exactly.
struct Four { b0: vec4<f32>, b1: vec4<f32>, l0: vec4<f32>, l1: vec4<f32> }

fn slide(s: Four, col: u32, start: u32, hq: u32) -> Four {
  if (col == start) { return s; }
  let ci = i32(col);
  let a1 = BOX_K >> 1u;
  let a2 = LAP_K >> 1u;
  return Four(s.b0 + (tAt(0u, ci + BOX_K - 1 - a1, hq) - tAt(0u, ci - 1 - a1, hq)),
              s.b1 + (tAt(1u, ci + BOX_K - 1 - a1, hq) - tAt(1u, ci - 1 - a1, hq)),
              s.l0 + (tAt(2u, ci + LAP_K - 1 - a2, hq) - tAt(2u, ci - 1 - a2, hq)),
              s.l1 + (tAt(3u, ci + LAP_K - 1 - a2, hq) - tAt(3u, ci - 1 - a2, hq)));
}

// Column col's four rows from the sums s and the centre values o0, o1 (rows y0 .. y0 + 3).
fn emit(s: Four, o0: vec4<f32>, o1: vec4<f32>, y0: u32, col: u32) {
  let b0 = u.scale * s.b0;
  let b1 = u.scale * s.b1;
  let l0 = u.tap * (s.l0 - o0) + u.centre * o0;
  let l1 = u.tap * (s.l1 - o1) + u.centre * o1;
  let o = y0 * u.width + col;
  y4[o] = vec4<f32>(b0.x, b1.x, l0.x, l1.x);
  if (y0 + 1u < u.height) { y4[o + u.width] = vec4<f32>(b0.y, b1.y, l0.y, l1.y); }
  if (y0 + 2u < u.height) { y4[o + 2u * u.width] = vec4<f32>(b0.z, b1.z, l0.z, l1.z); }
  if (y0 + 3u < u.height) { y4[o + 3u * u.width] = vec4<f32>(b0.w, b1.w, l0.w, l1.w); }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn rowSumsQuad(@builtin(global_invocation_id) id: vec3<u32>) {
  let start = id.x * RUN;
  let y0 = 4u * id.y;
  if (start >= u.width || y0 >= u.height) { return; }
  let hq = id.y;
  let x0 = i32(start);
  var s = Four(directSum(0u, x0, BOX_K, hq), directSum(1u, x0, BOX_K, hq), directSum(2u, x0, LAP_K, hq), directSum(3u, x0, LAP_K, hq));
  let last = u.height - 1u;
  let w = u.width;
  let plane = u.height * w;
  let r0 = y0 * w;
  let r1 = min(y0 + 1u, last) * w;
  let r2 = min(y0 + 2u, last) * w;
  let r3 = min(y0 + 3u, last) * w;
  let end = min(start + RUN, w);
  for (var g = start; g < end; g += 4u) {
    // centre rows of source 0 (a*) and source 1 (b*), columns g .. g + 3
    let a0 = x[(r0 + g) >> 2u];
    let a1 = x[(r1 + g) >> 2u];
    let a2 = x[(r2 + g) >> 2u];
    let a3 = x[(r3 + g) >> 2u];
    let b0 = x[(plane + r0 + g) >> 2u];
    let b1 = x[(plane + r1 + g) >> 2u];
    let b2 = x[(plane + r2 + g) >> 2u];
    let b3 = x[(plane + r3 + g) >> 2u];
    s = slide(s, g, start, hq);
    emit(s, vec4<f32>(a0.x, a1.x, a2.x, a3.x), vec4<f32>(b0.x, b1.x, b2.x, b3.x), y0, g);
    s = slide(s, g + 1u, start, hq);
    emit(s, vec4<f32>(a0.y, a1.y, a2.y, a3.y), vec4<f32>(b0.y, b1.y, b2.y, b3.y), y0, g + 1u);
    s = slide(s, g + 2u, start, hq);
    emit(s, vec4<f32>(a0.z, a1.z, a2.z, a3.z), vec4<f32>(b0.z, b1.z, b2.z, b3.z), y0, g + 2u);
    s = slide(s, g + 3u, start, hq);
    emit(s, vec4<f32>(a0.w, a1.w, a2.w, a3.w), vec4<f32>(b0.w, b1.w, b2.w, b3.w), y0, g + 3u);
  }
}
