// Separable correlation (cv2.sepFilter2D / GaussianBlur), any kernel length up to 256 taps,
// anchor at ksize/2 as in OpenCV, any border mode: columns first, then rows.
//
// Every load and store moves a vec4 of four neighbours across the pass's axis, and each
// invocation computes a 4x4 block: llvmpipe pays about as much per vec4 as per float, so a
// block costs KSIZE + 3 loads instead of 4 (KSIZE + 3). Across the axis means x for the column
// pass, so it reads the planar image directly and writes its sums transposed (temp [C, W, Hp],
// Hp = H rounded up to 4, a column's rows contiguous); the row pass then reads four rows of a
// column as one vec4 of the temp and transposes its block back into the planar output. The
// scalar form (one float per load, rows then columns) ran 1.6-3.5x longer (bench/RESULTS.md).
// Each output sums tap(k) x[k] in order k = 0 .. KSIZE-1, as the CPU reference does per axis.
//#include "common/border.wgsl"
//#include "common/border_general.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, border: u32, ksize: i32, anchor: i32, hp4: u32,
  taps: array<vec4<f32>, 64>,
}

@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// The pass's kernel length: constant trip counts unroll (a loop to u.ksize made an 11-tap blur
// of 640x512 take ~47 ms per plane on llvmpipe).
override KSIZE: i32 = 5;
// The source's lines start on vec4 boundaries (the temp always; the image when W % 4 == 0),
// likewise the destination's; otherwise the pass moves single floats at the edges.
override SRC_ALIGNED: bool = true;
override DST_ALIGNED: bool = true;

fn tap(k: i32) -> f32 {
  return u.taps[k >> 2u][k & 3];
}

fn border(p: i32, n: u32) -> i32 {
  return borderAt(p, i32(n), u.border);
}

fn srcF(i: u32) -> f32 { return src[i >> 2u][i & 3u]; }

// A line of samples along the pass's axis: sample i is the vec4 at float index base + i stride
// (lanes past `lanes` repeat the last valid one).
struct Line { base: u32, stride: u32, n: u32, lanes: u32 }

fn sample(l: Line, p: i32) -> vec4<f32> {
  let i = border(p, l.n);
  if (i < 0) { return vec4<f32>(0.0); }
  let s = l.base + u32(i) * l.stride;
  if (SRC_ALIGNED) { return src[s >> 2u]; }
  let last = l.lanes - 1u;
  return vec4<f32>(srcF(s), srcF(s + min(1u, last)), srcF(s + min(2u, last)), srcF(s + min(3u, last)));
}

// Outputs p .. p + 3 along the line: a_j = sum over k of tap(k) x[p + j + k - anchor], each a
// vec4 across the axis. v0 .. v2 hold x[k], x[k + 1], x[k + 2] at the start of each tap group.
struct Block { a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32> }

fn run(l: Line, p: i32) -> Block {
  let b = p - u.anchor;
  var v0 = sample(l, b);
  var v1 = sample(l, b + 1);
  var v2 = sample(l, b + 2);
  var r = Block(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  for (var q = 0; q < KSIZE / 4; q++) {
    let t = u.taps[q];
    let i = b + 4 * q + 3;
    let v3 = sample(l, i);
    let v4 = sample(l, i + 1);
    let v5 = sample(l, i + 2);
    let v6 = sample(l, i + 3);
    r.a0 += t.x * v0;
    r.a0 += t.y * v1;
    r.a0 += t.z * v2;
    r.a0 += t.w * v3;
    r.a1 += t.x * v1;
    r.a1 += t.y * v2;
    r.a1 += t.z * v3;
    r.a1 += t.w * v4;
    r.a2 += t.x * v2;
    r.a2 += t.y * v3;
    r.a2 += t.z * v4;
    r.a2 += t.w * v5;
    r.a3 += t.x * v3;
    r.a3 += t.y * v4;
    r.a3 += t.z * v5;
    r.a3 += t.w * v6;
    v0 = v4;
    v1 = v5;
    v2 = v6;
  }
  for (var k = KSIZE / 4 * 4; k < KSIZE; k++) {
    let t = tap(k);
    let v3 = sample(l, b + k + 3);
    r.a0 += t * v0;
    r.a1 += t * v1;
    r.a2 += t * v2;
    r.a3 += t * v3;
    v0 = v1;
    v1 = v2;
    v2 = v3;
  }
  return r;
}

fn dstF(i: u32, v: f32) { dst[i >> 2u][i & 3u] = v; }

// One destination line's `lanes` floats at float index o.
fn storeLine(o: u32, v: vec4<f32>, lanes: u32) {
  if (DST_ALIGNED) {
    dst[o >> 2u] = v;
    return;
  }
  dstF(o, v.x);
  if (lanes > 1u) { dstF(o + 1u, v.y); }
  if (lanes > 2u) { dstF(o + 2u, v.z); }
  if (lanes > 3u) { dstF(o + 3u, v.w); }
}

// The block transposed into `lines` destination lines of `lanes` floats: line i (float index
// base + i stride) gets component i of a0 .. a3.
fn storeT(r: Block, base: u32, stride: u32, lines: u32, lanes: u32) {
  storeLine(base, vec4<f32>(r.a0.x, r.a1.x, r.a2.x, r.a3.x), lanes);
  if (lines > 1u) { storeLine(base + stride, vec4<f32>(r.a0.y, r.a1.y, r.a2.y, r.a3.y), lanes); }
  if (lines > 2u) { storeLine(base + 2u * stride, vec4<f32>(r.a0.z, r.a1.z, r.a2.z, r.a3.z), lanes); }
  if (lines > 3u) { storeLine(base + 3u * stride, vec4<f32>(r.a0.w, r.a1.w, r.a2.w, r.a3.w), lanes); }
}

// grid: ceil(W / 4) x Hp / 4 x C. Columns x0 .. x0 + 3, rows y0 .. y0 + 3 (rows up to Hp are
// computed from bordered rows, never read back) into the temp's columns x0 .. x0 + 3.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn cols(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  if (x0 >= u.width || id.y >= u.hp4 || id.z >= u.channels) { return; }
  let line = Line(id.z * u.height * u.width + x0, u.width, u.height, min(4u, u.width - x0));
  let r = run(line, i32(4u * id.y));
  storeT(r, ((id.z * u.width + x0) * u.hp4 + id.y) * 4u, 4u * u.hp4, min(4u, u.width - x0), 4u);
}

// grid: ceil(W / 4) x Hp / 4 x C. Temp rows 4 id.y .. + 3 (one vec4 per column), output
// columns x0 .. x0 + 3, written to the planar output's rows y0 .. y0 + 3 inside the image.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn rows(@builtin(global_invocation_id) id: vec3<u32>) {
  let x0 = 4u * id.x;
  let y0 = 4u * id.y;
  if (x0 >= u.width || y0 >= u.height || id.z >= u.channels) { return; }
  let line = Line((id.z * u.width * u.hp4 + id.y) * 4u, 4u * u.hp4, u.width, 4u);
  let r = run(line, i32(x0));
  storeT(r, (id.z * u.height + y0) * u.width + x0, u.width, min(4u, u.height - y0), min(4u, u.width - x0));
}
