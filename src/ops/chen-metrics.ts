// The GPU ops of VIFB's Qcb (Chen-Blum) and Qcv (Chen-Varshney), shaders/chen_metrics.wgsl:
// one spectral pass filters every image both metrics need from one forward fft2 of the
// normalised triple, one inverse fft2 returns them, then per-pixel Qcb terms (after two
// Gaussian sepConvs) and per-block Qcv sums. The pipeline is src/metrics/vifb-gpu.ts.
import type { GpuPass, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, type Params } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { chenRealChannels, chenSpectraRef, qcbTermsRef, qcvBlockGrid, qcvBlocksRef, type ChenLayout } from '../reference/chen-metrics.js';
import { pixelGrid } from './shape-rules.js';

const LAYOUT_PARAMS = [
  { name: 'channels', type: 'int', default: 1, min: 1, max: 4, doc: 'fused channels C' },
  { name: 'visChannels', type: 'int', default: 1, min: 1, max: 4, doc: 'visible channels in the stack: 1 (shared by every fused channel) or C' },
  { name: 'irChannels', type: 'int', default: 1, min: 1, max: 4, doc: 'infrared channels in the stack: 1 or C' },
] as const;

function layout(p: Params): ChenLayout {
  const l = { channels: num(p, 'channels'), visChannels: num(p, 'visChannels'), irChannels: num(p, 'irChannels') };
  for (const k of ['visChannels', 'irChannels'] as const) if (l[k] !== 1 && l[k] !== l.channels) fail('bad-param', `chen metrics: ${k} must be 1 or channels (${l.channels}), got ${l[k]}`);
  return l;
}

const stackChannels = (l: ChenLayout) => l.visChannels + l.irChannels + l.channels;
const u = (s: Shape, l: ChenLayout, extra: Record<string, number> = {}) => ({
  width: s[2], height: s[1], channels: l.channels, visChannels: l.visChannels, irChannels: l.irChannels, outPairs: 0, ratio: 1, blocksX: 0, ...extra,
});

/** The 31 x 31 Gaussians of VIFB's Qcb are unnormalised: a sigma-s Gaussian mean times (sum of taps)^2 / (2 pi s^2). */
export function qcbScaleRatio(): number {
  const scale = (s: number) => {
    let t = 0;
    for (let k = -15; k <= 15; k++) t += Math.exp(-(k * k) / (2 * s * s));
    return (t * t) / (2 * Math.PI * s * s);
  };
  return scale(2) / scale(4);
}

export const chenSpectra: OpDescriptor = {
  kind: 'kernel',
  name: 'chenSpectra',
  summary: "the CSF-filtered spectra of Qcv's differences [d1_k, d2_k] and Qcb's images [x1_k, x2_k, xf_k] from the fft2 of the normalised stack [visible | infrared | fused], two real images per complex output",
  inputs: [{ name: 'z', doc: 'fft2 of the real stack read as complex pairs (channel 2p + i channel 2p+1): [2P, H, W]' }],
  outputs: () => ['y'],
  params: LAYOUT_PARAMS,
  shapes: ({ z }, p) => {
    const l = layout(p);
    if (z[0] % 2 !== 0 || z[0] < stackChannels(l)) fail('shape', `chenSpectra: 'z' ${fmtShape(z)} must hold the ${stackChannels(l)}-channel stack as complex pairs`);
    return { y: [2 * Math.ceil(chenRealChannels(l.channels) / 2), z[1], z[2]] };
  },
  reference: ({ z }, p) => ({ y: chenSpectraRef(z, layout(p)) }),
  gpu: ({ z }, { y }, p) => {
    const l = layout(p);
    const uniforms = u(z, l, { outPairs: y[0] / 2 });
    // the grey triple on rows of whole vec4s: four pixels per invocation, each pair loaded once
    if (l.channels === 1 && l.visChannels === 1 && l.irChannels === 1 && z[2] % 4 === 0) {
      return { passes: [{ shader: 'chen_metrics', entry: 'chenSpectraGreyQuads', bindings: { z4: 'z', y4: 'y' }, uniforms, grid: [z[2] / 4, z[1], 1] }] };
    }
    return { passes: [{ shader: 'chen_metrics', entry: 'chenSpectra', bindings: { z: 'z', y: 'y' }, uniforms, grid: pixelGrid(z, 1) }] };
  },
  // Each output is a sum or difference of up to four unpacked values |z| <= 1 (exact halvings)
  // times a CSF <= 1; WGSL's exp is within 3 + 2|x| ulp, which times exp(-x) stays below 3 ulp
  // of 1 absolute, and pow's log2/exp2 add a few more: under 32 ulp of 1 on the CSF, times the
  // value (<= 4), plus a few roundings of the sums.
  accuracy: () => ({ atol: 256 * 2 ** -24, rtol: 0, why: 'CSF from WGSL exp/pow within ~32 ulp of 1, times unpacked sums |v| <= 4' }),
};

