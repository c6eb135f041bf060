// fft.wgsl's transform with two lines per workgroup: buf holds element i of both lines as one
// vec4 (re, im of line 2p, re, im of line 2p + 1), so every workgroup-memory access, twiddle
// fetch and invocation serves two lines. On llvmpipe the stages' workgroup-memory traffic,
// not the arithmetic, bounds the FFT. Lines up to 1024 (buf is the same 32 KiB as fft.wgsl's);
// the host uses fft.wgsl for longer ones and for the split passes of longer lines.
alias C = vec4<f32>;
const HALF: u32 = 1024u;
var<workgroup> buf: array<vec4<f32>, 2048>;

fn cmulC(a: C, w: vec2<f32>) -> C { return C(cmul(a.xy, w), cmul(a.zw, w)); }

// -i v (forward) or +i v (inverse), for both complex values.
fn rot(v: C) -> C {
  return select(C(v.y, -v.x, v.w, -v.z), C(-v.y, v.x, -v.w, v.z), u.inverse != 0u);
}

//#include "common/fft_core.wgsl"

// The same buffers as vec2s for the entries below (separate entry points: a dispatch may not
// bind one buffer to two writable bindings).
@group(0) @binding(3) var<storage, read> src2: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> dst2: array<vec2<f32>>;

// The workgroup's image, line pair and whether the pair's second line exists.
struct Lines { image: u32, pair: u32, second: bool }

fn linesOf(wg: vec3<u32>, groups: vec3<u32>) -> Lines {
  let pairs = (u.lines + 1u) >> 1u;
  let flat = wg.z * groups.x + wg.x;
  return Lines(flat / pairs, flat % pairs, 2u * (flat % pairs) + 1u < u.lines);
}

@compute @workgroup_size(FFT_THREADS, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let threads = FFT_THREADS;
  // Workgroup wg.x + groups.x wg.z = (image, line pair, sub-line), sub-line fastest; the grid
  // may overshoot by less than one row of x. An odd last pair has one line.
  let pairs = (u.lines + 1u) >> 1u;
  let flat = wg.z * groups.x + wg.x;
  if (flat >= u.images * pairs * u.subs) { return; }
  let sub = flat % u.subs;
  let pair = (flat / u.subs) % pairs;
  let image = flat / (u.subs * pairs);
  let n = N;
  let second = 2u * pair + 1u < u.lines;
  let base0 = 2u * pair * u.lineStride + sub * u.subStride;
  let base1 = select(base0, base0 + u.lineStride, second);
  let inRe = select(2u * image, image, u.realInput != 0u) * u.plane;
  let inIm = (2u * image + 1u) * u.plane;
  for (var i = lid; i < n; i += threads) {
    let o0 = base0 + i * u.elemStride;
    let o1 = base1 + i * u.elemStride;
    var v = C(src[inRe + o0], select(src[inIm + o0], 0.0, u.realInput != 0u), src[inRe + o1], select(src[inIm + o1], 0.0, u.realInput != 0u));
    if (SPLIT) { v = cmulC(v, splitTwiddle(i * sub)); }
    buf[i] = v;
  }
  workgroupBarrier();
  let rin = runStages(lid);
  let scale = select(1.0, 1.0 / f32(n), u.inverse != 0u);
  let outRe = select(2u * image, image, u.realOutput != 0u) * u.plane;
  let outIm = (2u * image + 1u) * u.plane;
  let out0 = 2u * pair * u.outLineStride + sub * u.outSubStride;
  let out1 = out0 + u.outLineStride;
  for (var i = lid; i < n; i += threads) {
    let v = buf[rin + i] * scale;
    let o0 = out0 + i * u.outElemStride;
    dst[outRe + o0] = v.x;
    if (u.realOutput == 0u) { dst[outIm + o0] = v.y; }
    if (second) {
      let o1 = out1 + i * u.outElemStride;
      dst[outRe + o1] = v.z;
      if (u.realOutput == 0u) { dst[outIm + o1] = v.w; }
    }
  }
}

