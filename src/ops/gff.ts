// GFF fusion: Li, Kang, Hu, "Image fusion with guided filtering", IEEE Transactions on Image
// Processing 22(7), 2013, as the authors' GFF.m computes it (the VIFB method "GFF"):
//   1. saliency S_n = Gaussian(11, sigma 5) * |Laplacian(I_n)|, replicated borders
//   2. P_n = 1 where S_n is the largest (the first source on ties)
//   3. W^B_n = guided(I_n, P_n; r1 = 45, eps1 = 0.3), W^D_n = guided(I_n, P_n; r2 = 7,
//      eps2 = 1e-6), He's box filter (windows clipped at the edge), each quantised to 8 bits
//      and normalised over the sources
//   4. base B_n = 31 x 31 mean (replicated border), detail D_n = I_n - B_n;
//      F = sum_n W^B_n B_n + W^D_n D_n
// VIFB hands GFF.m the visible image first, so ties go to the visible source; so here.
import type { MacroDescriptor, MacroNode, OpDescriptor } from '../core/op.js';
import { num } from '../core/params.js';
import type { Shape } from '../core/tensor.js';
import { gffCombineRef, laplacianAbsRef, oneHotMaxRef } from '../reference/gff.js';
import { pixelGrid, requireSame } from './shape-rules.js';

const u = (s: Shape) => ({ width: s[2], height: s[1], sources: s[0], pad: 0 });

export const laplacianAbs: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianAbs',
  summary: '|4-neighbour Laplacian| per channel, replicated border (GFF.m LapFilter: imfilter with [0 1 0; 1 -4 1; 0 1 0], replicate)',
  inputs: [{ name: 'x', doc: 'images' }],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x }) => ({ y: x }),
  reference: ({ x }) => ({ y: laplacianAbsRef(x) }),
  gpu: ({ x }) => ({ passes: [{ shader: 'gff', entry: 'laplacianAbs', bindings: { src: 'x', dst: 'y' }, uniforms: u(x), grid: pixelGrid(x) }] }),
  accuracy: () => ({ atol: 6 * 8 * 2 ** -24, rtol: 0, why: '5 float32 terms of |x| <= 4 (the float64 reference rounds once)' }),
};

export const oneHotMax: OpDescriptor = {
  kind: 'kernel',
  name: 'oneHotMax',
  summary: "one-hot map of the channel with the largest value at each pixel (the first on ties, as MATLAB's max)",
  inputs: [{ name: 'x', doc: 'one channel per source' }],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x }) => ({ y: x }),
  reference: ({ x }) => ({ y: oneHotMaxRef(x) }),
  gpu: ({ x }) => ({ passes: [{ shader: 'gff', entry: 'oneHotMax', bindings: { src: 'x', dst: 'y' }, uniforms: u(x), grid: [x[2], x[1], 1] }] }),
  accuracy: () => ({ atol: 0, rtol: 0, why: 'exact comparisons of the same values' }),
};

export const gffCombine: OpDescriptor = {
  kind: 'kernel',
  name: 'gffCombine',
  summary: "GFF's last step: 8-bit quantised, normalised base and detail weights; F = sum WB B + WD (x - B)",
  inputs: [
    { name: 'x', doc: 'sources, one per channel' },
    { name: 'base', doc: 'their base layers (31 x 31 means)' },
    { name: 'wb', doc: 'base weights (guided-filtered one-hot maps)' },
    { name: 'wd', doc: 'detail weights' },
  ],
  outputs: () => ['y'],
  params: [],
  shapes: ({ x, base, wb, wd }) => {
    requireSame('gffCombine', ['x', x], ['base', base]);
    requireSame('gffCombine', ['x', x], ['wb', wb]);
    requireSame('gffCombine', ['x', x], ['wd', wd]);
    return { y: [1, x[1], x[2]] };
  },
  reference: ({ x, base, wb, wd }) => ({ y: gffCombineRef(x, base, wb, wd) }),
  gpu: ({ x }) => ({ passes: [{ shader: 'gff', entry: 'combine', bindings: { src: 'x', base: 'base', wb: 'wb', wd: 'wd', dst: 'y' }, uniforms: u(x), grid: [x[2], x[1], 1] }] }),
  // Normalised weights (2.5-ulp divisions) times values <= 2, summed over the sources; a
  // weight whose w * 255 lies within float32 rounding of a .5 boundary quantises one level
  // apart (|dF| <= 2/255), rare enough (about 255 u per pixel) to admit 0.1% of pixels.
  accuracy: (_p, s) => ({ atol: 16 * s.x[0] * 2 ** -24 * 4, rtol: 0, why: 'normalised weighted sum of values <= 2; 8-bit weight rounding may flip at .5', maxMismatchFraction: 0.001 }),
};

export const gffFusion: MacroDescriptor = {
  kind: 'macro',
  name: 'gffFusion',
  summary: 'GFF fusion (Li, Kang, Hu 2013, the VIFB method): saliency, one-hot maps refined by two guided filters, two-scale weighted fusion',
  inputs: () => [
    { name: 'a', doc: 'first source (infrared)' },
    { name: 'b', doc: 'second source (visible luminance; wins ties, as in VIFB)' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'r1', type: 'int', default: 45, min: 1, max: 127, doc: 'base-weight guided filter radius' },
    { name: 'eps1', type: 'number', default: 0.3, min: 0, exclusiveMin: true, doc: 'base-weight guided filter eps' },
    { name: 'r2', type: 'int', default: 7, min: 1, max: 127, doc: 'detail-weight guided filter radius' },
    { name: 'eps2', type: 'number', default: 1e-6, min: 0, exclusiveMin: true, doc: 'detail-weight guided filter eps' },
    { name: 'baseSize', type: 'int', default: 31, min: 1, max: 255, doc: 'base layer mean window (odd)' },
  ],
  expand: (p) => {
    const guided = (r: number, eps: number) => ({ radius: r, eps, border: 'shrink', pairing: 'channelwise' });
    const nodes: MacroNode[] = [
      { id: 'src', op: 'concat', inputs: { a: 'b', b: 'a' } },
      { id: 'lap', op: 'laplacianAbs', inputs: { x: 'src' } },
      { id: 'sal', op: 'sepConv', inputs: { x: 'lap' }, params: { ksizeX: 11, sigmaX: 5, border: 'replicate' } },
      { id: 'p', op: 'oneHotMax', inputs: { x: 'sal' } },
      { id: 'wb', op: 'guidedFilter', inputs: { guide: 'src', x: 'p' }, params: guided(num(p, 'r1'), num(p, 'eps1')) },
      { id: 'wd', op: 'guidedFilter', inputs: { guide: 'src', x: 'p' }, params: guided(num(p, 'r2'), num(p, 'eps2')) },
      { id: 'base', op: 'boxFilter', inputs: { x: 'src' }, params: { ksize: num(p, 'baseSize'), border: 'replicate' } },
      { id: 'fuse', op: 'gffCombine', inputs: { x: 'src', base: 'base', wb: 'wb', wd: 'wd' } },
    ];
    return { nodes, outputs: { y: 'fuse' } };
  },
};
