// Every classical fusion method (laplacian, dwt, swt, dct, cbf, gff): the invariants any
// fusion rule must keep, on the cpu reference and on every software adapter, and GPU
// against CPU on a real pair; then CBF and GFF against the fused images the VIFB benchmark
// published for them (../shared/fixtures/vifb_metrics).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fusegpu } from '../src/engine.js';
import { allMethods } from '../src/methods/registry.js';
import { tensor, type Tensor } from '../src/core/tensor.js';
import { readImage } from '../src/node/io.js';
import { toYcrcbRef } from '../src/reference/ycrcb.js';
import { crop } from '../src/methods/tiling.js';
import { HAVE_SHARED, SHARED, announceMissingShared, loadManifest, loadTensor } from './helpers/shared.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';

const adapters = await gpuAdapters();
const METHODS = allMethods().filter((m) => !m.constants).map((m) => m.name);
const engines = async () => [Fusegpu.cpu(), ...(await Promise.all(adapters.map((a) => engineFor(a))))].filter((e): e is Fusegpu => !!e);
const worst = (a: Tensor, b: Tensor) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i])), 0);
const image = (seed: number, h = 45, w = 58) => {
  const r = rng(seed);
  const t = tensor([1, h, w]);
  // smooth structure plus texture, so every method's activity measures have something to see
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) t.data[y * w + x] = 0.5 + 0.3 * Math.sin(x / 5 + seed) * Math.cos(y / 7) + 0.1 * (r() - 0.5);
  return t;
};

it('the classical methods are all registered', () => {
  expect(METHODS).toEqual(expect.arrayContaining(['laplacian', 'dwt', 'swt', 'dct', 'cbf', 'gff']));
});

describe.each(METHODS)('%s', (method) => {
  it('fuse(A, A) = A and a constant pair gives the constant (every backend)', async () => {
    const a = image(1);
    const c = tensor([1, 37, 53], new Float32Array(37 * 53).fill(0.25));
    for (const e of await engines()) {
      const r = await e.fuse(a, a, { method });
      // Every method is a weighted mean of its sources (or of their transforms, inverted
      // exactly): equal sources give the source back up to float32 rounding of transform
      // values <= 1 (GFF's weights are normalised after 8-bit quantisation, so still sum to 1).
      expect(worst(r.fused, a), `${method} on ${r.backend}`).toBeLessThan(2e-5);
      const k = await e.fuse(c, c, { method });
      expect(worst(k.fused, c), `${method} constant on ${k.backend}`).toBeLessThan(2e-5);
      expect(k.fused.data.some(Number.isNaN)).toBe(false);
    }
  });
  it('the result stays within the sources (every backend)', async () => {
    const a = image(2);
    const b = image(3);
    for (const e of await engines()) {
      const r = await e.fuse(a, b, { method });
      expect(r.fused.shape).toEqual(a.shape);
      const lo = Math.min(...a.data, ...b.data);
      const hi = Math.max(...a.data, ...b.data);
      // Multiscale methods may overshoot at strong edges (a chosen detail on another's
      // approximation); bound the overshoot by the sources' full range.
      const span = hi - lo;
      for (const v of r.fused.data) {
        expect(v).toBeGreaterThan(lo - span);
        expect(v).toBeLessThan(hi + span);
      }
    }
  });
  it('a colour visible image keeps its chroma; shape and channels follow the visible image', async () => {
    const ir = image(4);
    const vis = tensor([3, 45, 58]);
    for (let c = 0; c < 3; c++) vis.data.set(image(5 + c).data, c * 45 * 58);
    const r = await Fusegpu.cpu().fuse(ir, vis, { method });
    expect(r.fused.shape).toEqual(vis.shape);
    const want = toYcrcbRef(vis, 0.5).chroma;
    const got = toYcrcbRef(r.fused, 0.5).chroma;
    // OpenCV's 3-decimal YCrCb coefficients make the round trip inexact by < 2e-3
    expect(worst(got, want)).toBeLessThan(2e-3);
  });
});