export const qcbTerms: OpDescriptor = {
  kind: 'kernel',
  name: 'qcbTerms',
  summary: "VIFB's Qcb per pixel: from the sigma-2 and sigma-4 Gaussian means of [x1_k, x2_k, xf_k], the contrasts |ratio s / l - 1| (masked c^3 / (c^2 + 1e-4)) and lambda1 Q1F + lambda2 Q2F",
  inputs: [
    { name: 's', doc: 'sigma-2 means [3C, H, W] (31 taps, zero border)' },
    { name: 'l', doc: 'sigma-4 means, same shape' },
  ],
  outputs: () => ['y'],
  params: [{ name: 'ratio', type: 'number', default: 1, min: 0, exclusiveMin: true, doc: "scale of s over l: qcbScaleRatio() restores VIFB's unnormalised kernels" }],
  shapes: ({ s, l }) => {
    if (s.join() !== l.join() || s[0] % 3 !== 0) fail('shape', `qcbTerms: 's' ${fmtShape(s)} and 'l' ${fmtShape(l)} must match and hold 3 planes per channel`);
    return { y: [s[0] / 3, s[1], s[2]] };
  },
  reference: ({ s, l }, p) => ({ y: qcbTermsRef(s, l, num(p, 'ratio')) }),
  gpu: ({ s }, _o, p) => {
    const l = { channels: s[0] / 3, visChannels: 1, irChannels: 1 };
    const uniforms = u(s, l, { ratio: num(p, 'ratio') });
    // rows of whole vec4s: four pixels per invocation
    if (s[2] % 4 === 0) return { passes: [{ shader: 'chen_metrics', entry: 'qcbTermsQuads', bindings: { s4: 's', l4: 'l', y4: 'y' }, uniforms, grid: [s[2] / 4, s[1], s[0] / 3] }] };
    return { passes: [{ shader: 'chen_metrics', entry: 'qcbTerms', bindings: { s: 's', l: 'l', y: 'y' }, uniforms, grid: pixelGrid(s, s[0] / 3) }] };
  },
  // For means whose contrasts c lie in [0.25, 0.5] (the sample inputs: s in [0.5, 0.6],
  // l in [0.8, 1]): c carries ~3 ulp absolute (12 ulp relative), the masking cubic triples it,
  // the ratios Q and weights lambda double it again: ~150 ulp. Near c = 0 the ratio Q is
  // unbounded in conditioning; the metric's own test bounds the image mean.
  accuracy: () => ({ atol: 0, rtol: 256 * 2 ** -24, why: 'contrast ratios of well-separated means: ~12 ulp relative on c, x3 by the cubic, x4 by Q and lambda' }),
};

export const qcvBlocks: OpDescriptor = {
  kind: 'kernel',
  name: 'qcvBlocks',
  summary: "VIFB's Qcv per 16 x 16 block: saliencies sum |Sobel|^5 of the visible and infrared images and error energies mean(d^2) of the CSF-filtered differences, planes (l1, l2, e1, e2) per fused channel",
  inputs: [
    { name: 'stack', doc: 'normalised [visible | infrared | ...] channels (the stack chenSpectra transformed)' },
    { name: 'd', doc: "chenSpectra's inverse transform: channels [d1_k, d2_k] first" },
  ],
  outputs: () => ['y'],
  params: LAYOUT_PARAMS,
  shapes: ({ stack, d }, p) => {
    const l = layout(p);
    if (stack[0] < l.visChannels + l.irChannels || d[0] < 2 * l.channels || stack[1] !== d[1] || stack[2] !== d[2]) {
      fail('shape', `qcvBlocks: 'stack' ${fmtShape(stack)} needs ${l.visChannels + l.irChannels} source channels and 'd' ${fmtShape(d)} ${2 * l.channels} differences, same size`);
    }
    const [bh, bw] = qcvBlockGrid(stack[1], stack[2]);
    return { y: [4 * l.channels, bh, bw] };
  },
  reference: ({ stack, d }, p) => ({ y: qcvBlocksRef(stack, d, layout(p)) }),
  gpu: ({ stack }, { y }, p) => {
    const l = layout(p);
    const uniforms = u(stack, l, { blocksX: y[2] });
    // rows of whole vec4s: four pixels per invocation and vec4 loads of the terms
    const passes: GpuPass[] =
      stack[2] % 4 === 0
        ? [
            { shader: 'chen_metrics', entry: 'qcvTermsQuads', bindings: { z4: 'stack', s4: 'd', y4: 'terms' }, uniforms, grid: [stack[2] / 4, stack[1], l.channels] },
            { shader: 'chen_metrics', entry: 'qcvBlocksQuads', bindings: { s4: 'terms', y: 'y' }, uniforms, grid: [y[2], y[1], l.channels] },
          ]
        : [
            { shader: 'chen_metrics', entry: 'qcvTerms', bindings: { z: 'stack', s: 'd', y: 'terms' }, uniforms, grid: pixelGrid(stack, l.channels) },
            { shader: 'chen_metrics', entry: 'qcvBlocks', bindings: { s: 'terms', y: 'y' }, uniforms, grid: [y[2], y[1], l.channels] },
          ];
    return { temps: { terms: [4 * l.channels, stack[1], stack[2]] as Shape }, passes };
  },
  // Positive terms, so the block sums' relative error is the terms' plus the summation's: 16
  // in-order row sums of 16 terms, then the 16 rows in order (30 ulp). |Sobel|^5 moves by
  // 5 g^4 dg with dg ~ 32 ulp absolute (8-term sums of |v| <= 1):
  // relative to the sum about 5 dg / g ~ 70 ulp for the sample inputs (g ~ 2.5).
  accuracy: () => ({ atol: 0, rtol: 256 * 2 ** -24, why: 'block sums of positive terms: |Sobel|^5 within ~5 x 32 ulp / g of its value, 16 row sums of 16 then the rows (30 ulp)' }),
};
