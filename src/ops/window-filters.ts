import type { GpuPass, GpuPlan, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { tensor, toChannelsLast, type Shape, type Tensor } from '../core/tensor.js';
import { BORDERS, borderId } from '../reference/border.js';
import { WINDOW_RUN, windowSumRef } from '../reference/nn.js';
import { borderGeneral } from './shape-rules.js';

const ksizeParam = (def: number) => ({ name: 'ksize', type: 'int' as const, default: def, min: 1, max: 255, doc: 'window size (odd)' });
const borderParam = { name: 'border', type: 'enum' as const, values: BORDERS, default: 'reflect101', doc: "border rule (OpenCV names; kornia/PyTorch 'reflect' is reflect101)" };

function checkK(op: string, p: Params): number {
  const k = num(p, 'ksize');
  if (k % 2 === 0) fail('bad-param', `${op}: ksize must be odd, got ${k}`);
  return k;
}

/**
 * The column pass of a window filter (window_filter.wgsl's boxCols or laplacianCols) from the
 * row sums `rows` of `orig` into `out`: on rows of whole vec4s its ...Quads form, four columns
 * per invocation. Every entry binds 'orig' (only the Laplacian entries read it): the shared
 * run loops reference it.
 */
export function windowColsPass(x: Shape, cols: 'boxCols' | 'laplacianCols', rows: string, orig: string, out: string, uniforms: Record<string, number>, constants: Record<string, number>): GpuPass {
  const [c, h, w] = x;
  if (w % 4 === 0) {
    const bindings = { src4: rows, orig4: orig, dst4: out };
    return { shader: 'window_filter', entry: `${cols}Quads`, bindings, uniforms, constants, grid: [w / 4, Math.ceil(h / WINDOW_RUN), c] };
  }
  return { shader: 'window_filter', entry: cols, bindings: { src: rows, orig, dst: out }, uniforms, constants, grid: [w, Math.ceil(h / WINDOW_RUN), c] };
}

/**
 * The row pass of a window filter (window_filter.wgsl's rowSum) from `src` into `dst`, window
 * k. On rows of whole vec4s the runs whose windows stay inside the row (run r: columns
 * 16 r - a - 1 .. 16 r + 15 + k - 1 - a, a = k >> 1) go to rowSumQuads and rowSum takes the
 * others. `uniforms` gets the split fields.
 */
export function windowRowPasses(x: Shape, k: number, src: string, dst: string, uniforms: Record<string, number>, constants: Record<string, number>): GpuPass[] {
  const [c, h, w] = x;
  const runs = Math.ceil(w / WINDOW_RUN);
  const a = k >> 1;
  const inside = (r: number) => WINDOW_RUN * r - a - 1 >= 0 && WINDOW_RUN * r + WINDOW_RUN + k - 2 - a <= w - 1;
  let lo = 0;
  while (lo < runs && !inside(lo)) lo++;
  let hi = lo;
  while (hi < runs && inside(hi)) hi++;
  const scalar = (u: Record<string, number>, n: number): GpuPass => ({ shader: 'window_filter', entry: 'rowSum', bindings: { src, orig: src, dst }, uniforms: u, constants, grid: [n, h, c] });
  if (w % 4 !== 0 || hi === lo) return [scalar({ ...uniforms, splitRuns: 0xffffffff, splitTo: 0 }, runs)];
  const u = { ...uniforms, splitRuns: lo, splitTo: hi };
  const passes: GpuPass[] = [{ shader: 'window_filter', entry: 'rowSumQuads', bindings: { src4: src, orig: src, dst4: dst }, uniforms: u, constants: { ...constants, KSIZE: k }, grid: [hi - lo, h, c] }];
  if (lo + runs - hi > 0) passes.push(scalar(u, lo + runs - hi));
  return passes;
}

function windowPasses(x: Shape, p: Params, cols: 'boxCols' | 'laplacianCols', colUniforms: Record<string, number>): GpuPlan {
  const base = { width: x[2], height: x[1], channels: x[0], border: borderId(str(p, 'border') as never), ksize: num(p, 'ksize'), scale: 0, centre: 0, tap2: 0, splitRuns: 0xffffffff, splitTo: 0 };
  const constants = { GENERAL: borderGeneral(num(p, 'ksize') >> 1, x[1], x[2]) };
  return {
    temps: { rows: x },
    passes: [
      ...windowRowPasses(x, num(p, 'ksize'), 'x', 'rows', base, constants),
      windowColsPass(x, cols, 'rows', 'x', 'y', { ...base, ...colUniforms }, constants),
    ],
  };
}

/**
 * The reference repeats the kernel's float32 sums in the same order, so only the final
 * scaling (and a backend's fma contraction of it) can differ: a few roundings of |y| <= scale k^2.
 */
const windowAccuracy = (k: number, scale: number) => ({
  atol: 4 * 2 ** -24 * Math.max(1, scale * k * k),
  rtol: 0,
  why: `identical float32 running sums in both; the scaling may be fused into an fma (|y| <= ${Math.max(1, scale * k * k)})`,
});

const boxScale = (p: Params) => num(p, 'scale') || 1 / (num(p, 'ksize') * num(p, 'ksize'));

export const boxFilter: OpDescriptor = {
  kind: 'kernel',
  name: 'boxFilter',
  summary: 'k x k box blur (cv2.blur / kornia BoxBlur): scale times the window sum, any border rule',
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: () => ['y'],
  params: [
    ksizeParam(3),
    borderParam,
    { name: 'scale', type: 'number', default: 0, doc: 'factor on the window sum; 0 = 1/k^2 (a mean); 1 = the plain sum; kornia BoxBlur uses its float32 tap' },
  ],
  shapes: ({ x }, p) => {
    checkK('boxFilter', p);
    return { y: x };
  },
  reference: ({ x }, p) => {
    const s = windowSumRef(x, num(p, 'ksize'), borderId(str(p, 'border') as never));
    const sc = Math.fround(boxScale(p));
    for (let i = 0; i < s.data.length; i++) s.data[i] *= sc;
    return { y: s };
  },
  gpu: ({ x }, _o, p) => windowPasses(x, p, 'boxCols', { scale: boxScale(p) }),
  accuracy: (p) => windowAccuracy(num(p, 'ksize'), boxScale(p)),
};

/** kornia get_laplacian_kernel2d(k): all ones, centre 1 - k^2; normalized divides by the L1 norm 2(k^2 - 1). */
export function laplacianTaps(k: number, normalized: boolean): { tap: number; centre: number } {
  const n = normalized ? 2 * (k * k - 1) : 1;
  return { tap: Math.fround(1 / n), centre: Math.fround((1 - k * k) / n) };
}

export const laplacianFilter: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianFilter',
  summary: 'kornia Laplacian(k): window sum minus centre, tap * (S - x) + centre * x, normalized by default',
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: () => ['y'],
  params: [ksizeParam(3), borderParam, { name: 'normalized', type: 'bool', default: true, doc: "kornia's normalized (divide the kernel by its L1 norm)" }],
  shapes: ({ x }, p) => {
    checkK('laplacianFilter', p);
    return { y: x };
  },
  reference: ({ x }, p) => {
    const k = num(p, 'ksize');
    const s = windowSumRef(x, k, borderId(str(p, 'border') as never));
    const { tap, centre } = laplacianTaps(k, p.normalized as boolean);
    const y: Tensor = tensor(x.shape);
    for (let i = 0; i < s.data.length; i++) y.data[i] = tap * Math.fround(s.data[i] - x.data[i]) + centre * x.data[i];
    return { y };
  },
  gpu: ({ x }, _o, p) => {
    const { tap, centre } = laplacianTaps(num(p, 'ksize'), p.normalized as boolean);
    return windowPasses(x, p, 'laplacianCols', { scale: tap, centre });
  },
  accuracy: (p) => {
    const k = num(p, 'ksize');
    const { tap } = laplacianTaps(k, p.normalized as boolean);
    return windowAccuracy(k, tap);
  },
};

