// AUIF-Net's published weights (Zhao et al., TCSVT 2021; repository Zhaozixiang1228/IVIF-AUIF-Net)
// as safetensors: names and shapes from ../shared/auif/auif-net.md section 1. Loading checks every
// tensor, folds each eval-mode batch norm to alpha*x + beta, and packs the unrolled layers for the
// unrolledStep kernel (group 0 = base encoder, group 1 = detail encoder).
import { fail } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';
import { foldUnrolledLayer, UNROLLED_STRIDE, type UnrolledLayerWeights } from '../reference/unrolled.js';
import { laplacianTaps } from '../ops/window-filters.js';
import { requireWeight, type WeightFile } from './safetensors.js';

export const AUIF_LAYERS = 10;
export const AUIF_CHANNELS = 64;
export const AUIF_BOX = 11;
export const AUIF_LAPLACIAN = 19;
/** PyTorch's BatchNorm2d default; the checkpoint does not store it. */
const BN_EPS = 1e-5;
const ENCODERS = [
  ['encoder_base', 'conv1'],
  ['encoder_detail', 'conv2'],
] as const;

export interface AuifWeights {
  /** [10, 2, 160]: layer k, group 0 base / 1 detail, packed by foldUnrolledLayer. */
  layers: Tensor;
  /** Raw per-layer weights (the two-step form, for verification against the published tensors). */
  raw: UnrolledLayerWeights[][];
  /** Decoder 3x3 conv with its batch norm folded in: weight [1,3,3], bias [1,1,1]. */
  decoderWeight: Tensor;
  decoderBias: Tensor;
  /** Decoder conv and batch norm unfolded: weight [1,3,3], alpha, beta. */
  decoderRaw: { weight: Float32Array; alpha: number; beta: number };
  /** kornia BoxBlur's float32 tap (every one of the 121 taps). */
  boxScale: number;
}

function bnFold(file: WeightFile, prefix: string): { alpha: number; beta: number } {
  const g = requireWeight(file, `${prefix}.weight`, [1])[0];
  const b = requireWeight(file, `${prefix}.bias`, [1])[0];
  const mean = requireWeight(file, `${prefix}.running_mean`, [1])[0];
  const variance = requireWeight(file, `${prefix}.running_var`, [1])[0];
  const alpha = Math.fround(g / Math.sqrt(variance + BN_EPS));
  return { alpha, beta: Math.fround(b - mean * alpha) };
}

export function loadAuifWeights(file: WeightFile): AuifWeights {
  const layers = tensor([AUIF_LAYERS, 2, UNROLLED_STRIDE]);
  const raw: UnrolledLayerWeights[][] = [[], []];
  ENCODERS.forEach(([enc, conv], g) => {
    for (let k = 0; k < AUIF_LAYERS; k++) {
      const p = `${enc}.${conv}.${k}`;
      const bn = bnFold(file, `${p}.rest.0`);
      const l: UnrolledLayerWeights = {
        kernel: requireWeight(file, `${p}.kernel`, [AUIF_CHANNELS, 1, 3, 3]),
        eta: requireWeight(file, `${p}.eta`, [1])[0],
        theta: requireWeight(file, `${p}.theta`, [1])[0],
        bnAlpha: bn.alpha,
        bnBeta: bn.beta,
        prelu: requireWeight(file, `${p}.rest.1.weight`, [1])[0],
      };
      raw[g].push(l);
      foldUnrolledLayer(l, layers.data, (k * 2 + g) * UNROLLED_STRIDE);
    }
  });
  const box = requireWeight(file, 'encoder_base.blur.kernel', [1, 1, AUIF_BOX, AUIF_BOX]);
  if (box.some((v) => v !== box[0])) fail('weights', `${file.source}: 'encoder_base.blur.kernel' is not a constant box kernel`);
  const lap = requireWeight(file, 'encoder_detail.laplacian.kernel', [1, 1, AUIF_LAPLACIAN, AUIF_LAPLACIAN]);
  const { tap, centre } = laplacianTaps(AUIF_LAPLACIAN, true);
  const mid = (AUIF_LAPLACIAN * AUIF_LAPLACIAN) >> 1;
  if (lap.some((v, i) => v !== (i === mid ? centre : tap))) {
    fail('weights', `${file.source}: 'encoder_detail.laplacian.kernel' is not kornia's normalized Laplacian(19) (taps ${tap}, centre ${centre})`);
  }
  const dw = requireWeight(file, 'decoder.decoder.1.weight', [1, 1, 3, 3]);
  const dbn = bnFold(file, 'decoder.decoder.2');
  return {
    layers,
    raw,
    decoderWeight: tensor([1, 3, 3], dw.map((v) => v * dbn.alpha)),
    decoderBias: tensor([1, 1, 1], new Float32Array([dbn.beta])),
    decoderRaw: { weight: dw, ...dbn },
    boxScale: box[0],
  };
}
