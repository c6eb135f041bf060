// The shared statistics ops the metrics are computed from (shaders/stats.wgsl): histograms,
// joint histograms and per-channel sums, so a metric table needs one upload and a few small
// downloads.
import type { GpuPlan, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { channelSumsRef, gradientMapsRef, histogramRef, jointHistogramRef, qabfTermsRef, quantiseRef, ssimMapRef, ssimProductsRef } from '../reference/stats.js';
import { pixelGrid } from './shape-rules.js';

const CHUNK = 4096;
const MAX_GROUPS = 64;
const groupsFor = (n: number) => Math.max(1, Math.min(MAX_GROUPS, Math.ceil(n / CHUNK)));
/** Kernels moving four pixels of a row per invocation as vec4s: rows aligned when W % 4 == 0. */
const aligned = (s: Shape) => ({ ALIGNED: s[2] % 4 === 0 ? 1 : 0 });
const quadGrid = (s: Shape): [number, number, number] => [Math.ceil(s[2] / 4), s[1], s[0]];
/** The sums' workgroup size (shaders/stats.wgsl TP). */
const SUMS_THREADS = 64;
/** Values per sumsPartial workgroup: a multiple of 4, since it loads a vec4 at a time. */
const sumsChunk = (n: number, groups: number) => 4 * Math.ceil(n / groups / 4);
const u = (width: number, height: number, channels: number, extra: Record<string, number> = {}) => ({ width, height, channels, groups: 1, chunk: 0, bins: 0, shift: 0, mode: 0, ...extra });

export const histogram256: OpDescriptor = {
  kind: 'kernel',
  name: 'histogram256',
  summary: "256-bin histogram of each channel's grey levels (bin floor(v) clamped to 0..255), as counts",
  inputs: [{ name: 'x', doc: 'grey levels 0..255' }],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x }) => ({ y: [x[0], 1, 256] }),
  reference: ({ x }) => ({ y: histogramRef(x) }),
  gpu: ({ x }): GpuPlan => {
    const [c, h, w] = x;
    const groups = groupsFor(h * w);
    const bins = 256 * c;
    return {
      temps: { counts: [c, 1, 256] },
      passes: [
        { shader: 'stats', entry: 'clearCounts', bindings: { counts: 'counts' }, uniforms: u(256, c, c, { bins }), grid: [256, c, 1] },
        // planes of whole vec4s: chunks of whole vec4s, one load per four values
        (h * w) % 4 === 0
          ? { shader: 'stats', entry: 'histogramQuads', bindings: { src4: 'x', counts: 'counts' }, uniforms: u(w, h, c, { groups, chunk: 4 * Math.ceil((h * w) / groups / 4) }), grid: [1, 1, groups * c] }
          : { shader: 'stats', entry: 'histogram', bindings: { src: 'x', counts: 'counts' }, uniforms: u(w, h, c, { groups, chunk: Math.ceil((h * w) / groups) }), grid: [1, 1, groups * c] },
        { shader: 'stats', entry: 'countsToFloat', bindings: { counts: 'counts', dst: 'y' }, uniforms: u(256, c, c, { bins }), grid: [256, c, 1] },
      ],
    };
  },
  accuracy: () => ({ atol: 0, rtol: 0, why: 'integer counts (exact in float32 below 2^24 pixels)' }),
};

export const jointHistogram256: OpDescriptor = {
  kind: 'kernel',
  name: 'jointHistogram256',
  summary: 'joint 256 x 256 histogram of two one-channel grey-level images: y[0, level(a), level(b)] counts',
  inputs: [
    { name: 'a', doc: 'grey levels 0..255, one channel (rows of the histogram)' },
    { name: 'b', doc: 'grey levels 0..255, one channel, same size (columns)' },
  ],
  outputs: () => ['y'],
  params: [],
  shapes: ({ a, b }) => {
    if (a[0] !== 1 || b[0] !== 1 || a[1] !== b[1] || a[2] !== b[2]) fail('shape', `jointHistogram256: 'a' ${fmtShape(a)} and 'b' ${fmtShape(b)} must be one-channel images of one size`);
    return { y: [1, 256, 256] };
  },
  reference: ({ a, b }) => ({ y: jointHistogramRef(a, b) }),
  gpu: ({ a }): GpuPlan => ({
    temps: { counts: [1, 256, 256] },
    passes: [
      // 65536 bins as 16384 vec4s (64 x 256)
      { shader: 'stats', entry: 'clearCountsQuads', bindings: { counts4: 'counts' }, uniforms: u(64, 256, 1, { bins: 65536 }), grid: [64, 256, 1] },
      a[2] % 4 === 0
        ? { shader: 'stats', entry: 'jointQuads', bindings: { src4: 'a', src24: 'b', counts: 'counts' }, uniforms: u(a[2], a[1], 1), grid: quadGrid(a) }
        : { shader: 'stats', entry: 'joint', bindings: { src: 'a', src2: 'b', counts: 'counts' }, uniforms: u(a[2], a[1], 1), grid: [a[2], a[1], 1] },
      { shader: 'stats', entry: 'countsToFloatQuads', bindings: { counts4: 'counts', dst4: 'y' }, uniforms: u(64, 256, 1, { bins: 65536 }), grid: [64, 256, 1] },
    ],
  }),
  accuracy: () => ({ atol: 0, rtol: 0, why: 'integer counts' }),
};

