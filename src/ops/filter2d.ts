import type { GpuPass, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { fmtShape, tensor, type Shape, type Tensor } from '../core/tensor.js';
import { BORDERS, borderId, type Border } from '../reference/border.js';
import { derivKernel, filter2dRef } from '../reference/filter2d.js';
import { pixelGrid } from './shape-rules.js';

const MAX_K = 31;
const BORDER = { name: 'border', type: 'enum' as const, values: BORDERS, default: 'reflect101', doc: "OpenCV border names (scipy.ndimage: mirror = reflect101, reflect = reflect, nearest = replicate, wrap, constant)" };
const VALUE = { name: 'value', type: 'number' as const, default: 0, doc: "the value outside the image for border 'constant' (scipy's cval)" };

function anchors(k: Shape, p: Params): [number, number] {
  const ax = num(p, 'anchorX') < 0 ? Math.floor(k[2] / 2) : num(p, 'anchorX');
  const ay = num(p, 'anchorY') < 0 ? Math.floor(k[1] / 2) : num(p, 'anchorY');
  if (ax >= k[2] || ay >= k[1]) fail('bad-param', `filter2d: anchor (${ax}, ${ay}) is outside the ${k[2]}x${k[1]} kernel`);
  return [ax, ay];
}

const TAP_FLOATS = 964;

/** The pass; with `taps` the kernel comes from the uniforms (fixedKernel) instead of the 'kernel' input. */
function pass(x: Shape, k: Shape, p: Params, ax: number, ay: number, delta: number, taps?: Float32Array): GpuPass {
  const t = taps ? [...taps, ...new Array(TAP_FLOATS - taps.length).fill(0)] : new Array(TAP_FLOATS).fill(0);
  return {
    shader: 'filter2d', entry: taps ? 'fixedKernel' : 'main', bindings: taps ? { src: 'x', dst: 'y' } : { src: 'x', kernel: 'kernel', dst: 'y' },
    uniforms: { width: x[2], height: x[1], channels: x[0], border: borderId(str(p, 'border') as Border), anchorX: ax, anchorY: ay, value: num(p, 'value') ?? 0, delta, taps: t },
    constants: { KH: k[1], KW: k[2] }, grid: pixelGrid(x),
  };
}

/** Float32 sum of the taps' products: one rounding per term of the running sum (|sum| <= sum |k| max|x|). */
const accuracy = (k: Tensor | Shape, mass: number) => {
  const taps = Array.isArray(k) ? (k as Shape)[1] * (k as Shape)[2] : (k as Tensor).data.length;
  return { atol: (taps + 2) * mass * 2 ** -24, rtol: 0, why: `${taps} float32 products and sums, kernel mass ${mass}` };
};

export const filter2d: OpDescriptor = {
  kind: 'kernel',
  name: 'filter2d',
  summary: 'correlation with any kernel up to 31x31 (cv2.filter2D; scipy.ndimage.correlate; convolve = the flipped kernel, anchor size//2 - 1 on even axes), anchor, border rule and constant value, plus delta',
  inputs: [
    { name: 'x', doc: 'image, any channels' },
    { name: 'kernel', doc: 'kernel [1, kh, kw], row-major' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'anchorX', type: 'int', default: -1, min: -1, max: MAX_K - 1, doc: 'kernel column on the output pixel; -1 = kw / 2 (OpenCV)' },
    { name: 'anchorY', type: 'int', default: -1, min: -1, max: MAX_K - 1, doc: 'kernel row on the output pixel; -1 = kh / 2' },
    BORDER,
    VALUE,
    { name: 'delta', type: 'number', default: 0, doc: 'added to every output' },
  ],
  shapes: ({ x, kernel }, p) => {
    if (kernel[0] !== 1 || kernel[1] > MAX_K || kernel[2] > MAX_K) fail('shape', `filter2d: 'kernel' must be [1, kh, kw] with sides up to ${MAX_K}, got ${fmtShape(kernel)}`);
    anchors(kernel, p);
    return { y: x };
  },
  reference: ({ x, kernel }, p) => {
    const [ax, ay] = anchors(kernel.shape, p);
    return { y: filter2dRef(x, kernel, ax, ay, borderId(str(p, 'border') as Border), num(p, 'value'), num(p, 'delta')) };
  },
  gpu: ({ x, kernel }, _o, p) => {
    const [ax, ay] = anchors(kernel, p);
    return { passes: [pass(x, kernel, p, ax, ay, num(p, 'delta'))] };
  },
  // Sample kernels hold values in [-1, 1]: mass <= taps; inputs in [-1, 1] (|value| <= 1 too).
  accuracy: (_p, s) => accuracy(s.kernel, s.kernel[1] * s.kernel[2]),
};

/** cv2.Sobel's kernel: outer product of the derivative kernels, times scale. */
export function sobelKernel(p: Params): Tensor {
  const kx = derivKernel(num(p, 'dx'), num(p, 'ksize'));
  const ky = derivKernel(num(p, 'dy'), num(p, 'ksize'));
  const k = tensor([1, ky.length, kx.length]);
  ky.forEach((a, i) => kx.forEach((b, j) => (k.data[i * kx.length + j] = a * b * num(p, 'scale'))));
  return k;
}

export const sobel: OpDescriptor = {
  kind: 'kernel',
  name: 'sobel',
  summary: 'cv2.Sobel on float32: derivative orders dx, dy, ksize 1/3/5/7 (1: [-1 0 1] without smoothing) or -1 (Scharr), scale, delta, border; correlation (a rightward ramp gives dx > 0)',
  inputs: [{ name: 'x', doc: 'image, any channels' }],
  outputs: () => ['y'],
  params: [
    { name: 'dx', type: 'int', default: 1, min: 0, max: 6, doc: 'derivative order along x' },
    { name: 'dy', type: 'int', default: 0, min: 0, max: 6, doc: 'derivative order along y' },
    { name: 'ksize', type: 'int', default: 3, min: -1, max: 31, doc: 'aperture: 1, 3, 5, ..., or -1 for Scharr' },
    { name: 'scale', type: 'number', default: 1, doc: 'factor on the derivative' },
    { name: 'delta', type: 'number', default: 0, doc: 'added to every output' },
    { ...BORDER, values: BORDERS.filter((b) => b !== 'wrap') },
  ],
  shapes: ({ x }, p) => {
    const k = num(p, 'ksize');
    if (k === 0 || (k > 0 && k % 2 === 0)) fail('bad-param', `sobel: ksize must be -1 (Scharr) or odd, got ${k}`);
    if (num(p, 'dx') + num(p, 'dy') === 0) fail('bad-param', 'sobel: dx and dy cannot both be 0');
    if (k === -1 && num(p, 'dx') + num(p, 'dy') !== 1) fail('bad-param', 'sobel: Scharr (ksize -1) takes dx + dy = 1');
    sobelKernel(p);
    return { y: x };
  },
  reference: ({ x }, p) => {
    const k = sobelKernel(p);
    return { y: filter2dRef(x, k, Math.floor(k.shape[2] / 2), Math.floor(k.shape[1] / 2), borderId(str(p, 'border') as Border), 0, num(p, 'delta')) };
  },
  gpu: ({ x }, _o, p) => {
    const k = sobelKernel(p);
    return { passes: [pass(x, k.shape, { ...p, value: 0 }, Math.floor(k.shape[2] / 2), Math.floor(k.shape[1] / 2), num(p, 'delta'), k.data)] };
  },
  accuracy: (p) => {
    const k = sobelKernel(p);
    return accuracy(k, k.data.reduce((s, v) => s + Math.abs(v), 0));
  },
};
