import type { OpDescriptor } from '../core/op.js';
import { num } from '../core/params.js';
import { toRgbRef, toYcrcbRef } from '../reference/ycrcb.js';
import { flatGrid, requireChannels, requireSame } from './shape-rules.js';

/** One pass of shaders/ycrcb.wgsl: four pixels per invocation where a plane is a whole number of vec4s. */
function pass(entry: 'toYcrcb' | 'toRgb', h: number, w: number, delta: number, bindings: Record<string, string>) {
  const quads = (h * w) % 4 === 0;
  const { rowLen, grid } = flatGrid((h * w) / 4);
  return {
    passes: [
      {
        shader: 'ycrcb',
        entry: quads ? `${entry}Quads` : entry,
        bindings,
        uniforms: { width: w, height: h, delta, rowLen: quads ? rowLen : 0 },
        grid: quads ? grid : ([w, h, 1] as [number, number, number]),
      },
    ],
  };
}

export const DELTA_PARAM = { name: 'delta', type: 'number', default: 0.5, doc: 'chroma offset; OpenCV uses 0.5 for float data' } as const;

export const rgbToYcrcb: OpDescriptor = {
  kind: 'kernel',
  name: 'rgbToYcrcb',
  summary: 'cv2 RGB2YCrCb (float): 3-plane RGB to luma (1 plane) and chroma (Cr, Cb planes)',
  accuracy: () => ({ atol: 8 * 2 ** -24, rtol: 0, why: '3 products and 2-3 additions of values <= 2 (|x| <= 1, coefficients < 1.8), each rounding <= 2^-24 relative' }),
  inputs: [{ name: 'x', doc: 'RGB, 3 planes' }],
  outputs: () => ['luma', 'chroma'],
  params: [DELTA_PARAM],
  shapes: ({ x }) => {
    requireChannels('rgbToYcrcb', 'x', x, 3);
    return { luma: [1, x[1], x[2]], chroma: [2, x[1], x[2]] };
  },
  reference: ({ x }, p) => toYcrcbRef(x, num(p, 'delta')),
  gpu: ({ x }, _o, p) => pass('toYcrcb', x[1], x[2], num(p, 'delta'), { rgbIn: 'x', lumaOut: 'luma', chromaOut: 'chroma', rgbIn4: 'x', lumaOut4: 'luma', chromaOut4: 'chroma' }),
};

export const ycrcbToRgb: OpDescriptor = {
  kind: 'kernel',
  name: 'ycrcbToRgb',
  summary: 'cv2 YCrCb2RGB (float): luma (1 plane) and chroma (Cr, Cb) to RGB',
  accuracy: () => ({ atol: 8 * 2 ** -24, rtol: 0, why: '3 products and 2-3 additions of values <= 2 (|x| <= 1, coefficients < 1.8), each rounding <= 2^-24 relative' }),
  inputs: [
    { name: 'luma', doc: 'Y, 1 plane' },
    { name: 'chroma', doc: 'Cr and Cb, 2 planes' },
  ],
  outputs: () => ['y'],
  params: [DELTA_PARAM],
  shapes: ({ luma, chroma }) => {
    requireChannels('ycrcbToRgb', 'luma', luma, 1);
    requireChannels('ycrcbToRgb', 'chroma', chroma, 2);
    requireSame('ycrcbToRgb', ['luma', [1, luma[1], luma[2]]], ['chroma', [1, chroma[1], chroma[2]]]);
    return { y: [3, luma[1], luma[2]] };
  },
  reference: ({ luma, chroma }, p) => ({ y: toRgbRef(luma, chroma, num(p, 'delta')) }),
  gpu: ({ luma }, _o, p) => pass('toRgb', luma[1], luma[2], num(p, 'delta'), { lumaIn: 'luma', chromaIn: 'chroma', rgbOut: 'y', lumaIn4: 'luma', chromaIn4: 'chroma', rgbOut4: 'y' }),
};
