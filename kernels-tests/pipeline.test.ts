// The pipeline executor: validation before any work, one command buffer, pooled buffers,
// size limits, device loss, and the same spec on both backends.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/pipeline/spec.js';
import { Fusegpu } from '../src/engine.js';
import { FusegpuError } from '../src/core/errors.js';
import { tensor } from '../src/core/tensor.js';
import { findNodeAdapter } from '../src/node/gpu-provider.js';
import { describeOps } from '../src/ops/describe.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';

const adapters = await gpuAdapters();
const img = (c: number, h: number, w: number, seed = 1) => {
  const r = rng(seed);
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r();
  return t;
};
const lap = { inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'laplacianFusion', inputs: { a: 'a', b: 'b' }, params: { levels: 4 } }], outputs: { y: 'f' } };

function specError(spec: unknown): FusegpuError {
  try {
    compile(spec);
  } catch (e) {
    return e as FusegpuError;
  }
  throw new Error('compile accepted a bad spec');
}

describe('spec validation (before any work)', () => {
  it.each([
    ['unknown op', { inputs: ['x'], nodes: [{ id: 'n', op: 'blurr', inputs: { x: 'x' } }], outputs: { y: 'n' } }, /unknown op 'blurr'/],
    ['bad parameter value', { inputs: ['x'], nodes: [{ id: 'n', op: 'sepConv', inputs: { x: 'x' }, params: { border: 'mirror' } }], outputs: { y: 'n' } }, /node 'n'.*border.*must be one of/],
    ['unknown parameter', { inputs: ['x'], nodes: [{ id: 'n', op: 'pyrDown', inputs: { x: 'x' }, params: { size: 3 } }], outputs: { y: 'n' } }, /unknown parameter 'size'/],
    ['negative level count', { inputs: ['x'], nodes: [{ id: 'n', op: 'laplacianBuild', inputs: { x: 'x' }, params: { levels: 0 } }], outputs: { y: 'n.L0' } }, /levels.*>= 1/],
    ['dangling reference', { inputs: ['x'], nodes: [{ id: 'n', op: 'pyrDown', inputs: { x: 'z' } }], outputs: { y: 'n' } }, /refers to 'z'/],
    ['missing input port', { inputs: ['x'], nodes: [{ id: 'n', op: 'fuse', inputs: { a: 'x' } }], outputs: { y: 'n' } }, /missing input 'b'/],
    ['cycle', { inputs: ['x'], nodes: [{ id: 'p', op: 'pyrDown', inputs: { x: 'q' } }, { id: 'q', op: 'pyrUp', inputs: { x: 'p' } }], outputs: { y: 'q' } }, /cycle: p -> q -> p/],
    ['ambiguous output', { inputs: ['x'], nodes: [{ id: 'n', op: 'rgbToYcrcb', inputs: { x: 'x' } }], outputs: { y: 'n' } }, /several outputs/],
    ['no outputs', { inputs: ['x'], nodes: [], outputs: {} }, /at least one output/],
  ])('%s', (_n, spec, re) => {
    const e = specError(spec);
    expect(e).toBeInstanceOf(FusegpuError);
    expect(e.message).toMatch(re);
  });

  it('shape mismatch names the node and both shapes', async () => {
    const e = await Fusegpu.cpu().run(lap, { a: img(1, 20, 30), b: img(1, 20, 31) }).catch((x) => x);
    // level 1 is the first to differ (10x15 vs 10x16); the collapse from the top reaches it second
    expect(e.message).toMatch(/node 'f\/up1' \(laplacianFuseUp\).*1x10x15.*1x10x16/);
  });

  it.each([
    ['an even gaussian size', { ksizeX: 4 }, /sizes must be odd, got 4/],
    ['ksize 0 without sigma', { ksizeX: 0 }, /ksizeX 0 needs sigmaX > 0/],
  ])('sepConv refuses %s before running', async (_n, params, re) => {
    const g = compile({ inputs: ['x'], nodes: [{ id: 'n', op: 'sepConv', inputs: { x: 'x' }, params }], outputs: { y: 'n' } });
    await expect(Fusegpu.cpu().run(g, { x: img(1, 8, 8) })).rejects.toThrow(re);
  });

  it('macros expand into registered kernels only', () => {
    const g = compile(lap);
    expect(g.nodes.map((n) => n.op.name)).toEqual([
      ...Array(3).fill('pyrDown'), ...Array(3).fill('pyrDown'), 'fuse', ...Array(3).fill('laplacianFuseUp'),
    ]);
    // window-activity rules keep the bands: fused per level, then collapsed
    const act = compile({ ...lap, nodes: [{ ...lap.nodes[0], params: { ...lap.nodes[0].params, highRule: 'activityMax' } }] });
    expect(act.nodes.map((n) => n.op.name)).toEqual([
      ...Array(3).fill('pyrDown'), ...Array(3).fill('pyrDown'), ...Array(3).fill('laplacianFuse'), 'fuse', ...Array(3).fill('pyrUpAdd'),
    ]);
  });

  it('describeOps lists every op with parameters as JSON', () => {
    const d = JSON.parse(JSON.stringify(describeOps()));
    expect(d.map((o: { name: string }) => o.name)).toContain('laplacianFusion');
    expect(d.find((o: { name: string }) => o.name === 'sepConv').params.map((p: { name: string }) => p.name)).toContain('border');
  });
});

