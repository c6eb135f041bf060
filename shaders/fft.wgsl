// 2-D FFT, one axis per dispatch: a workgroup transforms one row (or column) of one complex
// image in workgroup memory with a mixed-radix Stockham FFT (Govindaraju et al., "High
// performance discrete Fourier transforms on graphics processors", SC 2008): every stage
// reads one buffer and writes the other in sorted order, so no bit reversal. Any length up
// to 2048: radix-8, -6, -5, -4, -3 and -2 butterflies and, for other prime factors, a direct
// radix-p stage (O(n p)).
// The length and the radices are override constants, so each line length gets its own
// pipeline in which the stage loop is unrolled and every division, modulo and radix branch is
// by a constant: on llvmpipe that made a 640x512 transform 2-3.7x faster than reading them
// from the uniform (rows 46 -> 12-19 ms, columns 40 -> 19-20 ms, with radix 8 and 5 added),
// for one JIT compile per new length (~0.1-0.3 s there, then cached).
// Twiddles come from the host in float64-rounded float32 (WGSL's sin/cos are only accurate to
// 2^-11 absolute), exp(-2 pi i k / n) for k < n. The direct stage steps its indices and
// twiddle exponents by addition, so its inner loop has no division.
// Complex images are channel pairs (re plane, im plane); realInput / realOutput read or write
// real planes only. Same math: fft2Ref in src/ops/fft.ts over src/reference/fft.ts.

// This file: one line per workgroup, lines up to 2048. fft_pair.wgsl runs two lines of up to
// 1024 per workgroup (the host picks it where it fits).
alias C = vec2<f32>;
const HALF: u32 = 2048u;
var<workgroup> buf: array<vec2<f32>, 4096>;

fn cmulC(a: C, w: vec2<f32>) -> C { return cmul(a, w); }

// -i v (forward) or +i v (inverse).
fn rot(v: C) -> C {
  return select(C(v.y, -v.x), C(-v.y, v.x), u.inverse != 0u);
}

//#include "common/fft_core.wgsl"

@compute @workgroup_size(FFT_THREADS, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let threads = FFT_THREADS;
  // Workgroup wg.x + groups.x wg.z = (image, line, sub-line), sub-line fastest; the grid may
  // overshoot by less than one row of x.
  let flat = wg.z * groups.x + wg.x;
  if (flat >= u.images * u.lines * u.subs) { return; }
  let sub = flat % u.subs;
  let line = (flat / u.subs) % u.lines;
  let image = flat / (u.subs * u.lines);
  let n = N;
  let base = line * u.lineStride + sub * u.subStride;
  let inRe = select(2u * image, image, u.realInput != 0u) * u.plane;
  let inIm = (2u * image + 1u) * u.plane;
  for (var i = lid; i < n; i += threads) {
    let o = base + i * u.elemStride;
    var v = vec2<f32>(src[inRe + o], select(src[inIm + o], 0.0, u.realInput != 0u));
    if (SPLIT) { v = cmul(v, splitTwiddle(i * sub)); }
    buf[i] = v;
  }
  workgroupBarrier();
  let rin = runStages(lid);
  let scale = select(1.0, 1.0 / f32(n), u.inverse != 0u);
  let outRe = select(2u * image, image, u.realOutput != 0u) * u.plane;
  let outIm = (2u * image + 1u) * u.plane;
  let outBase = line * u.outLineStride + sub * u.outSubStride;
  for (var i = lid; i < n; i += threads) {
    let v = buf[rin + i] * scale;
    let o = outBase + i * u.outElemStride;
    dst[outRe + o] = v.x;
    if (u.realOutput == 0u) { dst[outIm + o] = v.y; }
  }
}
