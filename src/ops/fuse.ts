import type { OpDescriptor } from '../core/op.js';
import { num, str } from '../core/params.js';
import { tensor } from '../core/tensor.js';
import { fuseRef } from '../reference/fuse.js';
import { addRef, pyrUpRef } from '../reference/pyramid.js';
import { RULE_TUNING, needsActivity, ruleId, ruleParams, ruleUniforms } from './fuse-rules.js';
import { pixelGrid, requirePyrPair, requireSame } from './shape-rules.js';

export const fuse: OpDescriptor = {
  kind: 'kernel',
  name: 'fuse',
  summary: 'pixel fusion of two same-shape tensors: mean, maxAbs, weighted, activityMax, activityWeighted',
  accuracy: (p) => ({
    atol: str(p, 'rule') === 'activityWeighted' ? 64 * 2 ** -24 : 4 * 2 ** -24,
    rtol: 0,
    why: 'mean/weighted: 2-3 roundings of values <= 1; choose rules copy an input exactly (same f32 activity sums in the same order); activityWeighted adds a 2.5-ULP WGSL division of a sum of 2 products and window sums up to 225 (|x| <= 1): about 64 ulp of 1',
  }),
  inputs: [
    { name: 'a', doc: 'first source (e.g. infrared)' },
    { name: 'b', doc: 'second source (e.g. visible)' },
  ],
  outputs: () => ['y'],
  params: [...ruleParams('rule', 'mean'), ...RULE_TUNING],
  shapes: ({ a, b }) => {
    requireSame('fuse', ['a', a], ['b', b]);
    return { y: a };
  },
  reference: ({ a, b }, p) => ({ y: fuseRef(a, b, ruleId(str(p, 'rule')), num(p, 'weight'), num(p, 'radius')) }),
  gpu: ({ a }, _o, p) => ({
    passes: [{ shader: 'fuse', entry: 'main', bindings: { a: 'a', b: 'b', dst: 'y' }, uniforms: { width: a[2], height: a[1], channels: a[0], ...ruleUniforms(p) }, grid: pixelGrid(a) }],
  }),
};

export const laplacianFuse: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianFuse',
  summary: 'one Laplacian level of two sources and their fusion in one pass: rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse))',
  accuracy: (p) => ({
    atol: str(p, 'rule') === 'activityWeighted' ? 128 * 2 ** -24 : 24 * 2 ** -24,
    rtol: 0,
    why: 'the band is pyrUp (about 16 roundings of sums <= 2) and a subtraction; the rule adds at most the fuse bounds',
    maxMismatchFraction: 0.002,
  }),
  inputs: [
    { name: 'a', doc: 'Gaussian level k of source a' },
    { name: 'aCoarse', doc: 'Gaussian level k+1 of source a' },
    { name: 'b', doc: 'Gaussian level k of source b' },
    { name: 'bCoarse', doc: 'Gaussian level k+1 of source b' },
  ],
  outputs: () => ['y'],
  params: [...ruleParams('rule', 'maxAbs'), ...RULE_TUNING],
  shapes: ({ a, aCoarse, b, bCoarse }) => {
    requireSame('laplacianFuse', ['a', a], ['b', b]);
    requirePyrPair('laplacianFuse', ['a', a], ['aCoarse', aCoarse]);
    requirePyrPair('laplacianFuse', ['b', b], ['bCoarse', bCoarse]);
    return { y: a };
  },
  reference: ({ a, aCoarse, b, bCoarse }, p) => {
    const [, h, w] = a.shape;
    // Bands are rounded to float32 as the kernel holds them, before the rule compares them.
    const ba = tensor(a.shape, Float32Array.from(addRef(a, pyrUpRef(aCoarse, h, w), -1).data));
    const bb = tensor(b.shape, Float32Array.from(addRef(b, pyrUpRef(bCoarse, h, w), -1).data));
    return { y: fuseRef(ba, bb, ruleId(str(p, 'rule')), num(p, 'weight'), num(p, 'radius')) };
  },
  gpu: ({ a, aCoarse }, _o, p) => {
    const activityRule = needsActivity(str(p, 'rule'));
    const pass = {
      shader: 'laplacian_fuse',
      entry: activityRule ? 'activity' : 'main',
      bindings: { fineA: 'a', coarseA: 'aCoarse', fineB: 'b', coarseB: 'bCoarse', dst: 'y' },
      uniforms: { width: a[2], height: a[1], channels: a[0], coarseWidth: aCoarse[2], coarseHeight: aCoarse[1], ...ruleUniforms(p) },
      // pixel rules: one 2x2 output block per invocation
      grid: activityRule ? pixelGrid(a) : ([Math.ceil(a[2] / 2), Math.ceil(a[1] / 2), a[0]] as [number, number, number]),
    };
    return { passes: [pass] };
  },
};