describe.each(adapters)('gpu executor on %s', (adapter) => {
  it('one command buffer, pooled buffers reused on the next run, same result as cpu', async () => {
    const e = (await engineFor(adapter))!;
    const ins = { a: img(1, 61, 47, 2), b: img(1, 61, 47, 3) };
    const first = await e.run(lap, ins, { backend: 'gpu' });
    const allocated = e.gpu!.pool.bytesAllocated;
    const second = await e.run(lap, ins, { backend: 'gpu' });
    expect(second.stats).toMatchObject({ commandBuffers: 1, dispatches: 10 });
    expect(e.gpu!.pool.bytesAllocated).toBe(allocated);
    expect(e.gpu!.pool.bytesInUse).toBe(0);
    // Same device, same input: bit-identical runs (determinism, RELIABILITY N8).
    expect(Array.from(second.outputs.y.data)).toEqual(Array.from(first.outputs.y.data));
    const cpu = await e.run(lap, ins, { backend: 'cpu' });
    let max = 0;
    cpu.outputs.y.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - second.outputs.y.data[i]))));
    // 4 levels of pyramid ops, each within 24 ulp of values <= 2: far below 1e-5.
    expect(max).toBeLessThan(1e-5);
    expect(e.gpu!.uncaptured).toEqual([]);
  });

  it('refuses a value larger than one storage binding allows, before any GPU work', async () => {
    const found = (await findNodeAdapter(adapter))!;
    const e = await Fusegpu.fromAdapter(found.adapter, { maxBindingBytes: 64 * 1024 });
    try {
      const err = await e.run(lap, { a: img(1, 200, 100), b: img(1, 200, 100) }, { backend: 'gpu' }).catch((x) => x);
      expect(err).toBeInstanceOf(FusegpuError);
      expect(err.code).toBe('too-large');
      expect(err.message).toMatch(/1x200x100 needs 80000 bytes.*allows 65536/);
      expect(e.gpu!.pool.created).toBe(0);
    } finally {
      e.dispose();
    }
  });

  it('device loss rejects the run with a clear error; a new engine works', async () => {
    const found = (await findNodeAdapter(adapter))!;
    const e = await Fusegpu.fromAdapter(found.adapter);
    const run = e.run(lap, { a: img(1, 64, 64), b: img(1, 64, 64) }, { backend: 'gpu' });
    e.gpu!.device.destroy();
    const err = await run.catch((x) => x);
    expect(err).toBeInstanceOf(FusegpuError);
    expect(err.code).toBe('device-lost');
    const again = await e.run(lap, { a: img(1, 8, 8), b: img(1, 8, 8) }, { backend: 'gpu' }).catch((x) => x);
    expect(again.code).toBe('device-lost');
    const fresh = await Fusegpu.fromAdapter((await findNodeAdapter(adapter))!.adapter);
    expect((await fresh.run(lap, { a: img(1, 8, 8), b: img(1, 8, 8) }, { backend: 'gpu' })).outputs.y.shape).toEqual([1, 8, 8]);
    fresh.dispose();
  });

  it('verify reports a per-node difference on both backends', async () => {
    const e = (await engineFor(adapter))!;
    const d = await e.verify(lap, { a: img(1, 33, 17), b: img(1, 33, 17) });
    expect(d).toHaveLength(10);
    for (const n of d) expect(n.maxAbs, n.node).toBeLessThan(1e-5);
  });
});

it('a CPU-only engine says why GPU calls fail', async () => {
  const e = Fusegpu.cpu('no adapter here');
  const err = await e.run(lap, { a: img(1, 4, 4), b: img(1, 4, 4) }, { backend: 'gpu' }).catch((x) => x);
  expect(err.code).toBe('no-adapter');
  expect(err.message).toMatch(/no adapter here.*backend 'cpu'/);
  expect((await e.run(lap, { a: img(1, 4, 4), b: img(1, 4, 4) })).backend).toBe('cpu');
});
