// DWT, SWT and DCT fusion (see src/ops/wavelet-macros.ts and src/ops/block-dct.ts for the references): the macro fuses
// the sources' luma; colour visible images keep their chroma (src/methods/colour.ts).
import { dwtFusion, swtFusion } from '../ops/wavelet-macros.js';
import { dctFusion } from '../ops/block-dct.js';
import { cbfFusion } from '../ops/cbf.js';
import { gffFusion } from '../ops/gff.js';
import { nsstFusion } from '../ops/nsst.js';
import type { MacroDescriptor } from '../core/op.js';
import { lumaFusionPipeline } from './colour.js';
import type { FusionMethod } from './registry.js';

function lumaMethod(name: string, summary: string, macro: MacroDescriptor): FusionMethod {
  return {
    name,
    summary,
    params: macro.params,
    pipeline: (irC, visC, params) => lumaFusionPipeline(irC, visC, (a, b) => ({ id: 'fused', op: macro.name, inputs: { a, b }, params })),
  };
}

export const dwtMethod = lumaMethod('dwt', 'discrete wavelet fusion (pywt wavedec2 conventions): details by max-abs or windowed activity, approximation averaged', dwtFusion);
export const swtMethod = lumaMethod('swt', 'stationary wavelet fusion (pywt swt2 conventions, any image size): shift-invariant, same rules as dwt', swtFusion);
export const dctMethod = lumaMethod('dct', 'block-DCT fusion (Haghighat 2011): per 8x8 tile the source of larger variance, or coefficient-wise max-abs', dctFusion);
export const cbfMethod = lumaMethod('cbf', 'CBF (Shreyamsha Kumar 2015, the VIFB method): cross-bilateral details weighted by their windowed covariance', cbfFusion);
export const gffMethod = lumaMethod('gff', 'GFF (Li, Kang, Hu 2013, the VIFB method): guided-filter-refined saliency weights over a two-scale decomposition', gffFusion);
export const nsstMethod = lumaMethod('nsst', 'NSST fusion: a trous scales, shearing directional bands (Fourier domain), low band weighted, bands by max-abs or activity', nsstFusion);
