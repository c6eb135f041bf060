import type { GpuPass, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { BORDERS, borderId } from '../reference/border.js';
import { binomialKernel, gaussianKernel, gaussianKsize, sepConvRef } from '../reference/sep-conv.js';
import { flatGrid } from './shape-rules.js';

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

/** Outputs per invocation along the pass's axis (shaders/sep_conv.wgsl's run()). */
const OUT = 4;

/**
 * The runs of OUT outputs along a line of n samples that sep_conv.wgsl's fast entries leave (the
 * window of ksize taps, anchored at ksize / 2, leaves the line), over `lines` lines, as the
 * compact list its rowsBorder / colsBorder entries walk.
 */
function borderRuns(n: number, ksize: number, lines: number) {
  const runs = Math.ceil(n / OUT);
  const inside = (r: number) => OUT * r - (ksize >> 1) >= 0 && OUT * r - (ksize >> 1) + ksize + 3 <= n;
  let runLo = 0;
  while (runLo < runs && !inside(runLo)) runLo++;
  let runHi = runLo;
  while (runHi < runs && inside(runHi)) runHi++;
  const ringCount = lines * (runLo + runs - runHi);
  const { rowLen, grid } = flatGrid(ringCount);
  return { uniforms: { runLo, runHi, runs, ringRow: rowLen, ringCount }, grid };
}

export const sepConv: OpDescriptor = {
  kind: 'kernel',
  name: 'sepConv',
  summary: 'separable Gaussian or binomial filter (cv2.GaussianBlur / sepFilter2D semantics), rows then columns',
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
    // each invocation writes OUT outputs along the pass's axis (shaders/sep_conv.wgsl); runs
    // whose window leaves the line take a second pass over a compact list of them
    const base = { width: x[2], height: x[1], channels: x[0], border: borderId(str(p, 'border') as never) };
    const axis = (entry: 'rows' | 'cols', k: number[], n: number, lines: number, bindings: Record<string, string>, grid: [number, number, number]): GpuPass[] => {
      const ring = borderRuns(n, k.length, lines);
      const uniforms = { ...base, ksize: k.length, anchor: k.length >> 1, taps: taps(k), ...ring.uniforms };
      const constants = { KSIZE: k.length };
      const passes: GpuPass[] = [{ shader: 'sep_conv', entry, bindings, uniforms, constants, grid }];
      if (ring.uniforms.ringCount > 0) passes.push({ shader: 'sep_conv', entry: `${entry}Border`, bindings, uniforms, constants, grid: ring.grid });
      return passes;
    };
    return {
      temps: { rowsOut: x },
      passes: [
        ...axis('rows', kx, x[2], x[0] * x[1], { src: 'x', dst: 'rowsOut' }, [Math.ceil(x[2] / OUT), x[1], x[0]]),
        ...axis('cols', ky, x[1], x[0] * x[2], { src: 'rowsOut', dst: 'y' }, [x[2], Math.ceil(x[1] / OUT), x[0]]),
      ],
    };
  },
};
