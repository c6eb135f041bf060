// The pipeline executor: validation before any work, one command buffer, pooled buffers,
// size limits, device loss, and the same spec on both backends.
import { describe, expect, it } from 'vitest';
import { compile, type PipelineSpec } from '../src/pipeline/spec.js';
import { Fusegpu } from '../src/engine.js';
import { FusegpuError } from '../src/core/errors.js';
import { tensor } from '../src/core/tensor.js';
import { findNodeAdapter } from '../src/node/gpu-provider.js';
import { describeOps } from '../src/ops/describe.js';
import { join } from 'node:path';
import { readWeights } from '../src/node/io.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';
import { announceMissingShared, HAVE_SHARED, SHARED } from './helpers/shared.js';

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
    // the first node reads both sources (both pyramids are built as one)
    expect(e.message).toMatch(/node 'f\/g1' \(pyrDownPair\).*1x20x30.*1x20x31/);
  });

  it.each([
    ['a one-plane a without b', { a: [1, 8, 8], aCoarse: [2, 4, 4] }, /without 'b', 'a' holds both sources and must have 2 channels, got 1x8x8/],
    ['a one-plane aCoarse without bCoarse', { a: [1, 8, 8], b: [1, 8, 8], aCoarse: [1, 4, 4] }, /without 'bCoarse', 'aCoarse' holds both sources and must have 2 channels, got 1x4x4/],
    ['a top of another size', { a: [2, 8, 8], aCoarse: [2, 4, 4], top: [1, 4, 5] }, /'top' is 1x4x5/],
    ['a coarse level not half the fine one', { a: [2, 8, 8], aCoarse: [2, 3, 4] }, /not one pyramid level above/],
  ] as const)('laplacianFuseUp refuses %s before running', async (_n, shapes, re) => {
    const names = Object.keys(shapes);
    const g = compile({ inputs: names, nodes: [{ id: 'n', op: 'laplacianFuseUp', inputs: Object.fromEntries(names.map((k) => [k, k])) }], outputs: { y: 'n' } });
    const ins = Object.fromEntries(Object.entries(shapes).map(([k, [c, h, w]]) => [k, img(c, h, w)]));
    await expect(Fusegpu.cpu().run(g, ins)).rejects.toThrow(re);
  });

  it('pyrDownPairLuma refuses a one-plane b', async () => {
    const g = compile({ inputs: ['a', 'b'], nodes: [{ id: 'n', op: 'pyrDownPairLuma', inputs: { a: 'a', b: 'b' } }], outputs: { y: 'n' } });
    await expect(Fusegpu.cpu().run(g, { a: img(1, 8, 8), b: img(1, 8, 8) })).rejects.toThrow(/'b' must have 3 channel\(s\), got 1x8x8/);
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
    // pixel rules: both pyramids as one stacked tensor, the coarsest fuseUp making its top
    expect(g.nodes.map((n) => n.op.name)).toEqual(['pyrDownPair', 'pyrDown', 'pyrDown', ...Array(3).fill('laplacianFuseUp')]);
    expect(g.nodes.map((n) => Object.keys(n.inputs).sort().join(' '))).toEqual([
      'a b', 'x', 'x', 'a aCoarse', 'a aCoarse top', 'a aCoarse b top',
    ]);
    // a window low rule needs the top level's own pass, so the pyramids stay separate
    const lowAct = compile({ ...lap, nodes: [{ ...lap.nodes[0], params: { ...lap.nodes[0].params, lowRule: 'activityMax' } }] });
    expect(lowAct.nodes.map((n) => n.op.name)).toEqual([
      ...Array(3).fill('pyrDown'), ...Array(3).fill('pyrDown'), 'fuse', ...Array(3).fill('laplacianFuseUp'),
    ]);
    // window-activity rules keep the bands: fused per level, then collapsed
    const act = compile({ ...lap, nodes: [{ ...lap.nodes[0], params: { ...lap.nodes[0].params, highRule: 'activityMax' } }] });
    expect(act.nodes.map((n) => n.op.name)).toEqual([
      ...Array(3).fill('pyrDown'), ...Array(3).fill('pyrDown'), ...Array(3).fill('laplacianFuse'), 'fuse', ...Array(3).fill('pyrUpAdd'),
    ]);
  });

  it('laplacianFusionRgb: no full-size luma or chroma pass for pixel rules, conversion passes otherwise', () => {
    const rgb = (params: Record<string, unknown>) =>
      compile({ inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'laplacianFusionRgb', inputs: { a: 'a', b: 'b' }, params }], outputs: { y: 'f' } }).nodes.map((n) => n.op.name);
    expect(rgb({ levels: 3 })).toEqual(['pyrDownPairLuma', 'pyrDown', 'laplacianFuseUp', 'laplacianFuseUpRgb']);
    expect(rgb({ levels: 2 })).toEqual(['pyrDownPairLuma', 'laplacianFuseUpRgb']);
    expect(rgb({ levels: 3, highRule: 'activityMax' })).toEqual(['rgbToYcrcb', 'pyrDown', 'pyrDown', 'pyrDown', 'pyrDown', 'laplacianFuse', 'laplacianFuse', 'fuse', 'pyrUpAdd', 'pyrUpAdd', 'ycrcbToRgb']);
    expect(rgb({ levels: 1 })).toEqual(['rgbToYcrcb', 'fuse', 'ycrcbToRgb']);
    // a window low rule keeps a pyramid per source, still without the full-size conversions
    expect(rgb({ levels: 3, lowRule: 'activityMax' })).toEqual(['pyrDown', 'pyrDown', 'pyrDownLuma', 'pyrDown', 'fuse', 'laplacianFuseUp', 'laplacianFuseUpRgb']);
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
    expect(second.stats).toMatchObject({ commandBuffers: 1, dispatches: 6 });
    expect(e.gpu!.pool.bytesAllocated).toBe(allocated);
    expect(e.gpu!.pool.bytesInUse).toBe(0);
    // Same device, same input: bit-identical runs (determinism, RELIABILITY N8).
    expect(Array.from(second.outputs.y.data)).toEqual(Array.from(first.outputs.y.data));
    // From the second run on, runs take the pool's buffers in the same order, so they find
    // every bind group cached (the first run's fresh buffers come back in another order).
    const groups = e.gpu!.bindGroups.size;
    expect(groups).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < 2; i++) {
      await e.run(lap, ins, { backend: 'gpu' });
      expect(e.gpu!.bindGroups.size).toBe(groups);
    }
    // run plans are cached per input shapes: another size in between changes nothing
    const small = await e.run(lap, { a: img(1, 33, 17, 2), b: img(1, 33, 17, 3) }, { backend: 'gpu' });
    expect(small.outputs.y.shape).toEqual([1, 33, 17]);
    expect(Array.from((await e.run(lap, ins, { backend: 'gpu' })).outputs.y.data)).toEqual(Array.from(first.outputs.y.data));
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

  it('into: outputs land in the caller\'s tensors, equal to a fresh run; bad ones fail before any work', async () => {
    const e = (await engineFor(adapter))!;
    const ins = { a: img(1, 61, 47, 4), b: img(1, 61, 47, 5) };
    const want = (await e.run(lap, ins, { backend: 'gpu' })).outputs.y;
    for (const backend of ['gpu', 'cpu'] as const) {
      const y = tensor([1, 61, 47], new Float32Array(61 * 47).fill(Number.NaN));
      const r = await e.run(lap, ins, { backend, into: { y } });
      expect(r.outputs.y).toBe(y);
      let max = 0;
      y.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - want.data[i]))));
      // gpu: the same pipeline, kernels and buffers as `want`, so bit-identical (determinism);
      // cpu: 4 levels of pyramid ops, each within 24 ulp of values <= 2 (the first test's bound), far below 1e-5
      expect(max, backend).toBeLessThanOrEqual(backend === 'gpu' ? 0 : 1e-5);
    }
    const created = e.gpu!.pool.created;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ z: tensor([1, 61, 47]) }, /into: 'z' is not an output of the pipeline \(outputs: y\)/],
      [{ y: tensor([1, 47, 61]) }, /into: output 'y' is 1x61x47 but the tensor given for it is 1x47x61/],
      [{ y: { shape: [1, 61, 47], data: new Float32Array(10) } }, /into: output 'y' needs a Float32Array of 2867 values/],
      [{ y: { shape: [1, 61, 47], data: new Float64Array(2867) } }, /needs a Float32Array/],
    ];
    for (const backend of ['gpu', 'cpu'] as const) {
      for (const [into, re] of bad) {
        const err = await e.run(lap, ins, { backend, into: into as never }).catch((x) => x);
        expect(err, `${backend} ${re}`).toBeInstanceOf(FusegpuError);
        expect(err.message).toMatch(re);
      }
    }
    expect(e.gpu!.pool.created).toBe(created);
    const fused = tensor([1, 61, 47]);
    expect((await e.fuse(ins.a, ins.b, { into: fused })).fused).toBe(fused);
    await expect(e.fuse(ins.a, ins.b, { into: tensor([3, 61, 47]) })).rejects.toThrow(/into: the fused image is 1x61x47 but the tensor given for it is 3x61x47/);
  });

  it('a failing run clears the bind-group cache', async () => {
    const found = (await findNodeAdapter(adapter))!;
    const e = await Fusegpu.fromAdapter(found.adapter, { injectOutOfMemory: 1 });
    try {
      await expect(e.run(lap, { a: img(1, 16, 16), b: img(1, 16, 16) }, { backend: 'gpu' })).rejects.toMatchObject({ code: 'out-of-memory' });
      expect(e.gpu!.bindGroups.size).toBe(0);
      await e.run(lap, { a: img(1, 16, 16), b: img(1, 16, 16) }, { backend: 'gpu' });
      expect(e.gpu!.bindGroups.size).toBeGreaterThan(0);
    } finally {
      e.dispose();
    }
    expect(e.gpu!.bindGroups.size).toBe(0);
  });

  it('laplacianFusionRgb equals rgbToYcrcb, laplacianFusion, ycrcbToRgb (cpu exactly, gpu within the conversion\'s rounding)', async () => {
    const e = (await engineFor(adapter))!;
    const ins = { a: img(1, 40, 56, 8), b: img(3, 40, 56, 9) };
    for (const params of [{ levels: 4 }, { levels: 2, highRule: 'mean' }, { levels: 4, highRule: 'activityMax' }, { levels: 3, lowRule: 'activityMax' }, { levels: 1 }]) {
      const folded = { inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'laplacianFusionRgb', inputs: { a: 'a', b: 'b' }, params }], outputs: { y: 'f' } };
      const separate: PipelineSpec = {
        inputs: ['a', 'b'],
        nodes: [
          { id: 'c', op: 'rgbToYcrcb', inputs: { x: 'b' } },
          { id: 'f', op: 'laplacianFusion', inputs: { a: 'a', b: 'c.luma' }, params },
          { id: 'r', op: 'ycrcbToRgb', inputs: { luma: 'f', chroma: 'c.chroma' } },
        ],
        outputs: { y: 'r' },
      };
      expect(Array.from((await e.run(folded, ins, { backend: 'cpu' })).outputs.y.data)).toEqual(Array.from((await e.run(separate, ins, { backend: 'cpu' })).outputs.y.data));
      const a = (await e.run(folded, ins, { backend: 'gpu' })).outputs.y.data;
      const b = (await e.run(separate, ins, { backend: 'gpu' })).outputs.y.data;
      let max = 0;
      a.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[i]))));
      // the same arithmetic in other passes: the luma and chroma are the same float32 values, only
      // where the conversion back rounds moves (ycrcbToRgb's 8 ulp of values <= 2)
      expect(max, JSON.stringify(params)).toBeLessThanOrEqual(16 * 2 ** -24);
    }
  });

  it("laplacianFusion's stacked pyramids equal separate ones: bit for bit on both backends", async () => {
    const e = (await engineFor(adapter))!;
    // the separate form: each source's pyramid, the top fused by its own pass
    const separate = (levels: number, highRule: string, lowRule: string): PipelineSpec => {
      const nodes: PipelineSpec['nodes'] = [];
      for (const s of ['a', 'b']) for (let k = 1; k < levels; k++) nodes.push({ id: `${s}${k}`, op: 'pyrDown', inputs: { x: k === 1 ? s : `${s}${k - 1}` } });
      const g = (s: string, k: number) => (k === 0 ? s : `${s}${k}`);
      nodes.push({ id: 'low', op: 'fuse', inputs: { a: g('a', levels - 1), b: g('b', levels - 1) }, params: { rule: lowRule, weight: 0.3 } });
      let top = 'low';
      for (let k = levels - 2; k >= 0; k--) {
        nodes.push({ id: `up${k}`, op: 'laplacianFuseUp', inputs: { a: g('a', k), aCoarse: g('a', k + 1), b: g('b', k), bCoarse: g('b', k + 1), top }, params: { rule: highRule, weight: 0.3 } });
        top = `up${k}`;
      }
      return { inputs: ['a', 'b'], nodes, outputs: { y: top } };
    };
    // 128 x 96: every level on the vec4 strips; 61 x 47: the 2 x 2 blocks
    for (const [h, w] of [[96, 128], [47, 61]]) {
      const ins = { a: img(1, h, w, 10), b: img(1, h, w, 11) };
      for (const [levels, highRule, lowRule] of [[4, 'maxAbs', 'mean'], [3, 'weighted', 'maxAbs'], [2, 'mean', 'weighted']] as const) {
        const params = { levels, highRule, lowRule, weight: 0.3 };
        const stacked = { inputs: ['a', 'b'], nodes: [{ id: 'f', op: 'laplacianFusion', inputs: { a: 'a', b: 'b' }, params }], outputs: { y: 'f' } };
        const want = separate(levels, highRule, lowRule);
        expect(compile(stacked).nodes.length).toBe(2 * levels - 2);
        for (const backend of ['cpu', 'gpu'] as const) {
          // the same kernels' arithmetic on the same values, in fewer passes
          const got = (await e.run(stacked, ins, { backend })).outputs.y.data;
          expect(Array.from(got), `${backend} ${h}x${w} ${JSON.stringify(params)}`).toEqual(Array.from((await e.run(want, ins, { backend })).outputs.y.data));
        }
      }
    }
  });

  it('verify reports a per-node difference on both backends', async () => {
    const e = (await engineFor(adapter))!;
    const d = await e.verify(lap, { a: img(1, 33, 17), b: img(1, 33, 17) });
    expect(d).toHaveLength(6);
    for (const n of d) expect(n.maxAbs, n.node).toBeLessThan(1e-5);
  });
});

