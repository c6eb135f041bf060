import type { GpuPass, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import type { Params } from '../core/params.js';
import { tensor, type Shape, type Tensor } from '../core/tensor.js';
import { fft2 } from '../reference/fft.js';

/** Longest row or column the kernel holds in workgroup memory (shaders/fft.wgsl MAXN). */
export const FFT_LINE_LENGTH = 2048;
/** The longest line fft_pair.wgsl transforms (two lines per workgroup in the same 32 KiB). */
const FFT_PAIR_LENGTH = 1024;
/** Override constants R0..R7 in shaders/fft.wgsl: enough for every length up to 2048 (2 x 3^6 needs 7). */
const MAX_STAGES = 8;

const BUTTERFLIES = [8, 6, 5, 4, 3, 2];
const ORDER = [8, 6, 4, 2, 3, 5];
const radixMemo = new Map<number, number[]>([[1, []]]);

/**
 * Radices for a length: the fewest stages from the butterflies (8, 6, 5, 4, 3, 2; e.g. 1080 =
 * 6 6 6 5 rather than 8 3 3 3 5), each other prime factor a direct stage; ordered 8, 6, 4, 2,
 * 3, 5, then the direct stages.
 */
export function fftRadices(n: number): number[] {
  const fewest = (m: number): number[] => {
    const known = radixMemo.get(m);
    if (known) return known;
    let best: number[] | undefined;
    for (const r of BUTTERFLIES) {
      if (m % r !== 0) continue;
      const rest = fewest(m / r);
      if (!best || rest.length + 1 < best.length) best = [r, ...rest];
    }
    if (!best) {
      let p = 7;
      while (m % p !== 0) p += 2;
      best = [p, ...fewest(m / p)];
    }
    radixMemo.set(m, best);
    return best;
  };
  const rank = (r: number) => (ORDER.includes(r) ? ORDER.indexOf(r) : ORDER.length + r);
  return [...fewest(n)].sort((a, b) => rank(a) - rank(b));
}

/**
 * How a line of length n is transformed: [n] in one pass, or [n1, n2] (n = n1 n2, both at most
 * FFT_LINE_LENGTH, n1 the largest such factor) in two; null when n has no such split (a prime
 * factor above FFT_LINE_LENGTH).
 */
export function fftSplit(n: number): number[] | null {
  if (n <= FFT_LINE_LENGTH) return [n];
  for (let n1 = FFT_LINE_LENGTH; n1 >= 2; n1--) if (n % n1 === 0) return n / n1 <= FFT_LINE_LENGTH ? [n1, n / n1] : null;
  return null;
}

/** The radices of every pass of a line (the error analysis sums them). */
export const fftLineRadices = (n: number) => (fftSplit(n) ?? [n]).flatMap(fftRadices);

/** exp(-2 pi i k step / n), k < 2048, computed in float64, two complex values per vec4. */
function twiddles(n: number, count = n, step = 1): number[] {
  const t = new Array(4096).fill(0);
  for (let k = 0; k < count; k++) {
    t[2 * k] = Math.cos((-2 * Math.PI * ((k * step) % n)) / n);
    t[2 * k + 1] = Math.sin((-2 * Math.PI * ((k * step) % n)) / n);
  }
  return t;
}
const NO_TWIDDLES = new Array(4096).fill(0);

/** One workgroup per (image, line, sub-line), over x and z so that no axis exceeds 65535 (shaders/fft.wgsl main). */
function spread(workgroups: number): [number, number, number] {
  const z = Math.ceil(workgroups / 65535);
  return [Math.ceil(workgroups / z), 1, z];
}

const flag = (p: Params, k: string) => (p[k] ? 1 : 0);

function check(x: Shape, p: Params): { images: number; out: Shape } {
  const [c, h, w] = x;
  for (const n of [h, w]) {
    const split = fftSplit(n);
    if (!split) fail('too-large', `fft2: ${w}x${h}: a side of ${n} is above ${FFT_LINE_LENGTH} (the longest line the kernel holds in workgroup memory) and is not a product of two factors of at most ${FFT_LINE_LENGTH}`);
    for (const m of split) if (fftRadices(m).length > MAX_STAGES) fail('too-large', `fft2: length ${m} needs more than ${MAX_STAGES} stages`);
  }
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
    // One axis: lines of length n, element e of line l at l lineStride + e elemStride.
    // Each pass is one dispatch, one workgroup per (image, line, sub-line).
    const passes: Omit<GpuPass, 'bindings'>[] = [];
    const axis = (n: number, lines: number, elemStride: number, lineStride: number) => {
      const common = { lines, lineStride, outLineStride: lineStride, plane: h * w, images, inverse: flag(p, 'inverse'), realInput: 0, realOutput: 0 };
      // Lines up to FFT_PAIR_LENGTH go two per workgroup (shaders/fft_pair.wgsl).
      const pass = (len: number, u: Record<string, number | number[]>, split: boolean, subs: number) => passes.push({
        shader: len <= FFT_PAIR_LENGTH ? 'fft_pair' : 'fft', entry: 'main',
        workgroups: spread(images * (len <= FFT_PAIR_LENGTH ? Math.ceil(lines / 2) : lines) * subs),
        uniforms: { ...common, subs, tw: twiddles(len), twLo: NO_TWIDDLES, twHi: NO_TWIDDLES, ...u },
        constants: { SPLIT: split ? 1 : 0, N: len, ...Object.fromEntries(fftRadices(len).map((r, i) => [`R${i}`, r])) },
      });
      const [n1, n2] = fftSplit(n)!;
      if (n2 === undefined) {
        pass(n, { elemStride, subStride: 0, outElemStride: elemStride, outSubStride: 0 }, false, 1);
        // an even width: the pair kernel's vec2 forms (columns adjacent, or row elements in pairs)
        if (n <= FFT_PAIR_LENGTH && w % 2 === 0) passes[passes.length - 1].entry = lineStride === 1 ? 'adjacentLines' : 'pairedElements';
        return;
      }
      // A: sub-line j2 < n2 holds elements j2 + n2 j1; B: sub-line k1 < n1 holds n2 k1 + j2 and
      // writes its output k2 to k1 + n1 k2, after the twiddle exp(-2 pi i j2 k1 / n).
      pass(n1, { elemStride: n2 * elemStride, subStride: elemStride, outElemStride: n2 * elemStride, outSubStride: elemStride }, false, n2);
      pass(n2, {
        elemStride, subStride: n2 * elemStride, outElemStride: n1 * elemStride, outSubStride: elemStride,
        twLo: twiddles(n, Math.min(n, 2048)), twHi: twiddles(n, Math.ceil(n / 2048), 2048),
      }, true, n1);
    };
    axis(w, h, 1, w);
    axis(h, w, w, 1);
    passes[0].uniforms.realInput = flag(p, 'realInput');
    passes[passes.length - 1].uniforms.realOutput = flag(p, 'realOutput');
    // Ping-pong between two temps; the first pass reads x, the last writes y.
    const temps = ['rows', 'split'];
    return {
      temps: Object.fromEntries(temps.slice(0, Math.min(2, passes.length - 1)).map((t) => [t, [2 * images, h, w] as Shape])),
      passes: passes.map((ps, i): GpuPass => {
        const from = i === 0 ? 'x' : temps[(i - 1) % 2];
        const to = i === passes.length - 1 ? 'y' : temps[i % 2];
        const bindings: Record<string, string> = ps.entry === 'main' ? { src: from, dst: to } : { src2: from, dst2: to };
        return { ...ps, bindings };
      }),
    };
  },
  // Each output is a sum over the stages of both axes: per stage r terms, each rounded with a
  // float32 twiddle (2^-24 relative); the error of an FFT grows with the sum of the radices
  // times the input's 2-norm (<= sqrt(2 H W) for entries in [-1, 1]); the inverse divides by H W.
  accuracy: (p, s) => {
    const [, h, w] = s.x;
    // A split line adds a pre-multiplication by a product of two float32 twiddles (3 roundings).
    const splits = [h, w].filter((n) => n > FFT_LINE_LENGTH).length;
    const stages = [...fftLineRadices(h), ...fftLineRadices(w)].reduce((a, b) => a + b, 0) + 3 * splits + 4;
    const norm = Math.sqrt(2 * h * w);
    return { atol: 2 * stages * 2 ** -24 * norm / (p.inverse ? h * w : 1), rtol: 0, why: `float32 stages (radix sum plus split twiddles ${stages - 4}) with float32 twiddles, relative to the input norm ${norm.toFixed(0)}${p.inverse ? ', scaled by 1/(HW)' : ''}` };
  },
};
