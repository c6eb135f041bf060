import type { GpuPlan, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num } from '../core/params.js';
import { fmtShape, stackChannels, type Shape } from '../core/tensor.js';
import { addRef, pyrDownRef, pyrUpRef, pyrUpSizeOk } from '../reference/pyramid.js';
import { toYcrcbRef } from '../reference/ycrcb.js';
import { requireChannels, requirePyrPair } from './shape-rules.js';

const y = () => ['y'];
// Output rows per invocation of pyr_down.wgsl's `aligned` (its ROWS).
const PYR_DOWN_ROWS = 16;

export const pyrDown: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrDown',
  summary: 'cv2.pyrDown: 5x5 Gaussian [1 4 6 4 1]/16, reflect-101, then decimate; output ceil(H/2) x ceil(W/2)',
  accuracy: () => ({ atol: 24 * 2 ** -24, rtol: 0, why: '5 row sums and 1 column sum of 5 terms, about 24 roundings of partial sums bounded by max|x| <= 1, each <= 2^-24' }),
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: y,
  params: [],
  shapes: ({ x }) => ({ y: [x[0], Math.ceil(x[1] / 2), Math.ceil(x[2] / 2)] }),
  reference: ({ x }) => ({ y: pyrDownRef(x) }),
  gpu: ({ x }, { y: o }) => pyrDownPass(x, o, false),
};

/**
 * One pass of pyr_down.wgsl from source shape x to output shape o; `pair`: both sources' first
 * level stacked (pyrDownPair), `luma`: of an RGB source (x's with one source, b's with a pair).
 */
function pyrDownPass(x: Shape, o: Shape, luma: boolean, pair = false): GpuPlan {
  // whole vec4 rows in and out: 8-column strips of PYR_DOWN_ROWS rows of vec4s, else 2 x 2
  // blocks of floats
  const aligned = x[2] % 8 === 0;
  // a pair writes both channels from each invocation
  const z = pair ? 1 : o[0];
  return {
    passes: [
      {
        shader: 'pyr_down',
        entry: (aligned ? 'aligned' : 'main') + (pair ? 'Pair' : ''),
        // one source: x is bound as the (unread) second source too, which the shared code names
        bindings: pair ? { src: 'a', src4: 'a', srcB: 'b', srcB4: 'b', dst: 'y', dst4: 'y' } : { src: 'x', src4: 'x', srcB: 'x', srcB4: 'x', dst: 'y', dst4: 'y' },
        uniforms: { width: o[2], height: o[1], channels: z, srcWidth: x[2], srcHeight: x[1] },
        constants: { ...(aligned ? { ROWS: PYR_DOWN_ROWS } : {}), ...(luma ? { [pair ? 'LUMA_B' : 'LUMA']: 1 } : {}) },
        grid: aligned ? [Math.ceil(o[2] / 8), Math.ceil(o[1] / PYR_DOWN_ROWS), z] : [Math.ceil(o[2] / 2), Math.ceil(o[1] / 2), z],
      },
    ],
  };
}

export const pyrDownLuma: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrDownLuma',
  summary: "pyrDown of an RGB image's luma (rgbToYcrcb's Y) in one pass: the first level of a colour image's luma pyramid without a full-size luma",
  accuracy: () => ({
    atol: 32 * 2 ** -24,
    rtol: 0,
    why: "pyrDown's 24 ulp of 1 plus rgbToYcrcb's luma (8 ulp), carried through weights that sum to 1",
  }),
  inputs: [{ name: 'x', doc: 'RGB, 3 planes' }],
  outputs: y,
  params: [],
  shapes: ({ x }) => {
    requireChannels('pyrDownLuma', 'x', x, 3);
    return { y: [1, Math.ceil(x[1] / 2), Math.ceil(x[2] / 2)] };
  },
  // the chroma offset (0.5) moves only Cr / Cb, never the luma
  reference: ({ x }) => ({ y: pyrDownRef(toYcrcbRef(x, 0.5).luma) }),
  gpu: ({ x }, { y: o }) => pyrDownPass(x, o, true),
};

const PAIR_INPUTS = [
  { name: 'a', doc: 'first source, 1 plane' },
  { name: 'b', doc: 'second source, 1 plane' },
];

function pairShape(op: string, a: Shape, b: Shape, bChannels: number): Shape {
  requireChannels(op, 'a', a, 1);
  requireChannels(op, 'b', b, bChannels);
  if (a[1] !== b[1] || a[2] !== b[2]) fail('shape', `${op}: 'a' is ${fmtShape(a)} but 'b' is ${fmtShape(b)}; their sizes must match`);
  return [2, Math.ceil(a[1] / 2), Math.ceil(a[2] / 2)];
}

export const pyrDownPair: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrDownPair',
  summary: 'pyrDown of two one-plane sources in one pass, stacked as channels 0 (a) and 1 (b): the first level of both pyramids of a fusion',
  accuracy: () => pyrDown.accuracy({}, {}),
  inputs: PAIR_INPUTS,
  outputs: y,
  params: [],
  shapes: ({ a, b }) => ({ y: pairShape('pyrDownPair', a, b, 1) }),
  reference: ({ a, b }) => ({ y: stackChannels([pyrDownRef(a), pyrDownRef(b)]) }),
  gpu: ({ a }, { y: o }) => pyrDownPass(a, o, false, true),
};

