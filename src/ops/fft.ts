import type { OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import type { Params } from '../core/params.js';
import { tensor, type Shape, type Tensor } from '../core/tensor.js';
import { fft2 } from '../reference/fft.js';

/** Longest row or column the kernel holds in workgroup memory (shaders/fft.wgsl MAXN). */
export const FFT_MAX_LENGTH = 2048;
/** Override constants R0..R7 in shaders/fft.wgsl: enough for every length up to 2048 (2 x 3^6 needs 7). */
const MAX_STAGES = 8;

/** Radices for a length: 8s first, then 4, 2, 3, 5 (butterflies), then any other prime factor (a direct stage). */
export function fftRadices(n: number): number[] {
  const out: number[] = [];
  let m = n;
  while (m % 8 === 0) { out.push(8); m /= 8; }
  while (m % 4 === 0) { out.push(4); m /= 4; }
  for (const p of [2, 3, 5]) while (m % p === 0) { out.push(p); m /= p; }
  for (let p = 7; m > 1; p += 2) {
    while (m % p === 0) { out.push(p); m /= p; }
    if (p * p > m && m > 1) { out.push(m); m = 1; }
  }
  return out;
}

/** exp(-2 pi i k / n), k < n, computed in float64, two complex values per vec4. */
function twiddles(n: number): number[] {
  const t = new Array(4096).fill(0);
  for (let k = 0; k < n; k++) {
    t[2 * k] = Math.cos((-2 * Math.PI * k) / n);
    t[2 * k + 1] = Math.sin((-2 * Math.PI * k) / n);
  }
  return t;
}

const flag = (p: Params, k: string) => (p[k] ? 1 : 0);

function check(x: Shape, p: Params): { images: number; out: Shape } {
  const [c, h, w] = x;
  if (h > FFT_MAX_LENGTH || w > FFT_MAX_LENGTH) fail('too-large', `fft2: ${w}x${h} has a side above ${FFT_MAX_LENGTH}, the longest line the kernel holds in workgroup memory`);
  for (const n of [h, w]) if (fftRadices(n).length > MAX_STAGES) fail('too-large', `fft2: length ${n} needs more than ${MAX_STAGES} stages`);
  if (!p.realInput && c % 2 !== 0) fail('shape', `fft2: a complex input holds (re, im) channel pairs; got ${c} channels (use realInput for real images)`);
  const images = p.realInput ? c : c / 2;
  return { images, out: [p.realOutput ? images : 2 * images, h, w] };
}

/** The reference: float64 transforms per image, the same conventions. */
function fft2Ref(x: Tensor, p: Params): Tensor {
  const [, h, w] = x.shape;
  const { images, out } = check(x.shape, p);
  const y = tensor(out);
  const n = h * w;
  for (let k = 0; k < images; k++) {
    const re = Float64Array.from(x.data.subarray((p.realInput ? k : 2 * k) * n, (p.realInput ? k + 1 : 2 * k + 1) * n));
    const im = p.realInput ? new Float64Array(n) : Float64Array.from(x.data.subarray((2 * k + 1) * n, (2 * k + 2) * n));
    fft2(re, im, h, w, !!p.inverse);
    y.data.set(re, (p.realOutput ? k : 2 * k) * n);
    if (!p.realOutput) y.data.set(im, (2 * k + 1) * n);
  }
  return y;
}

export const fft2Op: OpDescriptor = {
  kind: 'kernel',
  name: 'fft2',
  summary: '2-D discrete Fourier transform (numpy.fft.fft2 / ifft2 conventions) of any size up to 2048 per side; complex images are (re, im) channel pairs',
  inputs: [{ name: 'x', doc: 'complex images as channel pairs [2K, H, W], or real images [K, H, W] with realInput' }],
  outputs: () => ['y'],
  params: [
    { name: 'inverse', type: 'bool', default: false, doc: 'inverse transform, scaled by 1 / (H W)' },
    { name: 'realInput', type: 'bool', default: false, doc: 'every input channel is a real image (imaginary part 0)' },
    { name: 'realOutput', type: 'bool', default: false, doc: 'write the real part only (e.g. after filtering a real image in the frequency domain)' },
  ],
  shapes: ({ x }, p) => ({ y: check(x, p).out }),
  reference: ({ x }, p) => ({ y: fft2Ref(x, p) }),
  gpu: ({ x }, _o, p) => {
    const [, h, w] = x;
    const { images } = check(x, p);
    const axis = (lines: number, elemStride: number, lineStride: number, first: boolean) => ({
      lines, elemStride, lineStride, plane: h * w, images, inverse: flag(p, 'inverse'),
      realInput: first ? flag(p, 'realInput') : 0, realOutput: first ? 0 : flag(p, 'realOutput'), tw: twiddles(first ? w : h),
    });
    // The length and its radices specialise the pipeline (one per line length, cached).
    const constants = (n: number) => Object.fromEntries([['N', n], ...fftRadices(n).map((r, i) => [`R${i}`, r])]);
    // One workgroup per line of each image: grid z = lines x images, x and y one workgroup.
    return {
      temps: { rows: [2 * images, h, w] as Shape },
      passes: [
        { shader: 'fft', entry: 'main', bindings: { src: 'x', dst: 'rows' }, uniforms: axis(h, 1, w, true), constants: constants(w), grid: [1, 1, h * images] },
        { shader: 'fft', entry: 'main', bindings: { src: 'rows', dst: 'y' }, uniforms: axis(w, w, 1, false), constants: constants(h), grid: [1, 1, w * images] },
      ],
    };
  },
  // Each output is a sum over the stages of both axes: per stage r terms, each rounded with a
  // float32 twiddle (2^-24 relative); the error of an FFT grows with the sum of the radices
  // times the input's 2-norm (<= sqrt(2 H W) for entries in [-1, 1]); the inverse divides by H W.
  accuracy: (p, s) => {
    const [, h, w] = s.x;
    const stages = [...fftRadices(h), ...fftRadices(w)].reduce((a, b) => a + b, 0) + 4;
    const norm = Math.sqrt(2 * h * w);
    return { atol: 2 * stages * 2 ** -24 * norm / (p.inverse ? h * w : 1), rtol: 0, why: `float32 stages (radix sum ${stages - 4}) with float32 twiddles, relative to the input norm ${norm.toFixed(0)}${p.inverse ? ', scaled by 1/(HW)' : ''}` };
  },
};
