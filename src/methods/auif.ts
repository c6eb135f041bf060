// AUIF-Net: Z. Zhao, S. Xu, J. Zhang, C. Liang, C. Zhang, J. Liu, "Efficient and Model-Based
// Infrared and Visible Image Fusion via Algorithm Unrolling", IEEE TCSVT 32(3), 2022
// (doi 10.1109/TCSVT.2021.3075745), run from the authors' published weights.
//
// Each encoder unrolls T = 10 proximal-gradient steps of a convolutional sparse-coding model
// (paper eq. 8-11): x_{k+1} = x_k - eta_k (P_k(K_k^T K_k x_k) - theta_k (I - x_k)), P = PReLU o BN,
// started from a box blur (base encoder) or a Laplacian (detail encoder) of the source I.
// Fusion (eq. 13, "Sum"): F = (B_ir + B_vis) + (D_ir + D_vis); decoder: sigmoid(BN(conv3x3(F))).
// The exact computation we reproduce is ../shared/auif/auif-net.md; the conv pair K^T K is folded
// exactly (src/reference/unrolled.ts), which is what makes one layer one cheap dispatch.
import { fail } from '../core/errors.js';
import { loadAuifWeights, type AuifWeights } from '../nn/auif-weights.js';
import type { WeightFile } from '../nn/safetensors.js';
import { auifNet } from '../ops/auif-macro.js';
import { lumaFusionPipeline } from './colour.js';
import type { FusionMethod } from './registry.js';

const loaded = new WeakMap<WeightFile, AuifWeights>();

/** Folds a weights file once per file object (folding is host work, not per pair). */
export function auifWeights(file: WeightFile): AuifWeights {
  let w = loaded.get(file);
  if (!w) {
    w = loadAuifWeights(file);
    loaded.set(file, w);
  }
  return w;
}

export const auifMethod: FusionMethod = {
  name: 'auif',
  summary: 'AUIF-Net (algorithm-unrolled network, TCSVT 2021) from its published weights (--weights auif-net.safetensors); colour visible images are fused on luma',
  params: auifNet.params.filter((p) => p.name === 'rule'),
  pipeline: (irC, visC, params, file) => {
    const boxScale = file ? auifWeights(file).boxScale : 0;
    const spec = lumaFusionPipeline(irC, visC, (a, b) => ({
      id: 'fused',
      op: 'auifNet',
      inputs: { a, b, layers: 'layers', decoderWeight: 'decoderWeight', decoderBias: 'decoderBias' },
      params: { ...params, boxScale },
    }));
    return { ...spec, inputs: [...spec.inputs, 'layers', 'decoderWeight', 'decoderBias'] };
  },
  constants: (file) => {
    if (!file) fail('usage', "method 'auif' needs its published weights: pass --weights PATH (auif-net.safetensors) or the weights option");
    const w = auifWeights(file);
    return { layers: w.layers, decoderWeight: w.decoderWeight, decoderBias: w.decoderBias };
  },
  // auif-net.md section 11: Laplacian radius 9 + 10 layers x 2 convs x 1 + decoder 1 = 30.
  halo: 30,
  // PyTorch's reflect padding by 9 needs more than 9 rows and columns.
  minSize: 10,
};
