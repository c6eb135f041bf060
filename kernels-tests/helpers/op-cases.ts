import { tensor, type Tensor } from '../../src/core/tensor.js';

export interface OpCase {
  label: string;
  inputs: Record<string, Tensor>;
  params?: Record<string, unknown>;
}

type Rand = () => number;
const fill = (c: number, h: number, w: number, r: Rand, lo = -1, hi = 1) => {
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = lo + (hi - lo) * r();
  return t;
};
const half = (n: number) => Math.ceil(n / 2);

/**
 * Sample inputs for every kernel op, by name. The cross-check test fails for a registered
 * kernel op that has no entry here, so a new op cannot go untested.
 */
export const OP_CASES: Record<string, (h: number, w: number, r: Rand) => OpCase[]> = {
  sepConv: (h, w, r) => [
    { label: 'gaussian 5x5 reflect101', inputs: { x: fill(2, h, w, r) } },
    { label: 'gaussian sigma 2 (17 taps) replicate', inputs: { x: fill(1, h, w, r) }, params: { ksizeX: 0, sigmaX: 2, border: 'replicate' } },
    { label: 'gaussian 9x5 sigma 2/1 constant', inputs: { x: fill(1, h, w, r) }, params: { ksizeX: 9, ksizeY: 5, sigmaX: 2, sigmaY: 1, border: 'constant' } },
    { label: 'binomial 7 wrap', inputs: { x: fill(1, h, w, r) }, params: { kernel: 'binomial', ksizeX: 7, border: 'wrap' } },
    { label: 'binomial 3 reflect', inputs: { x: fill(3, h, w, r) }, params: { kernel: 'binomial', ksizeX: 3, border: 'reflect' } },
  ],
  pyrDown: (h, w, r) => [{ label: '2 channels', inputs: { x: fill(2, h, w, r) } }],
  pyrUp: (h, w, r) => [
    { label: 'default 2x', inputs: { x: fill(2, h, w, r) } },
    { label: 'odd target 2H-1 x 2W+1', inputs: { x: fill(1, h, w, r) }, params: { height: Math.max(1, 2 * h - 1), width: 2 * w + 1 } },
  ],
  laplacianBand: (h, w, r) => [{ label: 'pyrDown-sized coarse', inputs: { fine: fill(2, h, w, r), coarse: fill(2, half(h), half(w), r) } }],
  pyrUpAdd: (h, w, r) => [{ label: 'pyrDown-sized coarse', inputs: { band: fill(1, h, w, r), coarse: fill(1, half(h), half(w), r) } }],
  fuse: (h, w, r) =>
    (['mean', 'maxAbs', 'weighted', 'activityMax', 'activityWeighted'] as const).map((rule) => ({
      label: rule,
      inputs: { a: fill(2, h, w, r), b: fill(2, h, w, r) },
      params: { rule, weight: 0.3, radius: rule.startsWith('activity') ? 2 : 1 },
    })),
  laplacianFuse: (h, w, r) =>
    (['maxAbs', 'mean', 'activityMax', 'activityWeighted'] as const).map((rule) => ({
      label: rule,
      inputs: { a: fill(1, h, w, r), aCoarse: fill(1, half(h), half(w), r), b: fill(1, h, w, r), bCoarse: fill(1, half(h), half(w), r) },
      params: { rule },
    })),
  rgbToYcrcb: (h, w, r) => [{ label: 'rgb in [0,1]', inputs: { x: fill(3, h, w, r, 0, 1) } }],
  ycrcbToRgb: (h, w, r) => [{ label: 'luma + chroma', inputs: { luma: fill(1, h, w, r, 0, 1), chroma: fill(2, h, w, r, 0, 1) } }],
};

/** Sizes from the test plan: single pixel, single row and column, odd, and the benchmark size. */
export const SIZES: [number, number][] = [
  [1, 1],
  [1, 37],
  [29, 1],
  [61, 47],
  [640, 512],
];
