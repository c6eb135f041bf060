// The FFT: the float64 reference against a direct DFT, and the fft2 kernel's round trip on
// every adapter (the GPU-vs-reference cross-check is in ops-gpu-vs-cpu.test.ts).
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/core/tensor.js';
import { fft, fft2 } from '../src/reference/fft.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';
import { fft2Op, fftLineRadices } from '../src/ops/fft.js';

describe('FFT (the metric references\' frequency-domain filters)', () => {
  it.each([1, 2, 5, 8, 12, 127, 254, 328])('matches a direct DFT and inverts, length %i', (n) => {
    const r = rng(n);
    const re = Float64Array.from({ length: n }, r);
    const im = Float64Array.from({ length: n }, r);
    const [dr, di] = [new Float64Array(n), new Float64Array(n)];
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * ((j * k) % n)) / n;
        dr[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        di[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
    }
    const [fr, fi] = [Float64Array.from(re), Float64Array.from(im)];
    fft(fr, fi);
    // float64 DFTs of n unit-size terms: errors ~ n * 1e-16 each way.
    for (let k = 0; k < n; k++) expect(Math.hypot(fr[k] - dr[k], fi[k] - di[k])).toBeLessThan(1e-12 * n);
    fft(fr, fi, true);
    for (let k = 0; k < n; k++) expect(Math.hypot(fr[k] - re[k], fi[k] - im[k])).toBeLessThan(1e-13 * n);
  });
  it('2-D transform of a 254x328 image inverts', () => {
    const r = rng(3);
    const re = Float64Array.from({ length: 254 * 328 }, r);
    const im = new Float64Array(254 * 328);
    const orig = Float64Array.from(re);
    fft2(re, im, 254, 328);
    fft2(re, im, 254, 328, true);
    expect(Math.max(...re.map((v, i) => Math.abs(v - orig[i])))).toBeLessThan(1e-12);
  });
});
it('2-D reference matches a direct 2-D DFT on 7x10', () => {
  const [h, w] = [7, 10];
  const r = rng(11);
  const re = Float64Array.from({ length: h * w }, r);
  const im = Float64Array.from({ length: h * w }, r);
  const [fr, fi] = [Float64Array.from(re), Float64Array.from(im)];
  fft2(fr, fi, h, w);
  for (let u = 0; u < h; u++) {
    for (let v = 0; v < w; v++) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = -2 * Math.PI * (u * y / h + v * x / w);
          sr += re[y * w + x] * Math.cos(a) - im[y * w + x] * Math.sin(a);
          si += re[y * w + x] * Math.sin(a) + im[y * w + x] * Math.cos(a);
        }
      }
      expect(Math.hypot(fr[u * w + v] - sr, fi[u * w + v] - si)).toBeLessThan(1e-12 * h * w);
    }
  }
});

const adapters = await gpuAdapters();
describe.each(adapters)('fft2 kernel on %s', (adapter) => {
  const spec = (p: Record<string, unknown>) => ({ inputs: ['x'], nodes: [{ id: 'f', op: 'fft2', inputs: { x: 'x' }, params: p }], outputs: { y: 'f' } });
  it.each([[1, 1], [13, 17], [254, 328], [480, 640]])('inverse(forward(x)) = x at %i x %i', async (h, w) => {
    const e = (await engineFor(adapter))!;
    const r = rng(h + w);
    const x = tensor([2, h, w]);
    x.data.forEach((_, i) => (x.data[i] = 2 * r() - 1));
    const f = (await e.run(spec({}), { x }, { backend: 'gpu' })).outputs.y;
    const back = (await e.run(spec({ inverse: true }), { x: f }, { backend: 'gpu' })).outputs.y;
    // Norm-wise FFT error analysis: each transform errs by at most (sum of radices) x u
    // relative to the 2-norm, so the round trip stays within twice that, u = 2^-24.
    const radixSum = [...fftLineRadices(h), ...fftLineRadices(w)].reduce((a, b) => a + b, 0) + 4;
    let err = 0;
    let norm = 0;
    back.data.forEach((v, i) => {
      err += (v - x.data[i]) ** 2;
      norm += x.data[i] ** 2;
    });
    expect(Math.sqrt(err / norm)).toBeLessThanOrEqual(2 * radixSum * 2 ** -24);
  });
  // Sides above 2048 take the four-step split (two passes per axis): rows of 4100 = 1025 x 4
  // (radix 5, 5 and a direct 41) and columns of 4096 = 2048 x 2, forward and inverse, against
  // the float64 reference within the op's own derived bound. Large primes (direct stages of
  // 257 and 2039 terms) too: llvmpipe's loop limiter once cut them short, silently. 1080 =
  // 6 6 6 5 and 12 = 6 2 check the radix-6 butterfly (inverse).
  // Both sides split (four passes through the two temps) was checked by hand at 2049 x 2050
  // (8.5e-3 against a bound of 0.48); as a test it would take 15-25 s of the suite.
  it.each<[number, number, boolean]>([[3, 4100, false], [4096, 2, true], [2, 257, false], [2039, 2, true], [12, 1080, true]])('a split side or large prime matches the reference: %i x %i, inverse %s', async (h, w, inverse) => {
    const e = (await engineFor(adapter))!;
    const r = rng(h * w);
    const x = tensor([2, h, w]);
    x.data.forEach((_, i) => (x.data[i] = 2 * r() - 1));
    const s = spec({ inverse });
    const [gpu, cpu] = await Promise.all([e.run(s, { x }, { backend: 'gpu' }), e.run(s, { x }, { backend: 'cpu' })]);
    const { atol } = fft2Op.accuracy!({ inverse }, { x: x.shape });
    let err = 0;
    gpu.outputs.y.data.forEach((v, i) => (err = Math.max(err, Math.abs(v - cpu.outputs.y.data[i]))));
    expect(err).toBeLessThanOrEqual(atol);
  });
  it('refuses a side with a prime factor above 2048 before any GPU work', async () => {
    const e = (await engineFor(adapter))!;
    await expect(e.run(spec({ realInput: true }), { x: tensor([1, 4, 2053]) }, { backend: 'gpu' })).rejects.toThrow(/fft2: 2053x4: a side of 2053 is above 2048 .* not a product of two factors of at most 2048/);
  });
});