/**
 * channelSums' two passes over the tensor bound as `input`, totals to `output` ([C, 1, 4]), with
 * their temporary; other ops that need a channel's range or sums (bilateral's LUT) reuse them.
 */
export function sumsPlan(x: Shape, input: string, output: string, shift = 0, temp = 'partial'): GpuPlan {
  const [c, h, w] = x;
  const groups = groupsFor(h * w);
  const uu = u(w, h, c, { groups, chunk: sumsChunk(h * w, groups), shift });
  return {
    temps: { [temp]: [c, 1, groups * 4] },
    passes: [
      { shader: 'stats', entry: 'sumsPartial', bindings: { src4: input, dst: temp }, uniforms: uu, grid: [1, 1, groups * c] },
      { shader: 'stats', entry: 'sumsFinal', bindings: { src: temp, dst: output }, uniforms: uu, grid: [1, 1, c] },
    ],
  };
}

export const channelSums: OpDescriptor = {
  kind: 'kernel',
  name: 'channelSums',
  summary: 'per channel: sum and sum of squares of x - shift, min and max (y[c, 0, 0..3]); the shared tree reduction of the metrics',
  inputs: [{ name: 'x', doc: 'any tensor' }],
  outputs: () => ['y'],
  params: [{ name: 'shift', type: 'number', default: 0, doc: 'subtracted before summing: near the mean, it keeps the sum of squares free of cancellation' }],
  shapes: ({ x }) => ({ y: [x[0], 1, 4] as Shape }),
  reference: ({ x }, p) => ({ y: channelSumsRef(x, num(p, 'shift')) }),
  gpu: ({ x }, _o, p): GpuPlan => sumsPlan(x, 'x', 'y', num(p, 'shift')),
  // Each value passes through the additions of sumsPartial (a running sum per vec4 lane over
  // chunk / (64 x 4) loads, chunk / 64 if H W is not a multiple of 4; the four lanes; a
  // 64-wide tree) and sumsFinal (one per 64 groups, a 64-wide tree), each rounding by u of a
  // partial sum: the signed sum is off by at most steps u sum|d| <= steps u n max|d| (atol),
  // the sum of squares, all terms positive, by steps u relative (rtol); min and max are exact.
  accuracy: (p, s) => {
    const n = s.x[1] * s.x[2];
    const m = 1 + Math.abs(num(p, 'shift'));
    const groups = groupsFor(n);
    const lanes = n % 4 === 0 ? 4 : 1;
    const steps = Math.ceil(sumsChunk(n, groups) / (SUMS_THREADS * lanes)) + 2 + 2 * Math.log2(SUMS_THREADS) + Math.ceil(groups / SUMS_THREADS);
    return { atol: steps * 2 ** -24 * n * m, rtol: steps * 2 ** -24, why: `${n} values through ~${steps.toFixed(0)} float32 additions (|x - shift| <= ${m})` };
  },
};

