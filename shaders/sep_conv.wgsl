// Separable correlation, one axis per entry point (rows, then cols), any odd or even
// kernel length up to 256 taps, anchor at ksize/2 as in OpenCV, any border mode.
//#include "common/border.wgsl"

struct Params {
  width: u32, height: u32, channels: u32, border: u32, ksize: i32, anchor: i32,
  // the border runs (rowsBorder / colsBorder): runs [runLo, runHi) of a line are inside, of
  // `runs` per line; a compact list of ringCount runs laid out in rows of ringRow
  runLo: u32, runHi: u32, runs: u32, ringRow: u32, ringCount: u32,
  taps: array<vec4<f32>, 64>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// The pass's kernel length as a pipeline constant: constant trip counts unroll (a loop to
// u.ksize made an 11-tap blur of 640x512 take ~47 ms per plane on llvmpipe).
override KSIZE: i32 = 5;

fn tap(k: i32) -> f32 {
  return u.taps[k >> 2u][k & 3];
}

// Each invocation computes 4 consecutive outputs along the pass's axis from one sliding run of
// KSIZE + 3 loads, taking the taps four at a time as the uniform's vec4s: the loads and the
// dynamically indexed taps, not the multiply-adds, bound this pass on llvmpipe (one output per
// invocation ran at ~0.3 G multiply-adds/s). Every output still sums tap(k) x[k] in order k = 0..
// KSIZE-1, as the one-output loop and the CPU reference do. Runs whose window leaves the line
// are left to rowsBorder / colsBorder: the bordered loop inside these entries, taken by a few
// lanes, made the whole filter about 1.3-1.5x slower on llvmpipe (31 and 11 taps, 640x512).

fn bordered(base: u32, stride: u32, p: i32, n: i32) -> f32 {
  var acc = 0.0;
  for (var k = 0; k < KSIZE; k++) {
    let i = borderIndex(p + k - u.anchor, n, u.border);
    if (i >= 0) { acc += tap(k) * src[base + u32(i) * stride]; }
  }
  return acc;
}

// The run of outputs p..p+3 has its whole window inside the line of n samples.
fn inside(p: i32, n: i32) -> bool {
  let p0 = p - u.anchor;
  return p0 >= 0 && p0 + KSIZE + 3 <= n;
}

// outputs p..p+3 along an axis (element i at base + i stride), window inside
fn run(base: u32, stride: u32, p: i32) {
  let b = base + u32(p - u.anchor) * stride;
  // v0..v2 = x[k], x[k + 1], x[k + 2] at the start of each step over taps k
  var v0 = src[b];
  var v1 = src[b + stride];
  var v2 = src[b + 2u * stride];
  var a = vec4<f32>(0.0);
  for (var q = 0; q < KSIZE / 4; q++) {
    let t = u.taps[q];
    let i = b + u32(4 * q + 3) * stride;
    let v3 = src[i];
    let v4 = src[i + stride];
    let v5 = src[i + 2u * stride];
    let v6 = src[i + 3u * stride];
    a += t.x * vec4<f32>(v0, v1, v2, v3);
    a += t.y * vec4<f32>(v1, v2, v3, v4);
    a += t.z * vec4<f32>(v2, v3, v4, v5);
    a += t.w * vec4<f32>(v3, v4, v5, v6);
    v0 = v4;
    v1 = v5;
    v2 = v6;
  }
  for (var k = KSIZE / 4 * 4; k < KSIZE; k++) {
    let v3 = src[b + u32(k + 3) * stride];
    a += tap(k) * vec4<f32>(v0, v1, v2, v3);
    v0 = v1;
    v1 = v2;
    v2 = v3;
  }
  let o = base + u32(p) * stride;
  dst[o] = a.x;
  dst[o + stride] = a.y;
  dst[o + 2u * stride] = a.z;
  dst[o + 3u * stride] = a.w;
}

// grid: ceil(width / 4) x height x channels
@compute @workgroup_size(WG_X, WG_Y, 1)
fn rows(@builtin(global_invocation_id) id: vec3<u32>) {
  let x = id.x * 4u;
  if (x >= u.width || id.y >= u.height || id.z >= u.channels || !inside(i32(x), i32(u.width))) { return; }
  run((id.z * u.height + id.y) * u.width, 1u, i32(x));
}

// grid: width x ceil(height / 4) x channels
@compute @workgroup_size(WG_X, WG_Y, 1)
fn cols(@builtin(global_invocation_id) id: vec3<u32>) {
  let y = id.y * 4u;
  if (id.x >= u.width || y >= u.height || id.z >= u.channels || !inside(i32(y), i32(u.height))) { return; }
  run(id.z * u.height * u.width + id.x, u.width, i32(y));
}

// Border run i of the compact list (every lane busy): line i / sides, the sides-th run of it
// counted over the runs before runLo and from runHi on.
struct BorderRun { line: u32, p: u32, ok: bool }

fn borderRun(id: vec3<u32>) -> BorderRun {
  let i = id.y * u.ringRow + id.x;
  let sides = u.runLo + u.runs - u.runHi;
  let line = i / sides;
  let j = i - line * sides;
  return BorderRun(line, 4u * select(u.runHi + j - u.runLo, j, j < u.runLo), id.x < u.ringRow && i < u.ringCount);
}

// lines: the rows of every channel
@compute @workgroup_size(WG_X, WG_Y, 1)
fn rowsBorder(@builtin(global_invocation_id) id: vec3<u32>) {
  let r = borderRun(id);
  if (!r.ok) { return; }
  let base = r.line * u.width;
  for (var j = 0u; j < 4u && r.p + j < u.width; j++) { dst[base + r.p + j] = bordered(base, 1u, i32(r.p + j), i32(u.width)); }
}

// lines: the columns of every channel
@compute @workgroup_size(WG_X, WG_Y, 1)
fn colsBorder(@builtin(global_invocation_id) id: vec3<u32>) {
  let r = borderRun(id);
  if (!r.ok) { return; }
  let z = r.line / u.width;
  let base = z * u.height * u.width + (r.line - z * u.width);
  for (var j = 0u; j < 4u && r.p + j < u.height; j++) { dst[base + (r.p + j) * u.width] = bordered(base, u.width, i32(r.p + j), i32(u.height)); }
}