announceMissingShared('fusion methods on VIFB pairs');
const pairs = HAVE_SHARED ? readdirSync(join(SHARED, 'vifb/ir')).sort().slice(0, 1) : [];

// A 256 x 320 window of the pair's centre: real image content at a size where the float64
// references (NSST's CPU FFTs took 32 s of the suite on the whole pair) stay short.
const centre = (t: Tensor) => {
  const [y0, x0] = [Math.max(0, (t.shape[1] - 256) >> 1), Math.max(0, (t.shape[2] - 320) >> 1)];
  return crop(t, { y0, y1: Math.min(t.shape[1], y0 + 256), x0, x1: Math.min(t.shape[2], x0 + 320) });
};

describe.each(adapters)('%s: GPU against the CPU reference on VIFB pairs', (adapter) => {
  it.each(pairs.flatMap((p) => METHODS.map((m) => [p, m])))('%s %s: the 8-bit results within 1 level on 99.9% of pixels', async (pair, method) => {
    const e = (await engineFor(adapter))!;
    const ir = centre(readImage(join(SHARED, 'vifb/ir', pair)).tensor);
    const vis = centre(readImage(join(SHARED, 'vifb/vi', pair)).tensor);
    const g = await e.fuse(ir, vis, { method, backend: 'gpu' });
    const c = await e.fuse(ir, vis, { method, backend: 'cpu' });
    const level = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255);
    let beyond = 0;
    g.fused.data.forEach((v, i) => (beyond += Math.abs(level(v) - level(c.fused.data[i])) > 1 ? 1 : 0));
    // Choose rules (max-abs, block variance, one-hot saliency) flip where the two backends'
    // rounding splits a near tie, moving that pixel to the other source's value.
    expect(beyond / g.fused.data.length).toBeLessThanOrEqual(0.001);
  });
});