export const quantiseLevels: OpDescriptor = {
  kind: 'kernel',
  name: 'quantiseLevels',
  summary: "integer grey levels min-max normalised to 0..255, rounded half away from zero (VIFB's MI quantisation); min and max from channelSums of the same tensor",
  inputs: [
    { name: 'x', doc: 'integer grey levels' },
    { name: 'stats', doc: 'channelSums(x): [C, 1, 4]' },
  ],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x, stats }) => {
    if (stats[0] !== x[0] || stats[1] !== 1 || stats[2] !== 4) fail('shape', `quantiseLevels: 'stats' ${fmtShape(stats)} must be channelSums of 'x' ${fmtShape(x)}`);
    return { y: x };
  },
  reference: ({ x, stats }) => ({ y: quantiseRef(x, stats) }),
  gpu: ({ x }) => {
    // rows of whole vec4s: four pixels per invocation
    const rows4 = x[2] % 4 === 0;
    const bindings: Record<string, string> = rows4 ? { src4: 'x', src2: 'stats', dst4: 'y' } : { src: 'x', src2: 'stats', dst: 'y' };
    return { passes: [{ shader: 'stats', entry: rows4 ? 'quantiseQuads' : 'quantise', bindings, uniforms: u(x[2], x[1], x[0]), grid: rows4 ? quadGrid(x) : pixelGrid(x) }] };
  },
  accuracy: () => ({ atol: 0, rtol: 0, why: 'integer arithmetic' }),
};

export const gradientMaps: OpDescriptor = {
  kind: 'kernel',
  name: 'gradientMaps',
  summary: "per band c, planes 6c..6c+5: VIFB's average-gradient term, Sobel magnitude (edge intensity), the spatial-frequency row and column terms, the textbook (forward-difference) average-gradient term, and VIFB's spatial-frequency join term between bands of its H x (C W) strip",
  inputs: [{ name: 'x', doc: 'fused image, grey levels' }],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x }) => ({ y: [6 * x[0], x[1], x[2]] }),
  reference: ({ x }) => ({ y: gradientMapsRef(x) }),
  gpu: ({ x }) => {
    // rows of whole vec4s: four pixels per invocation
    const rows4 = x[2] % 4 === 0;
    const bindings: Record<string, string> = rows4 ? { src4: 'x', dst4: 'y' } : { src: 'x', dst: 'y' };
    return { passes: [{ shader: 'stats', entry: rows4 ? 'gradientMapsQuads' : 'gradientMaps', bindings, uniforms: u(x[2], x[1], x[0]), grid: rows4 ? quadGrid(x) : pixelGrid(x) }] };
  },
  // a few float32 sums of at most 8 values |x| <= 1, one square, one square root
  accuracy: () => ({ atol: 32 * 2 ** -24, rtol: 8 * 2 ** -24, why: 'sums of up to 8 terms, a square and a square root (correctly rounded in WGSL within 1 ulp)' }),
};

export const ssimProducts: OpDescriptor = {
  kind: 'kernel',
  name: 'ssimProducts',
  summary: "SSIM's five planes of two images, shifted: x', f', x'x', f'f', x'f' (x' = x - shift), band-major [5C]",
  inputs: [
    { name: 'x', doc: 'reference image' },
    { name: 'f', doc: 'fused image, same shape' },
  ],
  outputs: () => ['y'],
  params: [{ name: 'shift', type: 'number', default: 0, doc: 'subtracted first (127.5 for 0..255 levels)' }],
  shapes: ({ x, f }) => {
    if (x.join() !== f.join()) fail('shape', `ssimProducts: 'x' ${fmtShape(x)} and 'f' ${fmtShape(f)} differ`);
    return { y: [5 * x[0], x[1], x[2]] };
  },
  reference: ({ x, f }, p) => ({ y: ssimProductsRef(x, f, num(p, 'shift')) }),
  gpu: ({ x }, _o, p) => ({ passes: [{ shader: 'stats', entry: 'ssimProducts', bindings: { src4: 'x', src24: 'f', dst4: 'y' }, uniforms: u(x[2], x[1], x[0], { shift: num(p, 'shift') }), constants: aligned(x), grid: quadGrid(x) }] }),
  accuracy: () => ({ atol: 2 ** -24, rtol: 2 ** -23, why: 'one subtraction and one product' }),
};

