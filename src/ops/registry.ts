import type { AnyOp } from '../core/op.js';
import { FusegpuError, fail } from '../core/errors.js';
import { fuse, laplacianFuse, laplacianFuseUp, laplacianFuseUpRgb } from './fuse.js';
import { laplacianBuild, laplacianCollapse, laplacianFusion, laplacianFusionRgb } from './laplacian-macros.js';
import { laplacianBand, pyrDown, pyrDownLuma, pyrDownPair, pyrDownPairLuma, pyrUp, pyrUpAdd } from './pyramid.js';
import { sepConv } from './sep-conv.js';
import { rgbToYcrcb, ycrcbToRgb } from './ycrcb.js';
import { conv2d, convTranspose2d } from './conv.js';
import { activation, affine, binary, concat } from './elementwise.js';
import { resizeBilinear } from './resize.js';
import { boxFilter, laplacianFilter, windowFilterPair } from './window-filters.js';
import { featureDecode, featureFuse, unrolledStep } from './unrolled.js';
import { auifNet } from './auif-macro.js';
import { fft2Op } from './fft.js';
import { bilateralFilter } from './bilateral.js';
import { cbfFuse, cbfFusion } from './cbf.js';
import { guidedFilter } from './guided-filter.js';
import { gffCombine, gffFusion, laplacianAbs, oneHotMax } from './gff.js';
import { filter2d, sobel } from './filter2d.js';
import { channelSums, gradientMaps, histogram256, jointHistogram256, qabfTerms, quantiseLevels, ssimMap, ssimProducts } from './stats.js';
import { accumulateChannels, atrousStep, nsstDecompose, nsstFusion, nsstReconstruct, shearletBands, sliceChannels } from './nsst.js';
import { blockDct, dctFuse, dctFusion } from './block-dct.js';
import { chenSpectra, qcbTerms, qcvBlocks } from './chen-metrics.js';
import { subsample2, vifRows, vifWindows } from './vif.js';
import { fmiMap, nabfTerms } from './fusion-metrics.js';
import { dwt2, dwt2Fuse, idwt2, iswt2Step, swt2Fuse, swt2Step } from './wavelets.js';
import { dwtFusion, iswt2, swt2, swtFusion, waverec2, wavedec2 } from './wavelet-macros.js';

const ops = new Map<string, AnyOp>();

/** Later modules add their ops here; the cross-check tests iterate whatever is registered. */
export function registerOp(op: AnyOp): void {
  if (ops.has(op.name)) throw new FusegpuError('usage', `op '${op.name}' is registered twice`);
  ops.set(op.name, op);
}

export function getOp(name: string): AnyOp {
  const op = ops.get(name);
  if (!op) fail('bad-spec', `unknown op '${name}' (known: ${[...ops.keys()].sort().join(', ')})`);
  return op;
}

export function allOps(): AnyOp[] {
  return [...ops.values()];
}

for (const op of [sepConv, pyrDown, pyrDownLuma, pyrDownPair, pyrDownPairLuma, pyrUp, laplacianBand, pyrUpAdd, fuse, laplacianFuse, laplacianFuseUp, laplacianFuseUpRgb, rgbToYcrcb, ycrcbToRgb, laplacianBuild, laplacianCollapse, laplacianFusion, laplacianFusionRgb,
  conv2d, convTranspose2d, activation, binary, affine, concat, resizeBilinear, boxFilter, laplacianFilter, windowFilterPair, unrolledStep, featureFuse, featureDecode, auifNet, fft2Op,
  dwt2, dwt2Fuse, idwt2, swt2Step, swt2Fuse, iswt2Step, wavedec2, waverec2, swt2, iswt2, dwtFusion, swtFusion,
  blockDct, dctFuse, dctFusion, bilateralFilter, cbfFuse, cbfFusion, guidedFilter,
  laplacianAbs, oneHotMax, gffCombine, gffFusion,
  atrousStep, shearletBands, sliceChannels, accumulateChannels, nsstDecompose, nsstReconstruct, nsstFusion,
  filter2d, sobel, histogram256, jointHistogram256, channelSums, quantiseLevels, gradientMaps, ssimProducts, ssimMap, qabfTerms,
  chenSpectra, qcbTerms, qcvBlocks, vifRows, vifWindows, subsample2, nabfTerms, fmiMap]) {
  registerOp(op);
}