export const pyrDownPairLuma: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrDownPairLuma',
  summary: "pyrDownPair with an RGB second source, of its luma (rgbToYcrcb's Y): the first level of both pyramids of a colour fusion",
  accuracy: () => pyrDownLuma.accuracy({}, {}),
  inputs: [PAIR_INPUTS[0], { name: 'b', doc: 'second source, RGB (3 planes)' }],
  outputs: y,
  params: [],
  shapes: ({ a, b }) => ({ y: pairShape('pyrDownPairLuma', a, b, 3) }),
  reference: ({ a, b }) => ({ y: stackChannels([pyrDownRef(a), pyrDownRef(toYcrcbRef(b, 0.5).luma)]) }),
  gpu: ({ a }, { y: o }) => pyrDownPass(a, o, true, true),
};

/** The three pyrUp ops share one kernel (shaders/pyr_up_combine.wgsl) and differ in its mode. */
function upPass(mode: number, other: string, coarse: string, o: readonly [number, number, number], c: readonly [number, number, number]) {
  return {
    passes: [
      {
        shader: 'pyr_up_combine',
        entry: 'main',
        bindings: { coarse, other, dst: 'y' },
        uniforms: { width: o[2], height: o[1], channels: o[0], coarseWidth: c[2], coarseHeight: c[1], mode },
        // one 2x2 output block per invocation
        grid: [Math.ceil(o[2] / 2), Math.ceil(o[1] / 2), o[0]] as [number, number, number],
      },
    ],
  };
}

export const pyrUp: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrUp',
  summary: 'cv2.pyrUp: upsample x2 with the [1 4 6 4 1]/8 kernel; height/width 0 means 2H / 2W, else OpenCV dstsize rules',
  accuracy: () => ({ atol: 16 * 2 ** -24, rtol: 0, why: '3 row sums and 1 column sum of 3 taps plus the combine, about 16 roundings of partial sums <= 2 (|x| <= 1), each <= 2^-24 relative' }),
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: y,
  params: [
    { name: 'height', type: 'int', default: 0, min: 0, doc: 'output height; 0 = 2H; otherwise |height - 2H| <= height % 2' },
    { name: 'width', type: 'int', default: 0, min: 0, doc: 'output width; 0 = 2W; otherwise |width - 2W| <= width % 2' },
  ],
  shapes: ({ x }, p) => {
    const h = num(p, 'height') || 2 * x[1];
    const w = num(p, 'width') || 2 * x[2];
    if (!pyrUpSizeOk(x[1], h) || !pyrUpSizeOk(x[2], w)) {
      fail('shape', `pyrUp: output ${h}x${w} is not allowed for input ${fmtShape(x)} (OpenCV: |dst - 2*src| <= dst % 2)`);
    }
    return { y: [x[0], h, w] };
  },
  reference: ({ x }, p) => ({ y: pyrUpRef(x, num(p, 'height') || 2 * x.shape[1], num(p, 'width') || 2 * x.shape[2]) }),
  gpu: ({ x }, { y: o }) => upPass(0, 'x', 'x', o, x),
};

export const laplacianBand: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianBand',
  summary: 'one Laplacian level: fine - pyrUp(coarse, size of fine)',
  accuracy: () => ({ atol: 16 * 2 ** -24, rtol: 0, why: '3 row sums and 1 column sum of 3 taps plus the combine, about 16 roundings of partial sums <= 2 (|x| <= 1), each <= 2^-24 relative' }),
  inputs: [
    { name: 'fine', doc: 'Gaussian level k' },
    { name: 'coarse', doc: 'Gaussian level k+1 (pyrDown of fine)' },
  ],
  outputs: y,
  params: [],
  shapes: ({ fine, coarse }) => {
    requirePyrPair('laplacianBand', ['fine', fine], ['coarse', coarse]);
    return { y: fine };
  },
  reference: ({ fine, coarse }) => ({ y: addRef(fine, pyrUpRef(coarse, fine.shape[1], fine.shape[2]), -1) }),
  gpu: ({ fine, coarse }, { y: o }) => upPass(2, 'fine', 'coarse', o, coarse),
};

export const pyrUpAdd: OpDescriptor = {
  kind: 'kernel',
  name: 'pyrUpAdd',
  summary: 'one Laplacian collapse step: band + pyrUp(coarse, size of band)',
  accuracy: () => ({ atol: 16 * 2 ** -24, rtol: 0, why: '3 row sums and 1 column sum of 3 taps plus the combine, about 16 roundings of partial sums <= 2 (|x| <= 1), each <= 2^-24 relative' }),
  inputs: [
    { name: 'band', doc: 'Laplacian level k' },
    { name: 'coarse', doc: 'reconstructed level k+1' },
  ],
  outputs: y,
  params: [],
  shapes: ({ band, coarse }) => {
    requirePyrPair('pyrUpAdd', ['band', band], ['coarse', coarse]);
    return { y: band };
  },
  reference: ({ band, coarse }) => ({ y: addRef(band, pyrUpRef(coarse, band.shape[1], band.shape[2]), 1) }),
  gpu: ({ coarse }, { y: o }) => upPass(1, 'band', 'coarse', o, coarse),
};

