import type { OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str } from '../core/params.js';
import { fmtShape, numel, type Shape } from '../core/tensor.js';
import { ACTIVATIONS, conv2dRef } from '../reference/nn.js';
import { FEATURE_RULES, featureFuseRef, UNROLLED_STRIDE, unrolledStepRef } from '../reference/unrolled.js';
import { borderGeneral, sumErrorBound } from './shape-rules.js';

/** Ring pixels per grid row of the ring pass: a multiple of any sensible workgroup width. */
const RING_ROW = 64;

function checkStep(s: Record<string, Shape>, layer: number): number {
  const { x, img, w } = s;
  if (x[2] !== 4 || x[0] !== img[1] || x[1] !== img[2] || ![1, 2, 4].includes(img[0])) {
    fail('shape', `unrolledStep: 'x' ${fmtShape(x)} must be channels-last [H, W, 4] and 'img' ${fmtShape(img)} [1, 2 or 4, H, W]`);
  }
  const groups = 4 / img[0];
  if (w[1] !== groups || w[2] !== UNROLLED_STRIDE) {
    fail('shape', `unrolledStep: 'w' ${fmtShape(w)} must be [layers, ${groups}, ${UNROLLED_STRIDE}] (one packed layer per weight group; 4 channels over ${img[0]} image channel(s))`);
  }
  if (layer >= w[0]) fail('bad-param', `unrolledStep: layer ${layer} is past the ${w[0]} layers in 'w'`);
  return groups;
}

export const unrolledStep: OpDescriptor = {
  kind: 'kernel',
  name: 'unrolledStep',
  summary: 'one unrolled AUIF-Net layer, x - eta (prelu(bn(K^T K x)) - theta (img - x)), conv pair folded to 5x5 with an exact border ring',
  inputs: [
    { name: 'x', doc: 'current estimates, channels-last [H, W, 4]: channel j belongs to weight group j / imgC and image channel j % imgC' },
    { name: 'img', doc: 'the source images [imgC, H, W], imgC = 1, 2 or 4' },
    { name: 'w', doc: 'packed layers [L, 4 / imgC, 160] from foldUnrolledLayer (src/reference/unrolled.ts)' },
  ],
  outputs: () => ['y'],
  params: [{ name: 'layer', type: 'int', default: 0, min: 0, doc: "which of the L packed layers of 'w' to apply" }],
  shapes: (s, p) => {
    checkStep(s, num(p, 'layer'));
    return { y: s.x };
  },
  reference: ({ x, img, w }, p) => ({ y: unrolledStepRef(x, img, w, num(p, 'layer')) }),
  gpu: (s, _o, p) => {
    const [h, w] = s.x;
    checkStep(s, num(p, 'layer'));
    const uniforms = { width: w, height: h, layer: num(p, 'layer'), ringRow: RING_ROW };
    // A 4-wide, 8-tall block reads up to 9 rows below its first (which can be the last row).
    const constants = { IMG_C: s.img[0], GENERAL: borderGeneral(9, h, w) };
    const bindings = { x: 'x', img: 'img', w: 'w', y: 'y' };
    const ringPixels = 2 * w + 2 * Math.max(h - 2, 0);
    return {
      passes: [
        { shader: 'unrolled_step', entry: 'main', bindings, uniforms, constants: { ...constants, ALIGNED: w % 4 === 0 ? 1 : 0 }, grid: [Math.ceil(w / 4), Math.ceil(h / 8), 1] },
        { shader: 'unrolled_step', entry: 'ring', bindings, uniforms, constants, grid: [RING_ROW, Math.ceil(ringPixels / RING_ROW), 4] },
      ],
    };
  },
  // Inputs and packed numbers in [-1, 1]: the ring sums 81 products (the interior 25), then
  // alpha, the PReLU slope and eta scale it by at most 1 each.
  accuracy: () => ({ atol: 2 * sumErrorBound(81) + 16 * 2 ** -24 * 90, rtol: 0, why: 'float32 sum of up to 81 products (float64 in the reference), then the update in float32 with |terms| <= 90' }),
};

