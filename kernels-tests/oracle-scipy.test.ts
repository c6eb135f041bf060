// SciPy's dctn / idctn and ndimage correlate / convolve; (type II, norm='ortho'), on one 8x8 block and tile by tile over
// images (../shared/fixtures/skimage_scipy), reproduced by blockDct on the CPU reference
// and every software adapter within each case's tolerance (abs 1e-3..2e-3 + rel 1e-6 on
// 0..255 data; float32 sums of 64 terms of |x| <= 255 with float32 bases stay below 1e-3).
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, announceMissingShared, loadManifest, loadTensor } from './helpers/shared.js';
import { mismatch } from './helpers/compare.js';
import { engineFor, gpuAdapters } from './helpers/gpu.js';
import { Fusegpu } from '../src/engine.js';

announceMissingShared('SciPy DCT oracle tests');
const adapters = HAVE_SHARED ? await gpuAdapters() : [];
const fixtures = HAVE_SHARED ? loadManifest('skimage_scipy') : { path: '', cases: [] };
const dct = fixtures.cases.filter((c) => /^scipy\.fft\.i?dctn/.test(c.op));

describe.each(HAVE_SHARED ? ['cpu', ...adapters] : [])('backend %s', (backend) => {
  it.each(dct.map((c) => [c.name, c]))('%s', async (_n, c) => {
    const inverse = c.op.includes('idctn');
    const [inName, outName] = inverse ? ['X', 'x'] : ['x', 'X'];
    const engine = backend === 'cpu' ? Fusegpu.cpu() : (await engineFor(backend as never))!;
    const spec = { inputs: ['x'], nodes: [{ id: 'n', op: 'blockDct', inputs: { x: 'x' }, params: { block: 8, inverse } }], outputs: { y: 'n' } };
    const r = await engine.run(spec, { x: loadTensor(fixtures.path, c.inputs[inName]) }, { backend: backend === 'cpu' ? 'cpu' : 'gpu' });
    expect(mismatch(r.outputs.y, loadTensor(fixtures.path, c.outputs[outName]), { atol: c.tolerance.abs, rtol: c.tolerance.rel }), c.call).toBe('');
  });
});

it.runIf(HAVE_SHARED)('covers the DCT cases of the fixtures', () => expect(dct.length).toBeGreaterThanOrEqual(6));

// scipy.ndimage.correlate / convolve through filter2d: modes mirror = reflect101, reflect =
// reflect (edge repeated), nearest = replicate, wrap, constant with cval; correlate centres
// the kernel at size // 2, convolve flips it and centres it at size // 2 - 1 on even axes.
const MODES: Record<string, string> = { mirror: 'reflect101', reflect: 'reflect', nearest: 'replicate', wrap: 'wrap', constant: 'constant' };
const ndimage = fixtures.cases.filter((c) => c.op.startsWith('scipy.ndimage.'));

describe.each(HAVE_SHARED ? ['cpu', ...adapters] : [])('ndimage on %s', (backend) => {
  it.each(ndimage.map((c) => [c.name, c]))('%s', async (_n, c) => {
    const w = loadTensor(fixtures.path, c.inputs.weights);
    const [, kh, kw] = w.shape;
    const flip = c.op === 'scipy.ndimage.convolve';
    const kernel = flip ? { shape: w.shape, data: w.data.slice().reverse() } : w;
    const anchor = (n: number) => Math.floor(n / 2) - (flip && n % 2 === 0 ? 1 : 0);
    const engine = backend === 'cpu' ? Fusegpu.cpu() : (await engineFor(backend as never))!;
    const spec = { inputs: ['x', 'kernel'], nodes: [{ id: 'n', op: 'filter2d', inputs: { x: 'x', kernel: 'kernel' }, params: { anchorX: anchor(kw), anchorY: anchor(kh), border: MODES[c.params.mode], value: c.params.cval } }], outputs: { y: 'n' } };
    const r = await engine.run(spec, { x: loadTensor(fixtures.path, c.inputs.x), kernel }, { backend: backend === 'cpu' ? 'cpu' : 'gpu' });
    expect(mismatch(r.outputs.y, loadTensor(fixtures.path, c.outputs.y), { atol: c.tolerance.abs, rtol: c.tolerance.rel }), c.call).toBe('');
  });
});

it.runIf(HAVE_SHARED)('covers the ndimage cases of the fixtures', () => expect(ndimage.length).toBeGreaterThanOrEqual(9));
