import type { GpuPass, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { BORDERS, borderId } from '../reference/border.js';
import { binomialKernel, gaussianKernel, gaussianKsize, sepConvRef } from '../reference/sep-conv.js';
import { borderGeneral } from './shape-rules.js';

/** The uniform holds 64 vec4 of taps (shaders/sep_conv.wgsl). */
export const MAX_TAPS = 256;

/** Taps along x and y, following cv2.GaussianBlur's rules for ksize 0 and sigmaY 0. */
export function sepConvTaps(p: Params): { kx: number[]; ky: number[] } {
  const sx = num(p, 'sigmaX');
  const sy = num(p, 'sigmaY') || sx;
  let kxs = num(p, 'ksizeX');
  let kys = num(p, 'ksizeY');
  if (str(p, 'kernel') === 'binomial') {
    if (kxs === 0) fail('bad-param', 'sepConv: the binomial kernel needs ksizeX >= 1');
    kys = kys || kxs;
    return { kx: binomialKernel(kxs), ky: binomialKernel(kys) };
  }
  if (kxs === 0) {
    if (sx <= 0) fail('bad-param', 'sepConv: gaussian with ksizeX 0 needs sigmaX > 0 (OpenCV derives the size from sigma)');
    kxs = gaussianKsize(sx);
  }
  if (kys === 0) kys = num(p, 'sigmaY') > 0 ? gaussianKsize(sy) : kxs;
  for (const k of [kxs, kys]) {
    if (k % 2 === 0) fail('bad-param', `sepConv: gaussian kernel sizes must be odd, got ${k}`);
    if (k > MAX_TAPS) fail('bad-param', `sepConv: kernel size ${k} exceeds the ${MAX_TAPS}-tap limit (sigma too large)`);
  }
  return { kx: gaussianKernel(kxs, sx), ky: gaussianKernel(kys, sy) };
}

function taps(k: number[]): number[] {
  const t = new Array(MAX_TAPS).fill(0);
  k.forEach((v, i) => (t[i] = v));
  return t;
}

export const sepConv: OpDescriptor = {
  kind: 'kernel',
  name: 'sepConv',
  summary: 'separable Gaussian or binomial filter (cv2.GaussianBlur / sepFilter2D semantics), columns then rows',
  accuracy: (p) => { const { kx, ky } = sepConvTaps(p); return { atol: 2 * (kx.length + ky.length) * 2 ** -24, rtol: 0, why: 'two passes of ksize multiply-adds, 2 roundings per tap of partial sums <= max|x| <= 1 (normalised positive taps), each <= 2^-24' }; },
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: () => ['y'],
  params: [
    { name: 'kernel', type: 'enum', values: ['gaussian', 'binomial'], default: 'gaussian', doc: 'tap family' },
    { name: 'ksizeX', type: 'int', default: 5, min: 0, max: MAX_TAPS, doc: 'taps along x; 0 = from sigmaX (gaussian)' },
    { name: 'ksizeY', type: 'int', default: 0, min: 0, max: MAX_TAPS, doc: 'taps along y; 0 = from sigmaY, else ksizeX' },
    { name: 'sigmaX', type: 'number', default: 0, min: 0, doc: 'gaussian sigma along x; 0 = OpenCV default for the size' },
    { name: 'sigmaY', type: 'number', default: 0, min: 0, doc: 'gaussian sigma along y; 0 = sigmaX' },
    { name: 'border', type: 'enum', values: BORDERS, default: 'reflect101', doc: 'border rule (OpenCV names)' },
  ],
  shapes: ({ x }, p) => {
    sepConvTaps(p); // validates the kernel before any work starts
    return { y: x };
  },
  reference: ({ x }, p) => {
    const { kx, ky } = sepConvTaps(p);
    return { y: sepConvRef(x, kx, ky, borderId(str(p, 'border') as never)) };
  },
  gpu: ({ x }, _o, p) => {
    const { kx, ky } = sepConvTaps(p);
    const [c, h, w] = x;
    // 4x4 blocks, vec4 loads across the axis: columns first into a transposed temp, then rows
    // (shaders/sep_conv.wgsl).
    const hp4 = Math.ceil(h / 4);
    const base = { width: w, height: h, channels: c, border: borderId(str(p, 'border') as never), hp4 };
    // Windows reach half a kernel past the image, plus the 3 rows (columns) of padding blocks.
    const half = Math.max(kx.length, ky.length) >> 1;
    const GENERAL = borderGeneral(half + 3, h, w);
    const aligned = w % 4 === 0 ? 1 : 0;
    const pass = (entry: 'cols' | 'rows', k: number[], bindings: Record<string, string>, src: number, dst: number): GpuPass => ({
      shader: 'sep_conv', entry, bindings,
      uniforms: { ...base, ksize: k.length, anchor: k.length >> 1, taps: taps(k) },
      constants: { KSIZE: k.length, SRC_ALIGNED: src, DST_ALIGNED: dst, GENERAL },
      grid: [Math.ceil(w / 4), hp4, c],
    });
    return {
      temps: { colSums: [c, w, 4 * hp4] },
      passes: [pass('cols', ky, { src: 'x', dst: 'colSums' }, aligned, 1), pass('rows', kx, { src: 'colSums', dst: 'y' }, 1, aligned)],
    };
  },
};