export const featureFuse: OpDescriptor = {
  kind: 'kernel',
  name: 'featureFuse',
  summary: "fuses feature pairs (channels 2g, 2g+1) by AUIF-Net's rule (sum, average, l1) and sums the groups",
  inputs: [{ name: 'x', doc: 'feature pairs [2G, H, W], e.g. [B_ir, B_vis, D_ir, D_vis]' }],
  outputs: () => ['y'],
  params: [{ name: 'rule', type: 'enum', values: FEATURE_RULES, default: 'sum', doc: "AUIF-Net's addition_mode: Sum, Average or l1_norm" }],
  shapes: ({ x }) => {
    if (x[0] % 2 !== 0) fail('shape', `featureFuse: 'x' ${fmtShape(x)} must hold channel pairs (an even count)`);
    return { y: [1, x[1], x[2]] as Shape };
  },
  reference: ({ x }, p) => ({ y: featureFuseRef(x, FEATURE_RULES.indexOf(str(p, 'rule') as never)) }),
  gpu: ({ x }, _o, p) => ({
    passes: [{
      shader: 'feature_fuse', entry: 'main', bindings: { x: 'x', y: 'y' },
      uniforms: { width: x[2], height: x[1] },
      constants: { PAIRS: x[0] / 2, RULE: FEATURE_RULES.indexOf(str(p, 'rule') as never) },
      grid: [x[2], x[1], 1],
    }],
  }),
  // Per pair: the l1 weights are window means of 9 terms and a division (WGSL: 2.5 ulp), then
  // one product-sum; the group sum is rounded like the reference. Values in [-1, 1].
  accuracy: (_p, s) => ({ atol: (s.x[0] / 2) * 32 * 2 ** -24, rtol: 0, why: 'per pair <= 32 ulp of 1 (9-term window sums, 2.5-ulp divisions, one product-sum), summed over the pairs' }),
};

export const featureDecode: OpDescriptor = {
  kind: 'kernel',
  name: 'featureDecode',
  summary: "AUIF-Net's fusion rule and decoder in one pass: sigmoid(conv3x3(reflect(featureFuse(x)), weight) + bias)",
  inputs: [
    { name: 'x', doc: 'feature pairs, channels-last [H, W, 2G] (unrolledStep\'s layout)' },
    { name: 'weight', doc: 'the 3x3 decoder kernel with its batch norm folded, [1, 3, 3]' },
    { name: 'bias', doc: 'the folded batch-norm shift, [1, 1, 1]' },
  ],
  outputs: () => ['y'],
  params: featureFuse.params,
  shapes: (s) => {
    const [h, w, c] = s.x;
    if (c % 2 !== 0) fail('shape', `featureDecode: 'x' ${fmtShape(s.x)} must be channels-last [H, W, 2G] (an even channel count)`);
    if (s.weight[0] !== 1 || s.weight[1] !== 3 || s.weight[2] !== 3) fail('shape', `featureDecode: 'weight' ${fmtShape(s.weight)} must be 1x3x3`);
    if (numel(s.bias) !== 1) fail('shape', `featureDecode: 'bias' ${fmtShape(s.bias)} must hold one value`);
    return { y: [1, h, w] as Shape };
  },
  reference: ({ x, weight, bias }, p) => {
    const f = featureFuseRef(x, FEATURE_RULES.indexOf(str(p, 'rule') as never), true);
    const g = { kh: 3, kw: 3, strideY: 1, strideX: 1, dilY: 1, dilX: 1, padY: 1, padX: 1, groups: 1, border: 0 };
    return { y: conv2dRef(f, weight, 1, g, { bias, act: ACTIVATIONS.indexOf('sigmoid'), alpha: 0 }) };
  },
  gpu: ({ x }, _o, p) => ({
    passes: [{
      shader: 'feature_decode', entry: 'main', bindings: { x: 'x', weight: 'weight', bias: 'bias', y: 'y' },
      uniforms: { width: x[1], height: x[0] },
      constants: { PAIRS: x[2] / 2, RULE: FEATURE_RULES.indexOf(str(p, 'rule') as never), ALIGNED: x[1] % 4 === 0 ? 1 : 0 },
      // one 4x4 output block per invocation
      grid: [Math.ceil(x[1] / 4), Math.ceil(x[0] / 4), 1],
    }],
  }),
  // The fused features as in featureFuse, then 9 products with weights in [-1, 1] (|sum| <= 9
  // pairs), exp within 3 + 2|x| ulp and a derivative <= 1/4 for the sigmoid.
  accuracy: (p, s) => {
    const c = s.x[2];
    const f = featureFuse.accuracy(p, { x: [c, s.x[0], s.x[1]] }).atol;
    return { atol: 9 * f + sumErrorBound(10, c) + (3 + 2 * 10 * c) * 2 ** -24, rtol: 0, why: 'featureFuse error through 9 taps, a 10-term float32 sum, and exp in the sigmoid' };
  },
};
