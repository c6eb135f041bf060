// NSST: the directional windows partition the frequency plane (sum 1, even, in [0, 1]),
// decompose -> reconstruct is exact on every backend at odd and even sizes, two packed
// images decompose as each alone, an oriented pattern lands in its direction's band, and bad
// parameters fail before any GPU work.
import { describe, expect, it } from 'vitest';
import { Fusegpu } from '../src/engine.js';
import { tensor, type Tensor } from '../src/core/tensor.js';
import { shearletWindow } from '../src/reference/nsst.js';
import type { PipelineSpec } from '../src/pipeline/spec.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';

const adapters = await gpuAdapters();
const engines = async () => [Fusegpu.cpu(), ...(await Promise.all(adapters.map((a) => engineFor(a))))].filter((e): e is Fusegpu => !!e);
const random = (h: number, w: number, seed: number) => {
  const r = rng(seed);
  return tensor([1, h, w], Float32Array.from({ length: h * w }, () => r()));
};
const worst = (a: Tensor, b: Tensor) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i])), 0);

function roundTrip(scales: number, per: string): PipelineSpec {
  const outs = Array.from({ length: scales }, (_, j) => `s${j + 1}`);
  return {
    inputs: ['x'],
    nodes: [
      { id: 'd', op: 'nsstDecompose', inputs: { x: 'x' }, params: { scales, directionsPerScale: per } },
      { id: 'r', op: 'nsstReconstruct', inputs: { low: 'd.low', ...Object.fromEntries(outs.map((o) => [o, `d.${o}`])) }, params: { scales, directionsPerScale: per } },
    ],
    outputs: { y: 'r', ...Object.fromEntries(outs.map((o) => [o, `d.${o}`])) },
  };
}

describe('directional windows', () => {
  it.each([1, 2, 3, 4, 6, 8, 16, 32])('K = %i: sum to 1, even, within [0, 1]', (K) => {
    const delta = 1 / K;
    for (let i = -20; i <= 20; i++) {
      for (let j = -20; j <= 20; j++) {
        const [fx, fy] = [i / 41, j / 41];
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const w = shearletWindow(k, K, delta, fx, fy);
          expect(w).toBeGreaterThanOrEqual(0);
          expect(w).toBeLessThanOrEqual(1);
          expect(Math.abs(w - shearletWindow(k, K, delta, -fx, -fy))).toBeLessThan(1e-15);
          sum += w;
        }
        expect(Math.abs(sum - 1), `K ${K} at (${fx}, ${fy})`).toBeLessThan(1e-12);
      }
    }
  });
});

describe('decompose -> reconstruct', () => {
  it.each([[61, 47, 3, '8,4,2'], [64, 48, 2, '16,3'], [33, 80, 4, '1,2,5,8']] as const)('%i x %i, %i scales, directions %s (every backend)', async (h, w, scales, per) => {
    const x = random(h, w, h + w);
    for (const e of await engines()) {
      const r = await e.run(roundTrip(scales, per), { x }, { backend: e.gpu ? 'gpu' : 'cpu' });
      // the synthesis is a sum of float32 bands, each through two float32 FFTs of an image
      // with values <= 1: relative FFT error ~ 2 log2(N) 2^-24 of the image norm per band
      expect(worst(r.outputs.y, x), `${e.adapter?.name ?? 'cpu'}`).toBeLessThan(2e-5);
      const counts = per.split(',').map(Number);
      counts.forEach((k, j) => expect(r.outputs[`s${j + 1}`].shape[0]).toBe(k));
    }
  });
});

it('two images packed as one complex image decompose as each alone (cpu reference)', async () => {
  const a = random(40, 52, 1);
  const b = random(40, 52, 2);
  const e = Fusegpu.cpu();
  const alone = async (x: Tensor) => (await e.run(roundTrip(2, '4,4'), { x })).outputs.s1;
  const spec: PipelineSpec = {
    inputs: ['a', 'b'],
    nodes: [
      { id: 'pair', op: 'concat', inputs: { a: 'a', b: 'b' } },
      { id: 'st', op: 'atrousStep', inputs: { x: 'pair' } },
      { id: 'f', op: 'fft2', inputs: { x: 'st.detail' } },
      { id: 'w', op: 'shearletBands', inputs: { z: 'f' }, params: { directions: 4, images: 2 } },
      { id: 'bands', op: 'fft2', inputs: { x: 'w' }, params: { inverse: true } },
    ],
    outputs: { y: 'bands' },
  };
  const both = (await e.run(spec, { a, b })).outputs.y;
  const n = 40 * 52;
  const [sa, sb] = [await alone(a), await alone(b)];
  expect(worst(tensor([4, 40, 52], both.data.slice(0, 4 * n)), sa)).toBeLessThan(1e-6);
  expect(worst(tensor([4, 40, 52], both.data.slice(4 * n)), sb)).toBeLessThan(1e-6);
});

it('an oriented pattern lands in the band of its direction (slope 1/4: the third of 8 bands)', async () => {
  const [h, w] = [64, 64];
  const x = tensor([1, h, w]);
  // frequency (fx, fy) = (8, 2) / 64: shear slope t = fy / fx = 0.25, the centre of band k = 2 of [-1 + k/2, -1 + (k+1)/2)
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) x.data[y * w + i] = 0.5 + 0.4 * Math.cos((2 * Math.PI * (8 * i + 2 * y)) / 64);
  const r = await Fusegpu.cpu().run(roundTrip(1, '8'), { x });
  const bands = r.outputs.s1;
  // the a trous split mirrors at the borders, which the periodic pattern does not: count the interior
  const energy = Array.from({ length: 8 }, (_, k) => {
    let e = 0;
    for (let y = 8; y < h - 8; y++) for (let i = 8; i < w - 8; i++) e += bands.data[k * h * w + y * w + i] ** 2;
    return e;
  });
  const total = energy.reduce((s, v) => s + v, 0);
  expect(energy[2] / total, energy.map((v) => (v / total).toFixed(3)).join(' ')).toBeGreaterThan(0.99);
});

describe('bad parameters fail before GPU work', () => {
  const e = Fusegpu.cpu();
  it('directionsPerScale that does not match scales', async () => {
    await expect(e.run(roundTrip(3, '8,4'), { x: random(20, 20, 1) })).rejects.toThrow(/directionsPerScale '8,4' must list 3 integers/);
  });
  it('a side the FFT cannot split (a prime above 2048)', async () => {
    await expect(e.fuse(random(8, 2053, 1), random(8, 2053, 2), { method: 'nsst' })).rejects.toThrow(/a side of 2053 is above 2048 .* not a product of two factors/);
  });
});