/**
 * AUIF-Net's two pre-filters of every channel, written channels-last for the unrolled layers:
 * y[h][w] = [box(x_0..x_C-1), laplacian(x_0..x_C-1)] at each pixel. Columns are summed before
 * rows (window_pair.wgsl explains why), so its roundings differ from boxFilter's by the order.
 */
export const windowFilterPair: OpDescriptor = {
  kind: 'kernel',
  name: 'windowFilterPair',
  summary: "box blur and kornia Laplacian of every channel, two passes in all, channels-last: y[h][w] = [box(x), laplacian(x)] (AUIF-Net's two encoder inputs)",
  inputs: [{ name: 'x', doc: 'C channels [C, H, W]; y is channels-last [H, W, 2C]: the C boxes, then the C Laplacians' }],
  outputs: () => ['y'],
  params: [
    { name: 'boxSize', type: 'int', default: 11, min: 1, max: 255, doc: 'box window (odd)' },
    { name: 'scale', type: 'number', default: 0, doc: 'box factor on the window sum; 0 = 1/k^2' },
    { name: 'lapSize', type: 'int', default: 19, min: 1, max: 255, doc: 'Laplacian window (odd)' },
    { name: 'normalized', type: 'bool', default: true, doc: "kornia's normalized Laplacian" },
    borderParam,
  ],
  shapes: ({ x }, p) => {
    for (const k of [num(p, 'boxSize'), num(p, 'lapSize')]) if (k % 2 === 0) fail('bad-param', `windowFilterPair: window sizes must be odd, got ${k}`);
    return { y: [x[1], x[2], 2 * x[0]] as Shape };
  },
  reference: ({ x }, p) => {
    const border = borderId(str(p, 'border') as never);
    const box = windowSumRef(x, num(p, 'boxSize'), border, 'cols');
    const sc = Math.fround(num(p, 'scale') || 1 / num(p, 'boxSize') ** 2);
    for (let i = 0; i < box.data.length; i++) box.data[i] *= sc;
    const lap = windowSumRef(x, num(p, 'lapSize'), border, 'cols');
    const { tap, centre } = laplacianTaps(num(p, 'lapSize'), p.normalized as boolean);
    for (let i = 0; i < lap.data.length; i++) lap.data[i] = tap * Math.fround(lap.data[i] - x.data[i]) + centre * x.data[i];
    const planar = tensor([2 * x.shape[0], x.shape[1], x.shape[2]]);
    planar.data.set(box.data);
    planar.data.set(lap.data, box.data.length);
    return { y: toChannelsLast(planar) };
  },
  gpu: ({ x }, _o, p): GpuPlan => {
    const [c, h, w] = x;
    const { tap, centre } = laplacianTaps(num(p, 'lapSize'), p.normalized as boolean);
    const hp4 = Math.ceil(h / 4);
    const uniforms = { width: w, height: h, channels: c, border: borderId(str(p, 'border') as never), hp4, scale: num(p, 'scale') || 1 / num(p, 'boxSize') ** 2, centre, tap };
    const constants = { BOX_K: num(p, 'boxSize'), LAP_K: num(p, 'lapSize'), GENERAL: borderGeneral(Math.max(num(p, 'boxSize'), num(p, 'lapSize')) >> 1, h, w) };
    return {
      // The column sums, transposed: [2C planes, W columns, H rows rounded up to 4].
      temps: { t: [2 * c, w, 4 * hp4] as Shape },
      passes: [
        { shader: 'window_pair', entry: 'colSums', bindings: { x: 'x', t: 't' }, uniforms, constants: { ...constants, ALIGNED: w % 4 === 0 ? 1 : 0 }, grid: [Math.ceil(w / 4), Math.ceil(h / WINDOW_RUN), c] },
        // two sources (AUIF-Net's pair) on whole vec4 rows: a pixel's four outputs per invocation
        c === 2 && w % 4 === 0
          ? { shader: 'window_pair', entry: 'rowSumsQuad', bindings: { x: 'x', t: 't', y4: 'y' }, uniforms, constants, grid: [Math.ceil(w / WINDOW_RUN), hp4, 1] }
          : { shader: 'window_pair', entry: 'rowSums', bindings: { x: 'x', t: 't', y: 'y' }, uniforms, constants, grid: [Math.ceil(w / WINDOW_RUN), hp4, c] },
      ],
    };
  },
  accuracy: (p) => {
    const a = windowAccuracy(num(p, 'boxSize'), num(p, 'scale') || 1 / num(p, 'boxSize') ** 2);
    const b = windowAccuracy(num(p, 'lapSize'), laplacianTaps(num(p, 'lapSize'), p.normalized as boolean).tap);
    return a.atol >= b.atol ? a : b;
  },
};
