// The mixed-radix Stockham FFT shared by fft.wgsl (one line per workgroup) and fft_pair.wgsl
// (two lines per workgroup, as vec4s): parameters, twiddles, butterflies and the stage loop,
// written over the complex type C. The including shader defines C (vec2<f32>: one complex
// value, or vec4<f32>: the same element of two lines), cmulC (C times one complex twiddle),
// rot (-i v forward, +i v inverse, per complex value), the workgroup array buf of C and HALF
// (the offset of buf's second half: a stage reads one half and writes the other, so no branch
// picks the buffer).

// One workgroup per line, so the engine's WG_X x WG_Y does not apply: 8 invocations (the
// SIMD width of llvmpipe and SwiftShader) measured best there, 37 ms vs 59 ms with 128 on
// llvmpipe and 0.3 s vs 2.2 s on SwiftShader for 640x512 (fewer invocations to switch at
// each barrier). A hardware GPU would want 64 or more; set FFT_THREADS for it.
override FFT_THREADS: u32 = 8u;
override N: u32 = 1u;
// Stage radices in order, 0 = no stage (fftRadices in src/ops/fft.ts; at most 8 for N <= 2048).
override R0: u32 = 0u; override R1: u32 = 0u; override R2: u32 = 0u; override R3: u32 = 0u;
override R4: u32 = 0u; override R5: u32 = 0u; override R6: u32 = 0u; override R7: u32 = 0u;
// A line longer than 2048 (L = n1 n2, both <= 2048) takes two passes of this kernel, the
// four-step FFT (Bailey, "FFTs in external or hierarchical memory", 1990): pass A transforms
// the n2 interleaved sub-lines of length n1 (element j1 of sub-line j2 at j2 + n2 j1), pass B
// (SPLIT) multiplies element j2 of sub-line k1 by exp(-+2 pi i j2 k1 / L), transforms the n1
// sub-lines of length n2 (contiguous) and writes output k2 of sub-line k1 to k1 + n1 k2.
override SPLIT: bool = false;

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
fn twiddled(idx: u32, e: u32) -> C {
  return cmulC(buf[idx], twiddle(e));
}

const SIN60: f32 = 0.8660254037844386;
struct Dft3 { y0: C, y1: C, y2: C }

// The 3-point DFT: sin(2 pi / 3) times -i (v1 - v2) forward, +i inverse.
fn dft3(v0: C, v1: C, v2: C) -> Dft3 {
  let t = v1 + v2;
  let c = v0 - 0.5 * t;
  let d = SIN60 * rot(v1 - v2);
  return Dft3(v0 + t, c + d, c - d);
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
struct DftSum { acc: C, idx: u32, e1: u32, e2: u32 }

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
    var d = DftSum(C(0.0), rin + j, 0u, 0u);
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

// The stages R0 .. R7 in order over the two halves of buf; returns the half holding the result.
fn runStages(lid: u32) -> u32 {
  let threads = FFT_THREADS;
  var rin = 0u;
  var ns = 1u;
  if (R0 > 0u) { stage(rin, HALF - rin, R0, ns, lid, threads); workgroupBarrier(); ns *= R0; rin = HALF - rin; }
  if (R1 > 0u) { stage(rin, HALF - rin, R1, ns, lid, threads); workgroupBarrier(); ns *= R1; rin = HALF - rin; }
  if (R2 > 0u) { stage(rin, HALF - rin, R2, ns, lid, threads); workgroupBarrier(); ns *= R2; rin = HALF - rin; }
  if (R3 > 0u) { stage(rin, HALF - rin, R3, ns, lid, threads); workgroupBarrier(); ns *= R3; rin = HALF - rin; }
  if (R4 > 0u) { stage(rin, HALF - rin, R4, ns, lid, threads); workgroupBarrier(); ns *= R4; rin = HALF - rin; }
  if (R5 > 0u) { stage(rin, HALF - rin, R5, ns, lid, threads); workgroupBarrier(); ns *= R5; rin = HALF - rin; }
  if (R6 > 0u) { stage(rin, HALF - rin, R6, ns, lid, threads); workgroupBarrier(); ns *= R6; rin = HALF - rin; }
  if (R7 > 0u) { stage(rin, HALF - rin, R7, ns, lid, threads); workgroupBarrier(); ns *= R7; rin = HALF - rin; }
  return rin;
}
