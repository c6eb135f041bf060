import type { MacroDescriptor, MacroNode } from '../core/op.js';
import { FEATURE_RULES } from '../reference/unrolled.js';

/**
 * AUIF-Net's whole forward pass for one grey pair as kernels (auif-net.md sections 4-8):
 * both sources share one dispatch per step, both encoders too, so the ten unrolled layers cost
 * ten dispatches: x = [B_ir, B_vis, D_ir, D_vis] per pixel (channels-last [H, W, 4]), channel c
 * uses encoder c / 2 and source c % 2.
 */
export const auifNet: MacroDescriptor = {
  kind: 'macro',
  name: 'auifNet',
  summary: 'AUIF-Net (Zhao et al., TCSVT 2021) forward pass: box / Laplacian pre-filters, 10 unrolled layers per encoder, fusion rule, decoder',
  inputs: () => [
    { name: 'a', doc: 'infrared, one channel in [0, 1], at least 10x10' },
    { name: 'b', doc: 'visible, one channel in [0, 1], same size' },
    { name: 'layers', doc: 'packed unrolled layers [10, 2, 160] (loadAuifWeights)' },
    { name: 'decoderWeight', doc: 'decoder 3x3 kernel with its batch norm folded, [1, 3, 3]' },
    { name: 'decoderBias', doc: 'decoder batch-norm shift, [1, 1, 1]' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'rule', type: 'enum', values: FEATURE_RULES, default: 'sum', doc: "fusion of the encoders' features: sum (the published results), average, l1" },
    { name: 'boxScale', type: 'number', default: 0, doc: "the box pre-filter's tap; 0 = 1/121 (the weights file carries kornia's exact float32 tap)" },
    { name: 'layerCount', type: 'int', default: 10, min: 0, max: 64, doc: 'unrolled layers per encoder' },
  ],
  expand: (p) => {
    const nodes: MacroNode[] = [
      { id: 'pair', op: 'concat', inputs: { a: 'a', b: 'b' } },
      // [B_ir, B_vis, D_ir, D_vis] start as [box(ir), box(vis), lap(ir), lap(vis)], channels-last
      // [H, W, 4] from here to the decoder (the layer kernel loads a pixel's four as one vec4).
      { id: 'x0', op: 'windowFilterPair', inputs: { x: 'pair.y' }, params: { boxSize: 11, scale: p.boxScale, lapSize: 19 } },
    ];
    let x = 'x0.y';
    for (let k = 0; k < (p.layerCount as number); k++) {
      nodes.push({ id: `layer${k}`, op: 'unrolledStep', inputs: { x, img: 'pair.y', w: 'layers' }, params: { layer: k } });
      x = `layer${k}.y`;
    }
    nodes.push(
      { id: 'decoder', op: 'featureDecode', inputs: { x, weight: 'decoderWeight', bias: 'decoderBias' }, params: { rule: p.rule } },
    );
    return { nodes, outputs: { y: 'decoder.y' } };
  },
};
