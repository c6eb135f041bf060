// 2-D FFT, one axis per dispatch: a workgroup transforms one row (or column) of one complex
// image in workgroup memory with a mixed-radix Stockham FFT (Govindaraju et al., "High
// performance discrete Fourier transforms on graphics processors", SC 2008): every stage
// reads one buffer and writes the other in sorted order, so no bit reversal. Any length up
// to MAXN: radix-8, -6, -5, -4, -3 and -2 butterflies and, for other prime factors, a direct
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

// One workgroup per line, so the engine's WG_X x WG_Y does not apply: 8 invocations (the
// SIMD width of llvmpipe and SwiftShader) measured best there, 37 ms vs 59 ms with 128 on
// llvmpipe and 0.3 s vs 2.2 s on SwiftShader for 640x512 (fewer invocations to switch at
// each barrier). A hardware GPU would want 64 or more; set FFT_THREADS for it.
override FFT_THREADS: u32 = 8u;
override N: u32 = 1u;
// Stage radices in order, 0 = no stage (fftRadices in src/ops/fft.ts; at most 8 for N <= 2048).
override R0: u32 = 0u; override R1: u32 = 0u; override R2: u32 = 0u; override R3: u32 = 0u;
override R4: u32 = 0u; override R5: u32 = 0u; override R6: u32 = 0u; override R7: u32 = 0u;
// A line longer than MAXN (L = n1 n2, both <= MAXN) takes two passes of this kernel, the
// four-step FFT (Bailey, "FFTs in external or hierarchical memory", 1990): pass A transforms
// the n2 interleaved sub-lines of length n1 (element j1 of sub-line j2 at j2 + n2 j1), pass B
// (SPLIT) multiplies element j2 of sub-line k1 by exp(-+2 pi i j2 k1 / L), transforms the n1
// sub-lines of length n2 (contiguous) and writes output k2 of sub-line k1 to k1 + n1 k2.
override SPLIT: bool = false;
const MAXN: u32 = 2048u;