// VIFB's own fused images (../shared/fixtures/vifb_metrics), stored as JPEG: compression
// noise alone is about 1 grey level on average there (re-encoding them at quality 75-90 moves
// them by 0.6-1.6 on average), so these checks are loose, and the parameter perturbations
// show they still tell the published parameters apart.
const fixtures = HAVE_SHARED ? loadManifest('vifb_metrics') : { path: '', cases: [] };
const vifbCases = (method: string) => fixtures.cases.filter((c) => c.name.endsWith(`__${method}`));
const luma = (t: Tensor) => (t.shape[0] === 1 ? t : toYcrcbRef(t, 0.5).luma);
const scaled = (t: Tensor, f: number) => tensor(t.shape, t.data.map((v) => v * f));
const meanAbs = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe.runIf(HAVE_SHARED && adapters.length > 0)('VIFB published fused images', () => {
  const engine = async () => (await engineFor(adapters[0]))!;

  it("GFF: luma within 2 grey levels on average where VIFB's GFF.m saw both sources, closer than with r1 = 20", async () => {
    // VIFB's load_images writes a grey IR image into the visible image's green channel and
    // leaves the IR slot black, so its GFF results for grey-IR pairs are not GFF of the pair;
    // the pairs whose IR is stored as RGB were fused as the paper says.
    const cases = vifbCases('GFF').filter((c) => c.inputs.ir.shape[0] === 3);
    expect(cases.length).toBeGreaterThan(0);
    const e = await engine();
    for (const c of cases) {
      const a = scaled(luma(loadTensor(fixtures.path, c.inputs.ir)), 1 / 255);
      const b = scaled(luma(loadTensor(fixtures.path, c.inputs.vi)), 1 / 255);
      const want = scaled(luma(loadTensor(fixtures.path, c.inputs.fused)), 1 / 255).data;
      const run = async (params = {}) => (await e.run({ inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'gffFusion', inputs: { a: 'a', b: 'b' }, params }], outputs: { y: 'f' } }, { a, b }, { backend: 'gpu' })).outputs.y.data;
      const ours = meanAbs(await run(), want) * 255;
      const perturbed = meanAbs(await run({ r1: 20 }), want) * 255;
      expect(ours, c.name).toBeLessThan(2);
      expect(ours, c.name).toBeLessThan(perturbed);
    }
  });

  it("CBF: VIFB's per-channel CBF reproduced more closely with the published parameters than with any one of them changed", async () => {
    // CBF's weights are ratios of local detail energies: +-1 grey level of noise on 30% of
    // the input pixels moves its output by 1-4 levels on average (measured on these pairs), so
    // JPEG-decoded inputs and a JPEG-stored result cannot agree to a level; the published
    // parameters must still explain VIFB's images better than perturbed ones.
    const e = await engine();
    const variants: Record<string, Record<string, number>> = { published: {}, sigmaColor2x: { sigmaColor: 50 / 255 }, window7: { window: 7 }, sigmaSpace3: { sigmaSpace: 3 } };
    const total: Record<string, number> = Object.fromEntries(Object.keys(variants).map((k) => [k, 0]));
    // three of the five pairs keep the suite short; the other two agree alike (see the issue note)
    const cases = vifbCases('CBF').slice(0, 3);
    for (const c of cases) {
      const ir = loadTensor(fixtures.path, c.inputs.ir);
      const vi = loadTensor(fixtures.path, c.inputs.vi);
      const fused = loadTensor(fixtures.path, c.inputs.fused);
      const [, h, w] = vi.shape;
      const n = h * w;
      const plane = (t: Tensor, k: number) => tensor([1, h, w], t.data.slice(k * n, (k + 1) * n).map((v) => v / 255));
      for (const [name, params] of Object.entries(variants)) {
        // VIFB fuses each RGB channel of the visible image with the IR image (or its channel)
        for (let k = 0; k < 3; k++) {
          const inputs = { a: plane(ir, ir.shape[0] === 3 ? k : 0), b: plane(vi, k) };
          const y = (await e.run({ inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'cbfFusion', inputs: { a: 'a', b: 'b' }, params }], outputs: { y: 'f' } }, inputs, { backend: 'gpu' })).outputs.y;
          total[name] += meanAbs(y.data.map((v) => Math.min(255, Math.max(0, Math.round(v * 255)))), fused.data.subarray(k * n, (k + 1) * n)) / (3 * cases.length);
        }
      }
    }
    expect(total.published).toBeLessThan(5);
    for (const [name, v] of Object.entries(total)) if (name !== 'published') expect(total.published, `published ${total.published.toFixed(2)} vs ${name} ${v.toFixed(2)}`).toBeLessThan(v);
  });
});

describe('bad filter and method parameters fail before any GPU work, in one line', () => {
  const e = Fusegpu.cpu();
  const x = image(9);
  const one = (op: string, params: Record<string, unknown>, inputs: Record<string, string> = { x: 'x' }) =>
    e.run({ inputs: ['x'], nodes: [{ id: 'n', op, inputs, params }], outputs: { y: 'n' } }, { x });
  it.each([
    ['bilateralFilter', { d: 99 }, /d.*must be <= 63|radius .* above 31/],
    ['bilateralFilter', { d: 0, sigmaSpace: 30 }, /radius 45 .* above 31/],
    ['bilateralFilter', { sigmaColor: 0 }, /sigmaColor' must be > 0/],
    ['bilateralFilter', { sigmaSpace: -1 }, /sigmaSpace' must be > 0/],
    ['guidedFilter', { eps: 0 }, /eps' must be > 0/],
    ['blockDct', { block: 40 }, /block' must be <= 16/],
    ['sobel', { dx: 0, dy: 0 }, /dx and dy cannot both be 0/],
    ['sobel', { ksize: 4 }, /ksize must be -1 \(Scharr\) or odd/],
  ] as const)('%s %j', async (op, params, msg) => {
    const inputs: Record<string, string> = op === 'guidedFilter' ? { guide: 'x', x: 'x' } : { x: 'x' };
    const err = await one(op, params as Record<string, unknown>, inputs).then(() => undefined, (err: Error) => err);
    expect(err?.message).toMatch(msg);
    expect(err?.message).not.toContain('\n');
  });
});
