import { tensor, type Tensor } from '../../src/core/tensor.js';
import { vifRowsRef } from '../../src/reference/vif.js';
import { vifWindow } from '../../src/metrics/extra-reference.js';

export interface OpCase {
  label: string;
  inputs: Record<string, Tensor | undefined>;
  params?: Record<string, unknown>;
}

type Rand = () => number;
const fill = (c: number, h: number, w: number, r: Rand, lo = -1, hi = 1) => {
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = lo + (hi - lo) * r();
  return t;
};
const half = (n: number) => Math.ceil(n / 2);
const floorHalf = (n: number) => Math.max(1, Math.floor(n / 2));

/**
 * Sample inputs for every kernel op, by name. The cross-check test fails for a registered
 * kernel op that has no entry here, so a new op cannot go untested.
 */
export const OP_CASES: Record<string, (h: number, w: number, r: Rand) => OpCase[]> = {
  sepConv: (h, w, r) => [
    { label: 'gaussian 5x5 reflect101', inputs: { x: fill(2, h, w, r) } },
    { label: 'gaussian sigma 2 (17 taps) replicate', inputs: { x: fill(1, h, w, r) }, params: { ksizeX: 0, sigmaX: 2, border: 'replicate' } },
    { label: 'gaussian 9x5 sigma 2/1 constant', inputs: { x: fill(1, h, w, r) }, params: { ksizeX: 9, ksizeY: 5, sigmaX: 2, sigmaY: 1, border: 'constant' } },
    { label: 'binomial 7 wrap', inputs: { x: fill(1, h, w, r) }, params: { kernel: 'binomial', ksizeX: 7, border: 'wrap' } },
    { label: 'binomial 3 reflect', inputs: { x: fill(3, h, w, r) }, params: { kernel: 'binomial', ksizeX: 3, border: 'reflect' } },
  ],
  pyrDown: (h, w, r) => [
    { label: '2 channels', inputs: { x: fill(2, h, w, r) } },
    // a vec4 block whose second half is past the edge (width 8 more than a multiple of 16)
    { label: 'width + 8', inputs: { x: fill(1, h, w % 8 === 0 ? w + 8 : w, r) } },
  ],
  pyrDownLuma: (h, w, r) => [
    { label: 'rgb in [0,1]', inputs: { x: fill(3, h, w, r, 0, 1) } },
    { label: 'rgb, width + 8', inputs: { x: fill(3, h, w % 8 === 0 ? w + 8 : w, r, 0, 1) } },
  ],
  pyrDownPair: (h, w, r) => [
    { label: 'two planes', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r) } },
    { label: 'width + 8', inputs: ((w8) => ({ a: fill(1, h, w8, r), b: fill(1, h, w8, r) }))(w % 8 === 0 ? w + 8 : w) },
  ],
  pyrDownPairLuma: (h, w, r) => [
    { label: 'plane + rgb in [0,1]', inputs: { a: fill(1, h, w, r), b: fill(3, h, w, r, 0, 1) } },
    { label: 'width + 8', inputs: ((w8) => ({ a: fill(1, h, w8, r), b: fill(3, h, w8, r, 0, 1) }))(w % 8 === 0 ? w + 8 : w) },
  ],
  pyrUp: (h, w, r) => [
    { label: 'default 2x', inputs: { x: fill(2, h, w, r) } },
    { label: 'odd target 2H-1 x 2W+1', inputs: { x: fill(1, h, w, r) }, params: { height: Math.max(1, 2 * h - 1), width: 2 * w + 1 } },
  ],
  laplacianBand: (h, w, r) => [{ label: 'pyrDown-sized coarse', inputs: { fine: fill(2, h, w, r), coarse: fill(2, half(h), half(w), r) } }],
  pyrUpAdd: (h, w, r) => [{ label: 'pyrDown-sized coarse', inputs: { band: fill(1, h, w, r), coarse: fill(1, half(h), half(w), r) } }],
  fuse: (h, w, r) =>
    (['mean', 'maxAbs', 'weighted', 'activityMax', 'activityWeighted'] as const).map((rule) => ({
      label: rule,
      inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) },
      params: { rule, weight: 0.3, radius: rule.startsWith('activity') ? 2 : 1 },
    })),
  laplacianFuse: (h, w, r) =>
    (['maxAbs', 'mean', 'activityMax', 'activityWeighted'] as const).map((rule) => ({
      label: rule,
      inputs: { a: fill(1, h, w, r), aCoarse: fill(1, half(h), half(w), r), b: fill(1, h, w, r), bCoarse: fill(1, half(h), half(w), r) },
      params: { rule },
    })),
  laplacianFuseUp: (h, w, r) => [
    ...(['maxAbs', 'mean', 'weighted'] as const).map((rule) => ({
      label: rule,
      inputs: { a: fill(1, h, w, r), aCoarse: fill(1, half(h), half(w), r), b: fill(1, h, w, r), bCoarse: fill(1, half(h), half(w), r), top: fill(1, half(h), half(w), r) },
      params: { rule, weight: 0.3 },
    })),
    {
      // a vec4 block whose second half is past the edge (coarse width 4 more than a multiple of 8)
      label: 'maxAbs, width + 8',
      inputs: ((w8) => ({ a: fill(1, h, w8, r), aCoarse: fill(1, half(h), half(w8), r), b: fill(1, h, w8, r), bCoarse: fill(1, half(h), half(w8), r), top: fill(1, half(h), half(w8), r) }))(w % 8 === 0 ? w + 8 : w),
    },
    {
      label: 'mean, fine height 2c+1',
      inputs: { a: fill(1, 2 * floorHalf(h) + 1, 2 * half(w), r), aCoarse: fill(1, floorHalf(h), half(w), r), b: fill(1, 2 * floorHalf(h) + 1, 2 * half(w), r), bCoarse: fill(1, floorHalf(h), half(w), r), top: fill(1, floorHalf(h), half(w), r) },
      params: { rule: 'mean' },
    },
    {
      // fine levels one longer than twice the coarse ones (OpenCV's odd dstsize), 2 channels
      label: 'maxAbs, fine 2c+1',
      inputs: { a: fill(2, 2 * floorHalf(h) + 1, 2 * floorHalf(w) + 1, r), aCoarse: fill(2, floorHalf(h), floorHalf(w), r), b: fill(2, 2 * floorHalf(h) + 1, 2 * floorHalf(w) + 1, r), bCoarse: fill(2, floorHalf(h), floorHalf(w), r), top: fill(2, floorHalf(h), floorHalf(w), r) },
    },
    // laplacianFusion's levels from pyrDownPair on: both sources stacked in a and / or aCoarse,
    // the coarsest level making its top by lowRule
    { label: 'stacked fine and coarse, weighted', inputs: { a: fill(2, h, w, r), aCoarse: fill(2, half(h), half(w), r), top: fill(1, half(h), half(w), r) }, params: { rule: 'weighted', weight: 0.3 } },
    { label: 'separate fine, stacked coarse, top made by mean', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r), aCoarse: fill(2, half(h), half(w), r) } },
    ...(['mean', 'maxAbs', 'weighted'] as const).map((lowRule) => ({
      label: `stacked, top made by ${lowRule}, width + 8`,
      inputs: ((w8) => ({ a: fill(2, h, w8, r), aCoarse: fill(2, half(h), half(w8), r) }))(w % 8 === 0 ? w + 8 : w),
      params: { lowRule, weight: 0.3 },
    })),
    {
      label: 'stacked, top made, fine 2c+1',
      inputs: { a: fill(2, 2 * floorHalf(h) + 1, 2 * floorHalf(w) + 1, r), aCoarse: fill(2, floorHalf(h), floorHalf(w), r) },
      params: { rule: 'mean', lowRule: 'maxAbs' },
    },
  ],
  laplacianFuseUpRgb: (h, w, r) => {
    const level = (fh: number, fw: number, ch: number, cw: number) => ({
      a: fill(1, fh, fw, r), aCoarse: fill(1, ch, cw, r), b: fill(3, fh, fw, r, 0, 1), bCoarse: fill(1, ch, cw, r), top: fill(1, ch, cw, r),
    });
    const w8 = w % 8 === 0 ? w + 8 : w;
    return [
      { label: 'maxAbs', inputs: level(h, w, half(h), half(w)) },
      { label: 'weighted, delta 0.25', inputs: level(h, w, half(h), half(w)), params: { rule: 'weighted', weight: 0.3, delta: 0.25 } },
      // a vec4 block whose second half is past the edge (coarse width 4 more than a multiple of 8)
      { label: 'maxAbs, width + 8', inputs: level(h, w8, half(h), half(w8)) },
      // OpenCV's odd dstsize: the fine level one longer than twice the coarse one
      { label: 'mean, fine 2c+1', inputs: level(2 * floorHalf(h) + 1, 2 * floorHalf(w) + 1, floorHalf(h), floorHalf(w)), params: { rule: 'mean' } },
      // laplacianFusionRgb's finest level: the coarse levels stacked (pyrDownPairLuma), with a top
      // or (two levels) making it
      { label: 'stacked coarse', inputs: { ...level(h, w8, half(h), half(w8)), aCoarse: fill(2, half(h), half(w8), r), bCoarse: undefined } },
      {
        label: 'stacked coarse, top made by maxAbs',
        inputs: { ...level(h, w, half(h), half(w)), aCoarse: fill(2, half(h), half(w), r), bCoarse: undefined, top: undefined },
        params: { lowRule: 'maxAbs' },
      },
    ];
  },
  rgbToYcrcb: (h, w, r) => [{ label: 'rgb in [0,1]', inputs: { x: fill(3, h, w, r, 0, 1) } }],
  ycrcbToRgb: (h, w, r) => [{ label: 'luma + chroma', inputs: { luma: fill(1, h, w, r, 0, 1), chroma: fill(2, h, w, r, 0, 1) } }],
  conv2d: (h, w, r) => [
    { label: '3->5 3x3 zeros, bias, relu', inputs: { x: fill(3, h, w, r), weight: fill(15, 3, 3, r), bias: fill(5, 1, 1, r) }, params: { activation: 'relu' } },
    { label: '1->8 3x3 reflect, per-channel prelu (AUIF first conv shape)', inputs: { x: fill(1, h, w, r), weight: fill(8, 3, 3, r), slope: fill(8, 1, 1, r) }, params: { padMode: h > 1 && w > 1 ? 'reflect' : 'replicate', activation: 'prelu' } },
    { label: 'depthwise 4 groups 5x5 dilation 2 replicate, sigmoid', inputs: { x: fill(4, h, w, r), weight: fill(4, 5, 5, r) }, params: { groups: 4, dilation: 2, padMode: 'replicate', activation: 'sigmoid' } },
    { label: 'grouped 4->6 (2 groups) stride 2 circular, tanh', inputs: { x: fill(4, h, w, r), weight: fill(12, 3, 3, r), bias: fill(6, 1, 1, r) }, params: { groups: 2, stride: 2, padding: 1, padMode: 'circular', activation: 'tanh' } },
    { label: '2->3 7x1 same zeros, leakyRelu, shared slope', inputs: { x: fill(2, h, w, r), weight: fill(6, 7, 1, r) }, params: { activation: 'leakyRelu', alpha: 0.2 } },
    { label: '8->1 3x3 reflect, softThreshold', inputs: { x: fill(8, h, w, r), weight: fill(8, 3, 3, r) }, params: { padMode: h > 1 && w > 1 ? 'reflect' : 'zeros', activation: 'softThreshold', alpha: 0.5 } },
  ],
  convTranspose2d: (h, w, r) => [
    { label: '3->2 stride 2 pad 1 outputPadding 1, bias', inputs: { x: fill(3, h, w, r), weight: fill(6, 3, 3, r), bias: fill(2, 1, 1, r) }, params: { stride: 2, padding: 1, outputPadding: 1 } },
    { label: '4->4 groups 2 dilation 2, relu', inputs: { x: fill(4, h, w, r), weight: fill(8, 3, 3, r) }, params: { groups: 2, dilation: 2, padding: 2, activation: 'relu' } },
    { label: '8->1 3x3 pad 1 (adjoint of a 1->8 conv)', inputs: { x: fill(8, h, w, r), weight: fill(8, 3, 3, r) }, params: { padding: 1 } },
  ],
  activation: (h, w, r) => [
    ...(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'softThreshold'] as const).map((fn) => ({ label: fn, inputs: { x: fill(2, h, w, r) }, params: { fn, alpha: 0.3 } })),
    { label: 'relu6 over [-8, 8]', inputs: { x: fill(2, h, w, r, -8, 8) }, params: { fn: 'relu6' } },
    { label: 'prelu per channel', inputs: { x: fill(3, h, w, r), slope: fill(3, 1, 1, r) }, params: { fn: 'prelu' } },
    { label: 'prelu, one shared slope', inputs: { x: fill(2, h, w, r), slope: fill(1, 1, 1, r) }, params: { fn: 'prelu' } },
  ],
  binary: (h, w, r) => [
    ...(['add', 'sub', 'max', 'min'] as const).map((fn) => ({ label: `${fn} scaled`, inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) }, params: { fn, alpha: 0.5, beta: -0.3 } })),
    { label: 'mul, one-channel b broadcast', inputs: { a: fill(3, h, w, r), b: fill(1, h, w, r) }, params: { fn: 'mul' } },
  ],
  affine: (h, w, r) => [{ label: 'batch-norm-like', inputs: { x: fill(2, h, w, r) }, params: { alpha: 1.7, beta: -0.2 } }],
  concat: (h, w, r) => [
    { label: 'three inputs', inputs: { a: fill(2, h, w, r), b: fill(1, h, w, r), c: fill(3, h, w, r) } },
    { label: 'two inputs', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r) } },
  ],
  resizeBilinear: (h, w, r) => [
    { label: '2x, half-pixel centres', inputs: { x: fill(2, h, w, r) }, params: { scale: 2 } },
    { label: 'to a third, align corners', inputs: { x: fill(1, h, w, r) }, params: { height: Math.ceil(h / 3), width: Math.ceil(w / 3), alignCorners: true } },
    { label: 'odd target 2H+1 x 2W-1, align corners', inputs: { x: fill(1, h, w, r) }, params: { height: 2 * h + 1, width: Math.max(1, 2 * w - 1), alignCorners: true } },
  ],
  boxFilter: (h, w, r) => [
    { label: '11x11 mean reflect101 (AUIF base filter)', inputs: { x: fill(2, h, w, r) }, params: { ksize: 11 } },
    { label: '5x5 sum constant', inputs: { x: fill(1, h, w, r) }, params: { ksize: 5, scale: 1, border: 'constant' } },
    // rows of whole vec4s: the runs inside the row take rowSumQuads (here the middle one of 3)
    { label: '7x7 reflect, 48 columns', inputs: { x: fill(1, h, 48, r) }, params: { ksize: 7, border: 'reflect' } },
  ],
  laplacianFilter: (h, w, r) => [
    { label: '19 normalized reflect101 (AUIF detail filter)', inputs: { x: fill(2, h, w, r) }, params: { ksize: 19 } },
    { label: '3 unnormalized replicate', inputs: { x: fill(1, h, w, r) }, params: { ksize: 3, normalized: false, border: 'replicate' } },
  ],
  windowFilterPair: (h, w, r) => [
    { label: 'box 11 (kornia tap) + Laplacian 19, 2 channels (AUIF-Net pre-filters)', inputs: { x: fill(2, h, w, r) }, params: { scale: 0.0082644643 } },
    { label: 'box 3 sum + Laplacian 5 unnormalized, replicate', inputs: { x: fill(1, h, w, r) }, params: { boxSize: 3, scale: 1, lapSize: 5, normalized: false, border: 'replicate' } },
    { label: 'box 5 + Laplacian 3, 3 channels, constant', inputs: { x: fill(3, h, w, r) }, params: { boxSize: 5, lapSize: 3, border: 'constant' } },
    { label: 'box 7 + Laplacian 9, wrap', inputs: { x: fill(1, h, w, r) }, params: { boxSize: 7, lapSize: 9, border: 'wrap' } },
    { label: 'box 3 + Laplacian 5, 2 channels, constant', inputs: { x: fill(2, h, w, r) }, params: { boxSize: 3, lapSize: 5, border: 'constant' } },
  ],
  // x is channels-last [H, W, 4].
  unrolledStep: (h, w, r) => [
    { label: '2 groups x 2 images, layer 2 of 3', inputs: { x: fill(h, w, 4, r), img: fill(2, h, w, r), w: fill(3, 2, 160, r) }, params: { layer: 2 } },
    { label: '4 groups, 1 image', inputs: { x: fill(h, w, 4, r), img: fill(1, h, w, r), w: fill(1, 4, 160, r) } },
    { label: '1 group, 4 images, layer 1 of 2', inputs: { x: fill(h, w, 4, r), img: fill(4, h, w, r), w: fill(2, 1, 160, r) }, params: { layer: 1 } },
  ],
  featureDecode: (h, w, r) => [
    ...(['sum', 'average', 'l1'] as const).map((rule) => ({ label: `${rule}, 2 pairs`, inputs: { x: fill(h, w, 4, r), weight: fill(1, 3, 3, r), bias: fill(1, 1, 1, r) }, params: { rule } })),
    { label: 'l1, 3 pairs', inputs: { x: fill(h, w, 6, r), weight: fill(1, 3, 3, r), bias: fill(1, 1, 1, r) }, params: { rule: 'l1' } },
  ],
  fft2: (h, w, r) => [
    { label: 'complex forward, 2 images', inputs: { x: fill(4, h, w, r) } },
    { label: 'complex inverse', inputs: { x: fill(2, h, w, r) }, params: { inverse: true } },
    { label: 'real in, complex out', inputs: { x: fill(1, h, w, r) }, params: { realInput: true } },
    { label: 'complex in, real part out, inverse', inputs: { x: fill(2, h, w, r) }, params: { inverse: true, realOutput: true } },
  ],
  dwt2: (h, w, r) => [
    { label: 'db2 symmetric, 2 channels', inputs: { x: fill(2, h, w, r) } },
    { label: 'bior4.4 periodization (odd sizes duplicate the last sample)', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'bior4.4', mode: 'periodization' } },
    { label: 'sym5 zero', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'sym5', mode: 'zero' } },
    { label: 'coif2 constant', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'coif2', mode: 'constant' } },
    { label: 'haar reflect', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'haar', mode: 'reflect' } },
    { label: 'db3 periodic', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'db3', mode: 'periodic' } },
  ],
  // The vec4 blocks need rows of whole vec4s, a filter of <= 10 taps and no periodization;
  // each case's interior and border columns come from different entry points.
  dwt2Fuse: (h, w, r) => [
    { label: 'db2 symmetric maxAbs, 2 channels', inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) } },
    { label: 'haar zero mean, width + 8', inputs: { a: fill(1, h, w % 8 === 0 ? w + 8 : w, r), b: fill(1, h, w % 8 === 0 ? w + 8 : w, r) }, params: { wavelet: 'haar', mode: 'zero', rule: 'mean' } },
    { label: 'sym4 reflect weighted', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r) }, params: { wavelet: 'sym4', mode: 'reflect', rule: 'weighted', weight: 0.3 } },
    { label: 'bior2.4 (10 taps) constant, width + 4', inputs: { a: fill(1, h, w + 4, r), b: fill(1, h, w + 4, r) }, params: { wavelet: 'bior2.4', mode: 'constant' } },
    { label: 'coif2 (12 taps) periodic', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r) }, params: { wavelet: 'coif2', mode: 'periodic' } },
    { label: 'db3 periodization', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r) }, params: { wavelet: 'db3', mode: 'periodization' } },
  ],
  // Coefficient arrays of h x w; non-periodization modes need 2n - L + 2 >= 1.
  idwt2: (h, w, r) => [
    { label: 'haar symmetric, 2 channels', inputs: { a: fill(2, h, w, r), details: fill(6, h, w, r) }, params: { wavelet: 'haar' } },
    { label: 'db4 periodization', inputs: { a: fill(1, h, w, r), details: fill(3, h, w, r) }, params: { wavelet: 'db4', mode: 'periodization' } },
    ...(Math.min(h, w) >= 3 ? [
      { label: 'bior2.2 zero, a one larger (waverec2 crop)', inputs: { a: fill(1, h + 1, w + 1, r), details: fill(3, h, w, r) }, params: { wavelet: 'bior2.2', mode: 'zero' } },
      { label: 'db2 reflect cropped like a smaller image', inputs: { a: fill(1, h, w, r), details: fill(3, h, w, r), like: fill(1, 2 * h - 3, 2 * w - 3, r) }, params: { wavelet: 'db2', mode: 'reflect' } },
      // outputs of whole vec4 rows take synthesisQuads (haar and bior2.2 above too at even sizes)
      { label: 'db2 symmetric cropped to whole vec4 rows', inputs: { a: fill(1, h, w, r), details: fill(3, h, w, r), like: fill(1, 2 * h - 3, 4 * Math.max(1, Math.floor((2 * w - 2) / 4)), r) }, params: { wavelet: 'db2' } },
    ] : []),
    ...(Math.min(h, w) >= 5 ? [{ label: 'sym5 (10 taps) constant', inputs: { a: fill(1, h, w, r), details: fill(3, h, w, r) }, params: { wavelet: 'sym5', mode: 'constant' } }] : []),
  ],
  // rows of whole vec4s take swtQuads / swtSynthesisQuads (windows shifted at level 1, aligned
  // from dilation 4), other widths the one-output kernels
  swt2Step: (h, w, r) => [
    { label: 'db2 level 1, 2 channels', inputs: { x: fill(2, h, w, r) } },
    ...(Math.min(h, w) >= 4 ? [{ label: 'sym4 level 2 (dilation 2)', inputs: { x: fill(1, h, w, r) }, params: { wavelet: 'sym4', level: 2 } }] : []),
    ...(Math.min(h, w) >= 8 ? [{ label: 'coif1 level 3 (dilation 4), width to a multiple of 4', inputs: { x: fill(1, h, 4 * Math.ceil(w / 4), r) }, params: { wavelet: 'coif1', level: 3 } }] : []),
    { label: 'haar level 1, width + 1', inputs: { x: fill(1, h, w + 1, r) }, params: { wavelet: 'haar' } },
    // widths 4k + 2: swtPairs (column pairs, half of a vec4 each)
    ...(Math.min(h, w) >= 8 ? [{ label: 'sym3 level 3 (dilation 4), width 4k + 2', inputs: { x: fill(1, h, 4 * Math.ceil(w / 4) + 2, r) }, params: { wavelet: 'sym3', level: 3 } }] : []),
    { label: 'db2 level 1, 2 channels, width 4k + 2', inputs: { x: fill(2, h, 4 * Math.ceil(w / 4) + 2, r) } },
  ],
  swt2Fuse: (h, w, r) => {
    const w4 = 4 * Math.ceil(w / 4);
    return [
      { label: 'db2 level 1 maxAbs, 2 channels', inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) } },
      { label: 'haar level 1 mean, width + 1', inputs: { a: fill(1, h, w + 1, r), b: fill(1, h, w + 1, r) }, params: { wavelet: 'haar', rule: 'mean' } },
      ...(Math.min(h, w) >= 4 ? [{ label: 'sym4 level 2 weighted, width to a multiple of 4', inputs: { a: fill(1, h, w4, r), b: fill(1, h, w4, r) }, params: { wavelet: 'sym4', level: 2, rule: 'weighted', weight: 0.3 } }] : []),
      ...(Math.min(h, w) >= 8 ? [{ label: 'bior2.2 level 3 maxAbs, width to a multiple of 4', inputs: { a: fill(1, h, w4, r), b: fill(1, h, w4, r) }, params: { wavelet: 'bior2.2', level: 3 } }] : []),
      ...(Math.min(h, w) >= 4 ? [{ label: 'db3 level 2 maxAbs, width 4k + 2 (swtFusePairs)', inputs: { a: fill(1, h, w4 + 2, r), b: fill(1, h, w4 + 2, r) }, params: { wavelet: 'db3', level: 2 } }] : []),
    ];
  },
  iswt2Step: (h, w, r) => [
    { label: 'db2 level 1', inputs: { a: fill(1, h, w, r), details: fill(3, h, w, r) } },
    ...(Math.min(h, w) >= 8 ? [{ label: 'bior2.2 level 3 (dilation 4), 2 channels', inputs: { a: fill(2, h, w, r), details: fill(6, h, w, r) }, params: { wavelet: 'bior2.2', level: 3 } }] : []),
    ...(Math.min(h, w) >= 4 ? [{ label: 'sym3 level 2 (dilation 2), width to a multiple of 4', inputs: { a: fill(1, h, 4 * Math.ceil(w / 4), r), details: fill(3, h, 4 * Math.ceil(w / 4), r) }, params: { wavelet: 'sym3', level: 2 } }] : []),
    { label: 'db1 level 1, width + 1', inputs: { a: fill(1, h, w + 1, r), details: fill(3, h, w + 1, r) }, params: { wavelet: 'db1' } },
    // widths 4k + 2: the one-position kernel (swtSynthesis), at dilations 1, 2 and 4
    ...[1, 2, 3].filter((level) => Math.min(h, w) >= 2 ** level).map((level) => {
      const w2 = 4 * Math.ceil(w / 4) + 2;
      return { label: `sym4 level ${level}, width 4k + 2`, inputs: { a: fill(1, h, w2, r), details: fill(3, h, w2, r) }, params: { wavelet: 'sym4', level } };
    }),
  ],
  blockDct: (h, w, r) => [
    { label: '8x8 forward, 2 channels (edge tiles short when the size is no multiple of 8)', inputs: { x: fill(2, h, w, r) } },
    { label: '8x8 inverse', inputs: { x: fill(1, h, w, r) }, params: { inverse: true } },
    // rows of whole vec4s: whole tiles one per invocation, then the short tile column and row
    ...([false, true].map((inverse) => ({ label: `8x8 ${inverse ? 'inverse' : 'forward'}, width 8k + 4, height + 5`, inputs: { x: fill(1, h + 5, 8 * Math.ceil(w / 8) + 4, r) }, params: { inverse } }))),
    { label: '5x5 forward', inputs: { x: fill(1, h, w, r) }, params: { block: 5 } },
    { label: '16x16 inverse', inputs: { x: fill(1, h, w, r) }, params: { block: 16, inverse: true } },
  ],
  dctFuse: (h, w, r) => (['variance', 'maxAbs'] as const).map((rule) => ({ label: rule, inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) }, params: { rule } })),
  bilateralFilter: (h, w, r) => [
    { label: 'OpenCV d=9, LUT, grey', inputs: { x: fill(1, h, w, r) }, params: { d: 9, sigmaColor: 0.3, sigmaSpace: 3 } },
    { label: 'colour (3-channel L1 distance, 12288-bin LUT), d<=0 radius from sigmaSpace', inputs: { x: fill(3, h, w, r) }, params: { d: 0, sigmaColor: 0.5, sigmaSpace: 1.7 } },
    // one channel filtered at full size: the float64 reference costs (2r+1)^2 taps a pixel
    { label: 'cross: grey guide, square window, exact weight, replicate (CBF)', inputs: { x: fill(h * w > 1e5 ? 1 : 2, h, w, r), guide: fill(1, h, w, r) }, params: { d: 7, sigmaColor: 0.1, sigmaSpace: 1.8, window: 'square', rangeWeight: 'exact', border: 'replicate' } },
    { label: 'constant guide: OpenCV copies the source', inputs: { x: fill(1, h, w, r), guide: fill(1, h, w, () => 0.5) }, params: { d: 5 } },
    // widths of whole vec4s stream aligned window rows, each radius starting its rows 0-3 columns
    // into a vec4 (4 and 3 above; 2 and 5 here)
    { label: 'd=5 (window rows 2 columns into a vec4), reflect', inputs: { x: fill(1, h, w, r) }, params: { d: 5, sigmaColor: 0.2, border: 'reflect' } },
    { label: 'd=11 (3 columns in), wrap', inputs: { x: fill(1, h, w, r) }, params: { d: 11, sigmaColor: 0.2, sigmaSpace: 3, border: 'wrap' } },
    // images of 2^13 pixels and more write small discs' taps out (UNROLL): here unaligned rows
    // and a colour guide; the first case and the d <= 0 colour case reach it aligned
    { label: 'cross: colour guide, d=7, width + 1', inputs: { x: fill(1, h, w + 1, r), guide: fill(3, h, w + 1, r) }, params: { d: 7, sigmaColor: 0.4, sigmaSpace: 2 } },
  ],
  cbfFuse: (h, w, r) => [
    { label: 'window 5, 2 channels', inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r), fa: fill(2, h, w, r), fb: fill(2, h, w, r) } },
    { label: 'window 7 reflect', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r), fa: fill(1, h, w, r), fb: fill(1, h, w, r) }, params: { window: 7, border: 'reflect' } },
    { label: 'window 3 replicate', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r), fa: fill(1, h, w, r), fb: fill(1, h, w, r) }, params: { window: 3, border: 'replicate' } },
    { label: 'window 9 wrap', inputs: { a: fill(1, h, w, r), b: fill(1, h, w, r), fa: fill(1, h, w, r), fb: fill(1, h, w, r) }, params: { window: 9, border: 'wrap' } },
  ],
  guidedFilter: (h, w, r) => [
    { label: 'grey guide r4 eps 0.01, 2 channels, reflect (OpenCV ximgproc)', inputs: { guide: fill(1, h, w, r, 0, 1), x: fill(2, h, w, r) } },
    { label: 'colour guide r2 eps 0.1, reflect101', inputs: { guide: fill(3, h, w, r, 0, 1), x: fill(1, h, w, r) }, params: { radius: 2, eps: 0.1, border: 'reflect101' } },
    { label: "channelwise r7 eps 0.3, shrink (He's MATLAB, GFF's base weights)", inputs: { guide: fill(2, h, w, r, 0, 1), x: fill(2, h, w, r, 0, 1) }, params: { radius: 7, eps: 0.3, border: 'shrink', pairing: 'channelwise' } },
  ],
  laplacianAbs: (h, w, r) => [{ label: '2 sources', inputs: { x: fill(2, h, w, r) } }],
  oneHotMax: (h, w, r) => [
    { label: '2 sources', inputs: { x: fill(2, h, w, r) } },
    { label: '3 sources with ties (quantised values)', inputs: { x: tensor([3, h, w], fill(3, h, w, r).data.map((v) => Math.round(v * 2))) } },
  ],
  gffCombine: (h, w, r) => [{ label: '2 sources, weights beyond [0, 1] (clamped)', inputs: { x: fill(2, h, w, r, 0, 1), base: fill(2, h, w, r, 0, 1), wb: fill(2, h, w, r, -0.2, 1.2), wd: fill(2, h, w, r, -0.2, 1.2) } }],
  atrousStep: (h, w, r) => [
    { label: 'level 1, 2 channels', inputs: { x: fill(2, h, w, r) } },
    { label: 'level 3 (taps 4 apart) wrap', inputs: { x: fill(1, h, w, r) }, params: { level: 3, border: 'wrap' } },
  ],
  shearletBands: (h, w, r) => [
    { label: '2 packed images, 8 directions', inputs: { z: fill(2, h, w, r) }, params: { images: 2, directions: 8 } },
    { label: '1 image, 3 directions (odd band count: last imaginary plane empty)', inputs: { z: fill(2, h, w, r) }, params: { directions: 3 } },
  ],
  sliceChannels: (h, w, r) => [{ label: 'channels 1..2 of 4', inputs: { x: fill(4, h, w, r) }, params: { start: 1, count: 2 } }],
  accumulateChannels: (h, w, r) => [{ label: '5 channels onto one', inputs: { acc: fill(1, h, w, r), x: fill(5, h, w, r) } }],
  filter2d: (h, w, r) => [
    { label: '3x3 reflect101, 2 channels', inputs: { x: fill(2, h, w, r), kernel: fill(1, 3, 3, r) } },
    { label: '4x2 even, anchor (0, 3), constant 0.5, delta', inputs: { x: fill(1, h, w, r), kernel: fill(1, 2, 4, r) }, params: { anchorX: 0, anchorY: 1, border: 'constant', value: 0.5, delta: 0.25 } },
    { label: '7x7 wrap', inputs: { x: fill(1, h, w, r), kernel: fill(1, 7, 7, r) }, params: { border: 'wrap' } },
  ],
  sobel: (h, w, r) => [
    { label: 'dx 1 ksize 3', inputs: { x: fill(1, h, w, r) } },
    { label: 'dx 2 dy 1 ksize 5 replicate, scale 0.5', inputs: { x: fill(2, h, w, r) }, params: { dx: 2, dy: 1, ksize: 5, scale: 0.5, border: 'replicate' } },
    { label: 'Scharr dy', inputs: { x: fill(1, h, w, r) }, params: { dx: 0, dy: 1, ksize: -1 } },
  ],
  histogram256: (h, w, r) => [{ label: '3 channels of levels, some outside 0..255', inputs: { x: tensor([3, h, w], fill(3, h, w, r, -20, 280).data.map(Math.round)) } }],
  jointHistogram256: (h, w, r) => [{ label: 'two level images', inputs: { a: tensor([1, h, w], fill(1, h, w, r, 0, 256).data.map(Math.floor)), b: tensor([1, h, w], fill(1, h, w, r, 0, 256).data.map(Math.floor)) } }],
  channelSums: (h, w, r) => [
    { label: '2 channels', inputs: { x: fill(2, h, w, r) } },
    { label: 'levels shifted by 127.5', inputs: { x: fill(1, h, w, r, 0, 255) }, params: { shift: 127.5 } },
  ],
  quantiseLevels: (h, w, r) => {
    const x = tensor([2, h, w], fill(2, h, w, r, 10, 200).data.map(Math.round));
    const n = h * w;
    const stats = tensor([2, 1, 4]);
    for (let c = 0; c < 2; c++) {
      const plane = x.data.subarray(c * n, (c + 1) * n);
      stats.data.set([0, 0, plane.reduce((a, v) => Math.min(a, v), Infinity), plane.reduce((a, v) => Math.max(a, v), -Infinity)], 4 * c);
    }
    return [{ label: 'levels 10..200', inputs: { x, stats } }];
  },
  gradientMaps: (h, w, r) => [{ label: '3 bands (the SF strip crosses band edges)', inputs: { x: fill(3, h, w, r) } }],
  ssimProducts: (h, w, r) => [{ label: '2 channels, shift 0.5', inputs: { x: fill(2, h, w, r), f: fill(2, h, w, r) }, params: { shift: 0.5 } }],
  ssimMap: (h, w, r) => [{ label: '2 channels, radius 5, shift 0.25', inputs: { m: fill(10, h, w, r) }, params: { radius: 5, shift: 0.25 } }],
  qabfTerms: (h, w, r) => {
    const lv = (c: number) => tensor([c, h, w], fill(c, h, w, r, 0, 256).data.map(Math.floor));
    const flat = tensor([1, h, w], new Float32Array(h * w).fill(3));
    return [
      { label: '2 channels of levels', inputs: { a: lv(2), b: lv(2), f: lv(2) } },
      { label: "the paper's equal-strength ratio (a and f flat: g_A = g_F = 0)", inputs: { a: flat, b: lv(1), f: flat }, params: { equalStrength: 'paper' } },
    ];
  },
  chenSpectra: (h, w, r) => [
    { label: 'grey triple: stack of 3 (4 planes as 2 complex)', inputs: { z: fill(4, h, w, r) } },
    { label: '3-channel fused, grey infrared: stack of 7', inputs: { z: fill(8, h, w, r) }, params: { channels: 3, visChannels: 3, irChannels: 1 } },
  ],
  qcbTerms: (h, w, r) => [{ label: '2 channels, well-separated means', inputs: { s: fill(6, h, w, r, 0.5, 0.6), l: fill(6, h, w, r, 0.8, 1) }, params: { ratio: 1.0003 } }],
  qcvBlocks: (h, w, r) => [
    { label: 'grey triple', inputs: { stack: fill(3, h, w, r), d: fill(6, h, w, r) } },
    { label: '3 channels, grey visible (d: the 2C differences only)', inputs: { stack: fill(7, h, w, r), d: fill(6, h, w, r) }, params: { channels: 3, visChannels: 1, irChannels: 3 } },
    // vec4 rows whose last 16-column block is partial (width 4 more than a multiple of 16)
    ...(w % 4 === 0 ? [{ label: 'grey triple, width + 4', inputs: { stack: fill(3, h, w + 4, r), d: fill(2, h, w + 4, r) } }] : []),
  ],
  vifRows: (h, w, r) => [
    { label: 'grey triple, 5 taps', inputs: { stack: fill(3, h, w, r) }, params: { taps: 5 } },
    { label: '2 channels, 17 taps', inputs: { stack: fill(6, h, w, r) }, params: { taps: 17 } },
  ],
  vifWindows: (h, w, r) => {
    // rows from the stack itself, as in the pipeline (arbitrary rows would not be sums of it)
    const stack = fill(3, h, w, r);
    const rows = vifRowsRef(stack, [...vifWindow(5)]);
    return [
      { label: 'grey triple, 5 taps', inputs: { rows, stack }, params: { taps: 5 } },
      { label: 'VIFF: the source with the smaller gain', inputs: { rows, stack }, params: { taps: 5, variant: 'viff' } },
    ];
  },
  nabfTerms: (h, w, r) => {
    const lv = (c: number) => tensor([c, h, w], fill(c, h, w, r, 0, 256).data.map(Math.floor));
    const flat = tensor([1, h, w], new Float32Array(h * w).fill(9));
    return [
      { label: '2 channels of levels', inputs: { a: lv(2), b: lv(2), f: lv(2) } },
      { label: 'a flat source (zero strength and angle)', inputs: { a: flat, b: lv(1), f: lv(1) } },
    ];
  },
  fmiMap: (h, w, r) => {
    // few levels: flat windows, equal windows and negative correlations all occur
    const lv = (c: number) => tensor([c, h, w], fill(c, h, w, r, 0, 6).data.map(Math.floor));
    // (one channel each: the float64 reference costs ~7 us a window)
    const a = lv(1);
    return [
      { label: '6 levels', inputs: { a, b: lv(1), f: lv(1) } },
      { label: "gradient, f = a (fmi.m's equality branch and its normalised window)", inputs: { a, b: lv(1), f: a }, params: { feature: 'gradient' } },
    ];
  },
  subsample2: (h, w, r) => (h > 2 && w > 2 ? [{ label: 'offset 1, 2 channels', inputs: { x: fill(2, h, w, r) }, params: { offset: 1 } }] : [{ label: 'offset 0, 2 channels', inputs: { x: fill(2, h, w, r) } }]),
  featureFuse: (h, w, r) => (['sum', 'average', 'l1'] as const).map((rule) => ({ label: rule, inputs: { x: fill(4, h, w, r) }, params: { rule } })),
};

/** Sizes from the test plan: single pixel, single row and column, odd, and the benchmark size. */
export const SIZES: [number, number][] = [
  [1, 1],
  [1, 37],
  [29, 1],
  [61, 47],
  // the vec4 paths' smallest case: two 8-column blocks (first and last), an odd height
  [7, 16],
  [640, 512],
];