// Unsplit lines of an even width W (the host checks), with a quarter fewer global accesses than
// main: a load or store moves two adjacent floats (llvmpipe pays per lane and access).
// adjacentLines: the column pass (lines are columns, lineStride 1): the pair's two columns
// are adjacent, so one vec2 holds element i of both.
@compute @workgroup_size(FFT_THREADS, 1, 1)
fn adjacentLines(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let l = linesOf(wg, groups);
  if (l.image >= u.images) { return; }
  let n = N;
  let inRe = select(2u * l.image, l.image, u.realInput != 0u) * u.plane;
  let inIm = (2u * l.image + 1u) * u.plane;
  for (var i = lid; i < n; i += FFT_THREADS) {
    let o = 2u * l.pair + i * u.elemStride;
    let re = src2[(inRe + o) >> 1u];
    let im = select(src2[(inIm + o) >> 1u], vec2<f32>(0.0), u.realInput != 0u);
    buf[i] = C(re.x, im.x, re.y, im.y);
  }
  workgroupBarrier();
  let rin = runStages(lid);
  let scale = select(1.0, 1.0 / f32(n), u.inverse != 0u);
  let outRe = select(2u * l.image, l.image, u.realOutput != 0u) * u.plane;
  let outIm = (2u * l.image + 1u) * u.plane;
  for (var i = lid; i < n; i += FFT_THREADS) {
    let v = buf[rin + i] * scale;
    let o = 2u * l.pair + i * u.outElemStride;
    dst2[(outRe + o) >> 1u] = v.xz;
    if (u.realOutput == 0u) { dst2[(outIm + o) >> 1u] = v.yw; }
  }
}

// pairedElements: the row pass (elements contiguous): each invocation moves elements 2j and
// 2j + 1 of both rows, one vec2 per row and plane.
@compute @workgroup_size(FFT_THREADS, 1, 1)
fn pairedElements(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let l = linesOf(wg, groups);
  if (l.image >= u.images) { return; }
  let n = N;
  let base0 = 2u * l.pair * u.lineStride;
  let base1 = select(base0, base0 + u.lineStride, l.second);
  let inRe = select(2u * l.image, l.image, u.realInput != 0u) * u.plane;
  let inIm = (2u * l.image + 1u) * u.plane;
  for (var j = lid; j < n / 2u; j += FFT_THREADS) {
    let i = 2u * j;
    let re0 = src2[(inRe + base0 + i) >> 1u];
    let re1 = src2[(inRe + base1 + i) >> 1u];
    let im0 = select(src2[(inIm + base0 + i) >> 1u], vec2<f32>(0.0), u.realInput != 0u);
    let im1 = select(src2[(inIm + base1 + i) >> 1u], vec2<f32>(0.0), u.realInput != 0u);
    buf[i] = C(re0.x, im0.x, re1.x, im1.x);
    buf[i + 1u] = C(re0.y, im0.y, re1.y, im1.y);
  }
  workgroupBarrier();
  let rin = runStages(lid);
  let scale = select(1.0, 1.0 / f32(n), u.inverse != 0u);
  let outRe = select(2u * l.image, l.image, u.realOutput != 0u) * u.plane;
  let outIm = (2u * l.image + 1u) * u.plane;
  let out0 = 2u * l.pair * u.outLineStride;
  let out1 = out0 + u.outLineStride;
  for (var j = lid; j < n / 2u; j += FFT_THREADS) {
    let i = 2u * j;
    let a = buf[rin + i] * scale;
    let b = buf[rin + i + 1u] * scale;
    dst2[(outRe + out0 + i) >> 1u] = vec2<f32>(a.x, b.x);
    if (u.realOutput == 0u) { dst2[(outIm + out0 + i) >> 1u] = vec2<f32>(a.y, b.y); }
    if (l.second) {
      dst2[(outRe + out1 + i) >> 1u] = vec2<f32>(a.z, b.z);
      if (u.realOutput == 0u) { dst2[(outIm + out1 + i) >> 1u] = vec2<f32>(a.w, b.w); }
    }
  }
}
