// Laplacian-pyramid fusion (Burt & Adelson, "The Laplacian pyramid as a compact image code",
// 1983; Burt & Kolczynski, "Enhanced image capture through fusion", ICCV 1993): build a
// Laplacian pyramid of each source, fuse the band-pass levels with a selection rule
// (max-abs by default) and the low-pass residual with an averaging rule, collapse.
// Pyramid levels follow OpenCV's pyrDown/pyrUp exactly (reflect-101, ceil sizes).
import { laplacianFusion } from '../ops/laplacian-macros.js';
import { lumaFusionPipeline } from './colour.js';
import type { FusionMethod } from './registry.js';

export const laplacianMethod: FusionMethod = {
  name: 'laplacian',
  summary: 'Laplacian-pyramid fusion; colour visible images are fused on luma with the visible chroma kept',
  params: laplacianFusion.params,
  pipeline: (irC, visC, params) =>
    lumaFusionPipeline(
      irC,
      visC,
      (a, b) => ({ id: 'fused', op: 'laplacianFusion', inputs: { a, b }, params }),
      (a, vis) => ({ id: 'fused', op: 'laplacianFusionRgb', inputs: { a, b: vis }, params }),
    ),
};
