// AUIF-Net written out op by op exactly as the authors' PyTorch runs it (auif-net.md sections
// 4-8): per layer conv 1->64, conv 64->1 with the rotated kernels, batch norm, PReLU and the
// update, per source and per encoder, then the fusion rule, decoder conv, batch norm, sigmoid.
// Hundreds of dispatches and 64-channel intermediates: it exists to check the folded network
// (auifNet) and the layer ops against the authors' per-layer tensors, not to fuse images fast.
import { tensor, type Tensor } from '../core/tensor.js';
import type { NodeSpec, PipelineSpec } from '../pipeline/spec.js';
import { AUIF_BOX, AUIF_LAPLACIAN, type AuifWeights } from './auif-weights.js';

/** 180-degree rotation of each 3x3 kernel: the 64->1 conv of the adjoint, weight [1*64, 3, 3]. */
function rotated(k: Float32Array): Float32Array {
  const out = new Float32Array(k.length);
  for (let c = 0; c < k.length / 9; c++) for (let i = 0; i < 9; i++) out[c * 9 + i] = k[c * 9 + 8 - i];
  return out;
}

/**
 * The pipeline and its constant inputs. Node ids follow the fixture names with '_' for '.':
 * `ir_base_layer03_conv2` is the crop manifest's `ir.base.layer03.conv2`.
 */
export function auifTwoStep(w: AuifWeights, rule: 'sum' | 'average' | 'l1' = 'sum'): { spec: PipelineSpec; constants: Record<string, Tensor> } {
  const nodes: NodeSpec[] = [];
  const constants: Record<string, Tensor> = {};
  const encoders = ['base', 'detail'] as const;
  encoders.forEach((enc, g) => {
    w.raw[g].forEach((l, k) => {
      constants[`${enc}K${k}`] = tensor([64, 3, 3], l.kernel);
      constants[`${enc}K2_${k}`] = tensor([64, 3, 3], rotated(l.kernel));
      constants[`${enc}Slope${k}`] = tensor([1, 1, 1], new Float32Array([l.prelu]));
    });
  });
  const outs: Record<string, string> = {};
  for (const src of ['ir', 'vis'] as const) {
    encoders.forEach((enc, g) => {
      const pre = `${src}_${enc}`;
      nodes.push(enc === 'base'
        ? { id: `${pre}_filter`, op: 'boxFilter', inputs: { x: src }, params: { ksize: AUIF_BOX, scale: w.boxScale } }
        : { id: `${pre}_filter`, op: 'laplacianFilter', inputs: { x: src }, params: { ksize: AUIF_LAPLACIAN } });
      let x = `${pre}_filter`;
      w.raw[g].forEach((l, k) => {
        const id = `${pre}_layer${String(k).padStart(2, '0')}`;
        nodes.push(
          { id: `${id}_conv1`, op: 'conv2d', inputs: { x, weight: `${enc}K${k}` }, params: { padMode: 'reflect' } },
          { id: `${id}_conv2`, op: 'conv2d', inputs: { x: `${id}_conv1`, weight: `${enc}K2_${k}` }, params: { padMode: 'reflect' } },
          { id: `${id}_bn`, op: 'affine', inputs: { x: `${id}_conv2` }, params: { alpha: l.bnAlpha, beta: l.bnBeta } },
          { id: `${id}_prelu`, op: 'activation', inputs: { x: `${id}_bn`, slope: `${enc}Slope${k}` }, params: { fn: 'prelu' } },
          { id: `${id}_residual`, op: 'binary', inputs: { a: src, b: x }, params: { fn: 'sub' } },
          { id: `${id}_step`, op: 'binary', inputs: { a: `${id}_prelu`, b: `${id}_residual` }, params: { alpha: 1, beta: -l.theta } },
          { id: `${id}_out`, op: 'binary', inputs: { a: x, b: `${id}_step` }, params: { alpha: 1, beta: -l.eta } },
        );
        x = `${id}_out`;
      });
      outs[pre] = x;
    });
  }
  const d = w.decoderRaw;
  constants.decoderK = tensor([1, 3, 3], d.weight);
  nodes.push(
    { id: 'features', op: 'concat', inputs: { a: outs.ir_base, b: outs.vis_base, c: outs.ir_detail, d: outs.vis_detail } },
    { id: 'decoder_input', op: 'featureFuse', inputs: { x: 'features' }, params: { rule } },
    { id: 'decoder_conv', op: 'conv2d', inputs: { x: 'decoder_input', weight: 'decoderK' }, params: { padMode: 'reflect' } },
    { id: 'decoder_bn', op: 'affine', inputs: { x: 'decoder_conv' }, params: { alpha: d.alpha, beta: d.beta } },
    { id: 'decoder_output', op: 'activation', inputs: { x: 'decoder_bn' }, params: { fn: 'sigmoid' } },
  );
  return { spec: { inputs: ['ir', 'vis', ...Object.keys(constants)], nodes, outputs: { fused: 'decoder_output' } }, constants };
}
