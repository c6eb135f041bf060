// Injected GPU faults (RELIABILITY.md 5.4): a run past its deadline (G4) and out-of-memory
// runs retried with smaller tiles (G3), on llvmpipe; buffers are never leaked.
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../src/core/tensor.js';
import { Fusegpu } from '../src/engine.js';
import { findNodeAdapter } from '../src/node/gpu-provider.js';
import { readWeights } from '../src/node/io.js';
import { gpuAdapters, rng } from './helpers/gpu.js';
import { HAVE_SHARED, SHARED } from './helpers/shared.js';
import { join } from 'node:path';

const haveLlvmpipe = (await gpuAdapters()).includes('llvmpipe');
const random = (c: number, h: number, w: number, seed: number): Tensor => {
  const r = rng(seed);
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r();
  return t;
};
const engine = async (opts: Parameters<typeof Fusegpu.fromAdapter>[1]) => Fusegpu.fromAdapter((await findNodeAdapter('llvmpipe'))!.adapter, opts);

describe.runIf(haveLlvmpipe)('faults on llvmpipe', () => {
  it('a run past its deadline fails with timeout, the device is released, a new engine works', async () => {
    const ir = random(1, 512, 640, 1);
    const vis = random(3, 512, 640, 2);
    const e = await engine({ timeoutMs: 1 });
    await expect(e.fuse(ir, vis)).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/GPU timeout: a run of \d+ nodes did not finish within 1 ms/) });
    await expect(e.fuse(ir, vis)).rejects.toMatchObject({ code: 'device-lost' });
    e.dispose();
    const fresh = await engine({});
    expect((await fresh.fuse(ir, vis)).fused.shape).toEqual([3, 512, 640]);
    fresh.dispose();
  });

  it('out of memory: a non-tileable method reports it, with no buffer left in use', async () => {
    const e = await engine({ injectOutOfMemory: 1 });
    try {
      await expect(e.fuse(random(1, 40, 50, 3), random(1, 40, 50, 4))).rejects.toMatchObject({ code: 'out-of-memory', message: expect.stringMatching(/injected out-of-memory/) });
      expect(e.gpu!.pool.bytesInUse).toBe(0);
    } finally {
      e.dispose();
    }
  });

  it.runIf(HAVE_SHARED)('out of memory: a tileable method retries with halved tiles and gives the same image', async () => {
    const weights = readWeights(join(SHARED, 'auif', 'auif-net.safetensors'));
    const ir = random(1, 200, 260, 5);
    const vis = random(1, 200, 260, 6);
    const normal = await engine({});
    const want = (await normal.fuse(ir, vis, { method: 'auif', weights })).fused.data;
    normal.dispose();
    // Whole image fails, 130-pixel tiles fail, 65-pixel tiles succeed.
    const e = await engine({ injectOutOfMemory: 2 });
    try {
      const r = await e.fuse(ir, vis, { method: 'auif', weights });
      expect(r.tiles).toBe(Math.ceil(200 / 65) * Math.ceil(260 / 65));
      expect(r.fused.data.every((v, i) => v === want[i])).toBe(true);
      expect(e.gpu!.pool.bytesInUse).toBe(0);
    } finally {
      e.dispose();
    }
    // Every size fails: the message names the last tile size tried.
    const never = await engine({ injectOutOfMemory: 100 });
    try {
      await expect(never.fuse(ir, vis, { method: 'auif', weights })).rejects.toMatchObject({ code: 'out-of-memory', message: expect.stringMatching(/GPU out of memory at tile 32x32 \(after 3 smaller retries\)/) });
    } finally {
      never.dispose();
    }
  });
});