struct Params {
  lines: u32,          // rows (or columns) per image
  subs: u32,           // sub-lines per line (1 unless the line is split)
  elemStride: u32,     // distance between consecutive elements of a (sub-)line
  lineStride: u32,     // distance between consecutive lines
  subStride: u32,      // distance between consecutive sub-lines
  outElemStride: u32,  // the same on the output side
  outLineStride: u32,
  outSubStride: u32,
  plane: u32,          // H * W
  images: u32,
  inverse: u32,        // conjugate twiddles and scale by 1 / N
  realInput: u32,
  realOutput: u32,
  tw: array<vec4<f32>, 1024>,     // exp(-2 pi i k / N) at tw[k / 2].xy (k even) or .zw (k odd)
  // SPLIT only: exp(-2 pi i e / L) = lo[e % 2048] hi[e / 2048], same packing.
  twLo: array<vec4<f32>, 1024>,
  twHi: array<vec4<f32>, 1024>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> u: Params;

// Two halves: a stage reads one and writes the other (offsets 0 and MAXN), so no branch
// picks the buffer.
var<workgroup> buf: array<vec2<f32>, 4096>;

fn unpack(q: vec4<f32>, k: u32) -> vec2<f32> {
  let t = select(q.xy, q.zw, (k & 1u) == 1u);
  return vec2<f32>(t.x, select(t.y, -t.y, u.inverse != 0u));
}

fn twiddle(k: u32) -> vec2<f32> {
  return unpack(u.tw[k >> 1u], k);
}

// exp(-+2 pi i e / L) for the split's pre-multiplication, e < L <= 2048^2.
fn splitTwiddle(e: u32) -> vec2<f32> {
  let lo = e & 2047u;
  let hi = e >> 11u;
  return cmul(unpack(u.twLo[lo >> 1u], lo), unpack(u.twHi[hi >> 1u], hi));
}

fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

// Input p of a butterfly at buf[idx], times its twiddle w^(p a).
fn twiddled(idx: u32, e: u32) -> vec2<f32> {
  return cmul(buf[idx], twiddle(e));
}

const SIN60: f32 = 0.8660254037844386;
struct Dft3 { y0: vec2<f32>, y1: vec2<f32>, y2: vec2<f32> }

// The 3-point DFT: sin(2 pi / 3) times -i (v1 - v2) forward, +i inverse.
fn dft3(v0: vec2<f32>, v1: vec2<f32>, v2: vec2<f32>) -> Dft3 {
  let t = v1 + v2;
  let c = v0 - 0.5 * t;
  let d = SIN60 * rot(v1 - v2);
  return Dft3(v0 + t, c + d, c - d);
}

// -i v (forward) or +i v (inverse).
fn rot(v: vec2<f32>) -> vec2<f32> {
  return select(vec2<f32>(v.y, -v.x), vec2<f32>(-v.y, v.x), u.inverse != 0u);
}

// One Stockham stage of radix r with span ns (the product of the earlier radices), from
// buf[rin..] to buf[rout..]. Group j (of n / r) reads in[j + p n / r], p < r, multiplies by
// w^(p (j % ns) n / (ns r)), takes the r-point DFT and writes output q to
// (j / ns) * ns * r + j % ns + q * ns. Radices 2, 3, 4, 5, 6 and 8 are butterflies; any other radix is
// the direct r-point sum with table twiddles.
fn stage(rin: u32, rout: u32, r: u32, ns: u32, lid: u32, threads: u32) {
  let n = N;
  let m = n / r;
  let step = n / (ns * r);
  if (r != 2u && r != 3u && r != 4u && r != 5u && r != 6u && r != 8u) {
    directStage(rin, rout, r, ns, lid, threads);
    return;
  }
  for (var j = lid; j < m; j += threads) {
    let k = j % ns;
    let a = k * step;
    let o = rout + (j / ns) * ns * r + k;
    let i = rin + j;
    if (r == 8u) {
      let v0 = buf[i];
      let v1 = twiddled(i + m, a);
      let v2 = twiddled(i + 2u * m, 2u * a);
      let v3 = twiddled(i + 3u * m, 3u * a);
      let v4 = twiddled(i + 4u * m, 4u * a);
      let v5 = twiddled(i + 5u * m, 5u * a);
      let v6 = twiddled(i + 6u * m, 6u * a);
      let v7 = twiddled(i + 7u * m, 7u * a);
      let e0 = v0 + v4; let e1 = v0 - v4; let e2 = v2 + v6; let e3 = rot(v2 - v6);
      let E0 = e0 + e2; let E1 = e1 + e3; let E2 = e0 - e2; let E3 = e1 - e3;
      let f0 = v1 + v5; let f1 = v1 - v5; let f2 = v3 + v7; let f3 = rot(v3 - v7);
      let O0 = f0 + f2; let O1r = f1 + f3; let O2 = rot(f0 - f2); let O3r = f1 - f3;
      let h = 0.7071067811865476;
      let O1 = h * (O1r + rot(O1r));
      let O3 = h * (rot(O3r) - O3r);
      buf[o] = E0 + O0;
      buf[o + ns] = E1 + O1;
      buf[o + 2u * ns] = E2 + O2;
      buf[o + 3u * ns] = E3 + O3;
      buf[o + 4u * ns] = E0 - O0;
      buf[o + 5u * ns] = E1 - O1;
      buf[o + 6u * ns] = E2 - O2;
      buf[o + 7u * ns] = E3 - O3;
    } else if (r == 6u) {
      // Two radix-3 butterflies (even and odd inputs) joined by w6^k = exp(-+i pi k / 3).
      let e = dft3(buf[i], twiddled(i + 2u * m, 2u * a), twiddled(i + 4u * m, 4u * a));
      let d = dft3(twiddled(i + m, a), twiddled(i + 3u * m, 3u * a), twiddled(i + 5u * m, 5u * a));
      let O1 = 0.5 * d.y1 + SIN60 * rot(d.y1);
      let O2 = SIN60 * rot(d.y2) - 0.5 * d.y2;
      buf[o] = e.y0 + d.y0;
      buf[o + ns] = e.y1 + O1;
      buf[o + 2u * ns] = e.y2 + O2;
      buf[o + 3u * ns] = e.y0 - d.y0;
      buf[o + 4u * ns] = e.y1 - O1;
      buf[o + 5u * ns] = e.y2 - O2;
    } else if (r == 4u) {
      let v0 = buf[i];
      let v1 = twiddled(i + m, a);
      let v2 = twiddled(i + 2u * m, 2u * a);
      let v3 = twiddled(i + 3u * m, 3u * a);
      let a0 = v0 + v2;
      let a1 = v0 - v2;
      let a2 = v1 + v3;
      let a3 = rot(v1 - v3);
      buf[o] = a0 + a2;
      buf[o + ns] = a1 + a3;
      buf[o + 2u * ns] = a0 - a2;
      buf[o + 3u * ns] = a1 - a3;
    } else if (r == 2u) {
      let v0 = buf[i];
      let v1 = twiddled(i + m, a);
      buf[o] = v0 + v1;
      buf[o + ns] = v0 - v1;
    } else if (r == 3u) {
      let y = dft3(buf[i], twiddled(i + m, a), twiddled(i + 2u * m, 2u * a));
      buf[o] = y.y0;
      buf[o + ns] = y.y1;
      buf[o + 2u * ns] = y.y2;
    } else if (r == 5u) {
      let v0 = buf[i];
      let v1 = twiddled(i + m, a);
      let v2 = twiddled(i + 2u * m, 2u * a);
      let v3 = twiddled(i + 3u * m, 3u * a);
      let v4 = twiddled(i + 4u * m, 4u * a);
      let t1 = v1 + v4;
      let t2 = v2 + v3;
      let t3 = v1 - v4;
      let t4 = v2 - v3;
      let a1 = v0 + 0.30901699437494745 * t1 - 0.8090169943749475 * t2;
      let a2 = v0 - 0.8090169943749475 * t1 + 0.30901699437494745 * t2;
      let b1 = rot(0.9510565162951535 * t3 + 0.5877852522924731 * t4);
      let b2 = rot(0.5877852522924731 * t3 - 0.9510565162951535 * t4);
      buf[o] = v0 + t1 + t2;
      buf[o + ns] = a1 + b1;
      buf[o + 2u * ns] = a2 + b2;
      buf[o + 3u * ns] = a2 - b2;
      buf[o + 4u * ns] = a1 - b1;
    }
  }
}

// The direct radix-r stage: output q of group j is the sum over p < r of
// in[j + p m] w^(p a + (p q mod r) m), a = (j % ns) n / (ns r), summed in order of p; the
// exponents step by addition. Work items are the n outputs, and the sum takes 16 terms per
// loop iteration: llvmpipe ends any invocation's loops after 65535 iterations in all (its
// loop limiter), which a loop over groups with an inner loop per output and term passed for
// r >= 257 (r^2 > 65535), silently leaving outputs unsummed. Now at most
// ceil(2048 / 8) (128 + 15) iterations per invocation.
struct DftSum { acc: vec2<f32>, idx: u32, e1: u32, e2: u32 }

fn dftTerm(t: DftSum, a: u32, q: u32, r: u32, m: u32) -> DftSum {
  var e = t.e1 + t.e2 * m;
  if (e >= N) { e -= N; }
  var e1 = t.e1 + a;
  if (e1 >= N) { e1 -= N; }
  var e2 = t.e2 + q;
  if (e2 >= r) { e2 -= r; }
  return DftSum(t.acc + twiddled(t.idx, e), t.idx + m, e1, e2);
}

fn directStage(rin: u32, rout: u32, r: u32, ns: u32, lid: u32, threads: u32) {
  let m = N / r;
  let step = N / (ns * r);
  for (var t = lid; t < N; t += threads) {
    let j = t % m;
    let q = t / m;
    let k = j % ns;
    let a = k * step;
    var d = DftSum(vec2<f32>(0.0), rin + j, 0u, 0u);
    var p = 0u;
    for (; p + 16u <= r; p += 16u) {
      d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m);
      d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m);
      d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m);
      d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m); d = dftTerm(d, a, q, r, m);
    }
    for (; p < r; p++) { d = dftTerm(d, a, q, r, m); }
    buf[rout + (j / ns) * ns * r + k + q * ns] = d.acc;
  }
}

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
  var rin = 0u;
  var ns = 1u;
  if (R0 > 0u) { stage(rin, MAXN - rin, R0, ns, lid, threads); workgroupBarrier(); ns *= R0; rin = MAXN - rin; }
  if (R1 > 0u) { stage(rin, MAXN - rin, R1, ns, lid, threads); workgroupBarrier(); ns *= R1; rin = MAXN - rin; }
  if (R2 > 0u) { stage(rin, MAXN - rin, R2, ns, lid, threads); workgroupBarrier(); ns *= R2; rin = MAXN - rin; }
  if (R3 > 0u) { stage(rin, MAXN - rin, R3, ns, lid, threads); workgroupBarrier(); ns *= R3; rin = MAXN - rin; }
  if (R4 > 0u) { stage(rin, MAXN - rin, R4, ns, lid, threads); workgroupBarrier(); ns *= R4; rin = MAXN - rin; }
  if (R5 > 0u) { stage(rin, MAXN - rin, R5, ns, lid, threads); workgroupBarrier(); ns *= R5; rin = MAXN - rin; }
  if (R6 > 0u) { stage(rin, MAXN - rin, R6, ns, lid, threads); workgroupBarrier(); ns *= R6; rin = MAXN - rin; }
  if (R7 > 0u) { stage(rin, MAXN - rin, R7, ns, lid, threads); workgroupBarrier(); ns *= R7; rin = MAXN - rin; }
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