// One adapter: the tiling path is the same on every adapter, and AUIF-Net's first compile takes
// seconds on SwiftShader.
announceMissingShared('the tiled into test (AUIF-Net weights)');
it.runIf(HAVE_SHARED)('into: a tiled fusion pastes its tiles into the caller\'s tensor', async () => {
  const e = (await engineFor(adapters[0]))!;
  const weights = readWeights(join(SHARED, 'auif', 'auif-net.safetensors'));
  const ins = { a: img(1, 61, 47, 6), b: img(1, 61, 47, 7) };
  const tiled = tensor([1, 61, 47]);
  const t = await e.fuse(ins.a, ins.b, { method: 'auif', weights, tile: 32, into: tiled });
  expect(t.tiles).toBe(4);
  expect(t.fused).toBe(tiled);
  expect(Array.from(tiled.data)).toEqual(Array.from((await e.fuse(ins.a, ins.b, { method: 'auif', weights, tile: 32 })).fused.data));
});

it('a CPU-only engine says why GPU calls fail', async () => {
  const e = Fusegpu.cpu('no adapter here');
  const err = await e.run(lap, { a: img(1, 4, 4), b: img(1, 4, 4) }, { backend: 'gpu' }).catch((x) => x);
  expect(err.code).toBe('no-adapter');
  expect(err.message).toMatch(/no adapter here.*backend 'cpu'/);
  expect((await e.run(lap, { a: img(1, 4, 4), b: img(1, 4, 4) })).backend).toBe('cpu');
});