export const ssimMap: OpDescriptor = {
  kind: 'kernel',
  name: 'ssimMap',
  summary: "Wang et al.'s SSIM map (C1, C2 for range 255) from the Gaussian means of ssimProducts' planes, on the positions a window of the given radius fits, 0 elsewhere",
  inputs: [{ name: 'm', doc: 'window means of ssimProducts: [5C]' }],
  outputs: () => ['y'],
  params: [
    { name: 'radius', type: 'int', default: 5, min: 0, max: 64, doc: 'window radius: positions closer to a border are 0 (MATLAB filter2 valid)' },
    { name: 'shift', type: 'number', default: 0, doc: "ssimProducts' shift, added back to the means" },
  ],
  shapes: ({ m }) => {
    if (m[0] % 5 !== 0) fail('shape', `ssimMap: 'm' must hold 5 planes per channel, got ${fmtShape(m)}`);
    return { y: [m[0] / 5, m[1], m[2]] };
  },
  reference: ({ m }, p) => ({ y: ssimMapRef(m, num(p, 'radius'), num(p, 'shift')) }),
  gpu: ({ m }, _o, p) => ({ passes: [{ shader: 'stats', entry: 'ssimMap', bindings: { src4: 'm', dst4: 'y' }, uniforms: u(m[2], m[1], m[0] / 5, { chunk: num(p, 'radius'), shift: num(p, 'shift') }), constants: aligned(m), grid: quadGrid([m[0] / 5, m[1], m[2]]) }] }),
  // a ratio of two products of sums: about 12 roundings, each within the conditioning of
  // denominators >= C2 = 58.5 for values in [-1, 1]
  accuracy: () => ({ atol: 64 * 2 ** -24, rtol: 32 * 2 ** -24, why: 'about 12 float32 operations on a well-conditioned ratio (C1, C2 dominate small variances)' }),
};

export const qabfTerms: OpDescriptor = {
  kind: 'kernel',
  name: 'qabfTerms',
  summary: "VIFB's Qabf per pixel: planes c = Q_AF g_A + Q_BF g_B and C + c = g_A + g_B (Sobel on 255 x levels, zero padding); Qabf = the ratio of their sums",
  inputs: [
    { name: 'a', doc: 'first source (VIFB: visible), levels, the channels of f' },
    { name: 'b', doc: 'second source (infrared)' },
    { name: 'f', doc: 'fused image' },
  ],
  outputs: () => ['y'],
  params: [{ name: 'equalStrength', type: 'enum', values: ['vifb', 'paper'], default: 'vifb', doc: "strength ratio where g_X == g_F: VIFB's g_F, or the paper's 1" }],
  shapes: ({ a, b, f }) => {
    if (a.join() !== f.join() || b.join() !== f.join()) fail('shape', `qabfTerms: 'a' ${fmtShape(a)}, 'b' ${fmtShape(b)} and 'f' ${fmtShape(f)} must match`);
    return { y: [2 * f[0], f[1], f[2]] };
  },
  reference: ({ a, b, f }, p) => ({ y: qabfTermsRef(a, b, f, str(p, 'equalStrength') === 'vifb') }),
  gpu: ({ f }, _o, p) => {
    const uniforms = u(f[2], f[1], f[0], { mode: str(p, 'equalStrength') === 'vifb' ? 0 : 1 });
    // rows of whole vec4s: 4 x 2 blocks of vec4 accesses, else 2 x 2 blocks of floats
    if (f[2] % 4 === 0) return { passes: [{ shader: 'stats', entry: 'qabfTermsQuads', bindings: { src4: 'a', src24: 'b', src34: 'f', dst4: 'y' }, uniforms, grid: [f[2] / 4, Math.ceil(f[1] / 2), f[0]] }] };
    return { passes: [{ shader: 'stats', entry: 'qabfTerms', bindings: { src: 'a', src2: 'b', src3: 'f', dst: 'y' }, uniforms, grid: [Math.ceil(f[2] / 2), Math.ceil(f[1] / 2), f[0]] }] };
  },
  // Gradients of values <= 255 x 255: integer sums, exact in float32 below 2^24 (255 x 1020 for
  // 0..255 levels, as the sample inputs are); the magnitude rounds its squares, sum and sqrt
  // (~4 u), the strength ratio ~10 u. The angle is atanRatio (<= 2.3e-7,
  // shaders/common/atan_ratio.wgsl), so alpha moves <= 4.2e-7; the sigmoids' log slopes are
  // <= 22 (orientation, 9.2e-6) and <= 15 (strength, 150 u), exp within 3 + 2|x| <= 38 ulp and
  // the quotients 2.5: each term within 2e-5 relative, times g (4 u): 3e-5. Where two different
  // strengths round to the same float32 the VIFB equal-strength rule can flip a pixel: the
  // mismatch fraction.
  accuracy: () => ({ atol: 0, rtol: 3e-5, why: 'exact integer gradients, atanRatio (2.3e-7) and exp through the sigmoids', maxMismatchFraction: 0.001 }),
};
