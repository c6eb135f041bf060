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
