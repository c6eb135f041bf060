// PyWavelets' own outputs (../shared/fixtures/pywt): wavedec2/waverec2, dwt2/idwt2 and
// swt2/iswt2 for haar, db2, db4, sym4, coif1, bior2.2 and bior4.4 in every mode, odd sizes
// included, reproduced by the CPU references and by the kernels on every software adapter,
// within the tolerance each case states (pywt ran in float64 on 0..255 data; float32
// accumulation of up to L^2 = 100 terms of |x| <= 255 stays far inside abs 2e-3 + rel 1e-5).
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, announceMissingShared, loadManifest, loadTensor } from './helpers/shared.js';
import { mismatch } from './helpers/compare.js';
import { engineFor, gpuAdapters } from './helpers/gpu.js';
import { Fusegpu } from '../src/engine.js';
import { stackChannels, type Tensor } from '../src/core/tensor.js';
import { getWavelet } from '../src/wavelets/wavelet.js';
import type { PipelineSpec } from '../src/pipeline/spec.js';

announceMissingShared('PyWavelets oracle tests');
const adapters = HAVE_SHARED ? await gpuAdapters() : [];
const fixtures = HAVE_SHARED ? loadManifest('pywt') : { path: '', cases: [] };
const load = (r: any) => loadTensor(fixtures.path, r);

interface Job { spec: PipelineSpec; inputs: Record<string, Tensor>; expected: Record<string, Tensor> }

/** pywt's per-level (cH, cV, cD) as our band-major details tensor. */
const bands = (refs: any, k: number | '') => stackChannels([load(refs[`cH${k}`]), load(refs[`cV${k}`]), load(refs[`cD${k}`])]);

function job(c: any): Job | undefined {
  const p = c.params;
  const w = { wavelet: p.wavelet };
  const levels = Object.keys(c.outputs).concat(Object.keys(c.inputs)).filter((k) => /^cH\d+$/.test(k)).length;
  switch (c.op) {
    case 'pywt.dwt2':
      return {
        spec: { inputs: ['x'], nodes: [{ id: 'n', op: 'dwt2', inputs: { x: 'x' }, params: { ...w, mode: p.mode } }], outputs: { a: 'n.a', details: 'n.details' } },
        inputs: { x: load(c.inputs.x) },
        expected: { a: load(c.outputs.cA), details: bands(c.outputs, '') },
      };
    case 'pywt.idwt2':
      return {
        spec: { inputs: ['a', 'details'], nodes: [{ id: 'n', op: 'idwt2', inputs: { a: 'a', details: 'details' }, params: { ...w, mode: p.mode } }], outputs: { y: 'n' } },
        inputs: { a: load(c.inputs.cA), details: bands(c.inputs, '') },
        expected: { y: load(c.outputs.y) },
      };
    case 'pywt.wavedec2':
    case 'pywt.swt2': {
      const swt = c.op === 'pywt.swt2';
      const outs: Record<string, string> = { a: 'n.a' };
      const expected: Record<string, Tensor> = { a: load(c.outputs[`cA${levels}`]) };
      for (let k = 1; k <= levels; k++) {
        outs[`d${k}`] = `n.d${k}`;
        // pywt numbers wavedec2 details by level from the finest (1); swt2's list is coarsest first, named by level too.
        expected[`d${k}`] = bands(c.outputs, k);
      }
      const params = swt ? { ...w, levels } : { ...w, mode: p.mode, levels };
      return { spec: { inputs: ['x'], nodes: [{ id: 'n', op: swt ? 'swt2' : 'wavedec2', inputs: { x: 'x' }, params }], outputs: outs }, inputs: { x: load(c.inputs.x) }, expected };
    }
    case 'pywt.waverec2':
    case 'pywt.iswt2': {
      const swt = c.op === 'pywt.iswt2';
      const names = ['a', ...Array.from({ length: levels }, (_, k) => `d${k + 1}`)];
      const inputs: Record<string, Tensor> = { a: load(c.inputs[`cA${levels}`]) };
      for (let k = 1; k <= levels; k++) inputs[`d${k}`] = bands(c.inputs, k);
      const params = swt ? { ...w, levels } : { ...w, mode: p.mode, levels };
      return {
        spec: { inputs: names, nodes: [{ id: 'n', op: swt ? 'iswt2' : 'waverec2', inputs: Object.fromEntries(names.map((k) => [k, k])), params }], outputs: { y: 'n' } },
        inputs,
        expected: { y: load(c.outputs.y) },
      };
    }
    default:
      return undefined;
  }
}

const runnable = fixtures.cases.filter((c) => job(c));
const cpuEngine = Fusegpu.cpu();

describe.each(HAVE_SHARED ? [['cpu'] as const, ...adapters.map((a) => [a] as const)] : [])('backend %s', (backend) => {
  it.each(runnable.map((c) => [c.name, c]))('%s', async (_n, c) => {
    const j = job(c)!;
    const engine = backend === 'cpu' ? cpuEngine : (await engineFor(backend))!;
    const r = await engine.run(j.spec, j.inputs, { backend: backend === 'cpu' ? 'cpu' : 'gpu' });
    for (const [k, want] of Object.entries(j.expected)) {
      expect(mismatch(r.outputs[k], want, { atol: c.tolerance.abs, rtol: c.tolerance.rel }), `${c.name} ${k}: ${c.call}`).toBe('');
    }
  });
});

describe.runIf(HAVE_SHARED)('pywt.Wavelet.filter_bank', () => {
  it.each(fixtures.cases.filter((c) => c.op === 'pywt.Wavelet.filter_bank').map((c) => [c.name, c]))('%s', (_n, c) => {
    const w = getWavelet(c.params.wavelet);
    const ours = { dec_lo: w.decLo, dec_hi: w.decHi, rec_lo: w.recLo, rec_hi: w.recHi };
    for (const [k, f] of Object.entries(ours)) {
      const want = load(c.outputs[k]).data;
      expect(f.length, `${c.name} ${k} length`).toBe(want.length);
      // the fixture holds the float64 filters rounded to float32: half an ulp of |f| <= 1
      f.forEach((v, i) => expect(Math.abs(v - want[i]), `${c.name} ${k}[${i}]`).toBeLessThanOrEqual(2 ** -24));
    }
  });
});

it.runIf(HAVE_SHARED)('covers every pywt case of the fixtures', () => {
  const ops = fixtures.cases.filter((c) => c.op !== 'pywt.Wavelet.filter_bank');
  expect(runnable.length).toBe(ops.length);
});
