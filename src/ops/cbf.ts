// CBF fusion: Shreyamsha Kumar, "Image fusion based on pixel significance using cross
// bilateral filter", Signal, Image and Video Processing 9, 2015 (the VIFB method "CBF", run
// with its defaults: cross-bilateral 11 x 11 square window, sigmaSpace 1.8, sigmaColor 25 of
// 255, covariance window 5). Each source is filtered with range weights from the other
// (A_CBF = CBF(A; B), B_CBF = CBF(B; A)); the details A - A_CBF and B - B_CBF give per-pixel
// weights from their windowed covariance (shaders/cbf_fuse.wgsl); the fused image is the
// weighted mean of the sources.
import type { MacroDescriptor, MacroNode, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str } from '../core/params.js';
import { borderId, type Border } from '../reference/border.js';
import { cbfFuseRef } from '../reference/cbf.js';
import { borderGeneral, pixelGrid, requireSame } from './shape-rules.js';

const BORDERS = ['reflect101', 'reflect', 'replicate', 'wrap'];

export const cbfFuse: OpDescriptor = {
  kind: 'kernel',
  name: 'cbfFuse',
  summary: "CBF's fusion rule: weights = sum of the eigenvalues (traces) of the row and column covariances of each detail (x - f) in a W x W window; y = (a wa + b wb) / (wa + wb)",
  inputs: [
    { name: 'a', doc: 'first source' },
    { name: 'b', doc: 'second source' },
    { name: 'fa', doc: "a's cross-bilateral output (guided by b)" },
    { name: 'fb', doc: "b's cross-bilateral output (guided by a)" },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'window', type: 'int', default: 5, min: 3, max: 15, doc: 'covariance window W (odd)' },
    { name: 'border', type: 'enum', values: BORDERS, default: 'reflect101', doc: "border rule (MATLAB per_extn_im_fn mirrors without repeating the edge: reflect101)" },
  ],
  shapes: ({ a, b, fa, fb }, p) => {
    if (num(p, 'window') % 2 === 0) fail('bad-param', `cbfFuse: window must be odd, got ${num(p, 'window')}`);
    requireSame('cbfFuse', ['a', a], ['b', b]);
    requireSame('cbfFuse', ['a', a], ['fa', fa]);
    requireSame('cbfFuse', ['a', a], ['fb', fb]);
    return { y: a };
  },
  reference: ({ a, b, fa, fb }, p) => ({ y: cbfFuseRef(a, b, fa, fb, num(p, 'window'), borderId(str(p, 'border') as Border)) }),
  gpu: ({ a }, _o, p) => ({
    passes: [{
      shader: 'cbf_fuse', entry: 'main', bindings: { a: 'a', b: 'b', fa: 'fa', fb: 'fb', dst: 'y' },
      uniforms: { width: a[2], height: a[1], channels: a[0], border: borderId(str(p, 'border') as Border) },
      constants: { W: num(p, 'window'), GENERAL: borderGeneral(num(p, 'window') >> 1, a[1], a[2]) }, grid: pixelGrid(a),
    }],
  }),
  // The result lies between a and b (|a - b| <= 2); its error is 2x the relative error of the
  // weight ratio. Each weight sums 3 W^2 float32 terms of one sign plus a subtraction, so its
  // relative error is about (3 W^2 + 8) u times the window's conditioning sum t^2 / wt, which
  // is small unless the detail is nearly constant along rows or columns; such near-degenerate
  // windows (a few in 10^3 on random data) may differ more.
  accuracy: (p) => {
    const w = num(p, 'window');
    return { atol: 2 * 2 * 16 * (3 * w * w + 8) * 2 ** -24, rtol: 0, why: `ratio of two ${w}x${w} covariance traces, conditioning up to 16 assumed`, maxMismatchFraction: 0.002 };
  },
};

export const cbfFusion: MacroDescriptor = {
  kind: 'macro',
  name: 'cbfFusion',
  summary: 'CBF fusion (Shreyamsha Kumar 2015, the VIFB method): two cross-bilateral filters, then the covariance-weighted mean',
  inputs: () => [
    { name: 'a', doc: 'first source (infrared)' },
    { name: 'b', doc: 'second source (visible luminance)' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'ksize', type: 'int', default: 11, min: 3, max: 63, doc: 'cross-bilateral square window' },
    { name: 'sigmaSpace', type: 'number', default: 1.8, min: 0, exclusiveMin: true, doc: 'cross-bilateral space sigma (pixels)' },
    { name: 'sigmaColor', type: 'number', default: 25 / 255, min: 0, exclusiveMin: true, doc: 'cross-bilateral range sigma, in image units (VIFB: 25 of 255)' },
    cbfFuse.params[0],
  ],
  expand: (p) => {
    const bf = { d: num(p, 'ksize'), sigmaSpace: num(p, 'sigmaSpace'), sigmaColor: num(p, 'sigmaColor'), window: 'square', rangeWeight: 'exact' };
    const nodes: MacroNode[] = [
      { id: 'fa', op: 'bilateralFilter', inputs: { x: 'a', guide: 'b' }, params: bf },
      { id: 'fb', op: 'bilateralFilter', inputs: { x: 'b', guide: 'a' }, params: bf },
      { id: 'fuse', op: 'cbfFuse', inputs: { a: 'a', b: 'b', fa: 'fa', fb: 'fb' }, params: { window: num(p, 'window') } },
    ];
    return { nodes, outputs: { y: 'fuse' } };
  },
};
