// AUIF-Net on a 640x512 and a 1024x768 pair (TNO pair 1 resized), on every GPU adapter found
// and on the cpu backend, next to onnxruntime-node (CPU execution provider, 2 threads) running
// ../shared/auif/auif-net.onnx, the identical computation, in the same process, before and
// after the fast adapters' rows. Median of repeated runs after warm-up; wall time includes
// upload, download and host work; GPU time from timestamp queries where the adapter has them.
// Also the layer kernels alone in GFLOP/s.
// Usage: npm run bench:auif [-- --runs 9]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Fusegpu, findNodeAdapter, readImage, readWeights, resizeBilinear, compile, runGpu, tensor, loadAuifWeights } from '../dist/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
const AUIF = fileURLToPath(new URL('../../shared/auif/', import.meta.url));
if (!existsSync(AUIF)) throw new Error(`bench needs ${AUIF} (AUIF-Net weights and TNO pairs)`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const weights = readWeights(`${AUIF}auif-net.safetensors`);
const sizes = [[512, 640], [768, 1024]];
const pairs = sizes.map(([h, w]) => ({
  h, w,
  ir: resizeBilinear(readImage(`${AUIF}tno/IR1.png`).tensor, h, w),
  vis: resizeBilinear(readImage(`${AUIF}tno/VIS1.png`).tensor, h, w),
}));

async function timeFuse(engine, p, backend, n) {
  const opts = { method: 'auif', weights, backend };
  for (let i = 0; i < (backend === 'cpu' ? 1 : 3); i++) await engine.fuse(p.ir, p.vis, opts);
  const wall = [];
  const gpu = [];
  let stats;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await engine.fuse(p.ir, p.vis, opts);
    wall.push(performance.now() - t0);
    if (r.stats?.gpuMs !== undefined) gpu.push(r.stats.gpuMs);
    stats = r.stats;
  }
  return { wall: median(wall), gpu: gpu.length ? median(gpu) : undefined, dispatches: stats?.dispatches };
}

/**
 * onnxruntime-node on the pair: `n` timed runs after one warm-up; undefined if not installed.
 * It runs before the GPU rows and again after each fast adapter's, and the ratio uses all its
 * runs: the load of this shared machine drifts within a run. Alternating single runs with
 * fusegpu's was tried and is unfair both ways: each side's worker threads (onnxruntime spins
 * after a parallel section) slowed the other by up to 2.5x.
 */
async function onnx(p, n) {
  let ort;
  try {
    ort = (await import('onnxruntime-node')).default;
  } catch {
    return undefined;
  }
  const session = await ort.InferenceSession.create(`${AUIF}auif-net.onnx`, { executionProviders: ['cpu'], intraOpNumThreads: 2, interOpNumThreads: 1 });
  const feeds = { ir: new ort.Tensor('float32', p.ir.data, [1, 1, p.h, p.w]), vis: new ort.Tensor('float32', p.vis.data, [1, 1, p.h, p.w]) };
  await session.run(feeds);
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    t.push(performance.now() - t0);
  }
  await session.release();
  return t;
}

/** One kernel op chained 9 times vs once: per-dispatch time without transfers, and GFLOP/s. */
async function kernelRate(engine, op, inputs, params, flops) {
  const chain = (k) => {
    const nodes = [];
    let x = 'x';
    for (let i = 0; i < k; i++) {
      nodes.push({ id: `n${i}`, op, inputs: { ...Object.fromEntries(Object.keys(inputs).map((n) => [n, n])), x }, params: params(i) });
      x = `n${i}.y`;
    }
    return compile({ inputs: Object.keys(inputs), nodes, outputs: { y: x } });
  };
  const t = async (g) => {
    for (let i = 0; i < 2; i++) await runGpu(engine.gpu, g, inputs);
    const xs = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await runGpu(engine.gpu, g, inputs);
      xs.push(r.stats.gpuMs ?? performance.now() - t0);
    }
    return median(xs);
  };
  const ms = ((await t(chain(9))) - (await t(chain(1)))) / 8;
  return { ms, gflops: flops / ms / 1e6 };
}

const rnd = (s) => tensor(s, new Float32Array(s[0] * s[1] * s[2]).map(() => Math.random()));
const engines = [];
for (const kind of ['hardware', 'llvmpipe', 'swiftshader']) {
  const found = await findNodeAdapter(kind);
  if (found) engines.push({ kind, engine: await Fusegpu.fromAdapter(found.adapter, { kind, timing: true }) });
}
const rows = [];
const ortRuns = {};
for (const p of pairs) ortRuns[p.w] = await onnx(p, p.w > 640 ? 3 : 5);
for (const { kind, engine } of engines) {
  for (const p of pairs) rows.push({ backend: `gpu ${kind}`, adapter: engine.adapter.name, size: `${p.w}x${p.h}`, w: p.w, ...(await timeFuse(engine, p, 'gpu', runs)) });
  // Again after the fast adapters' rows, not after SwiftShader's: its worker threads spin on
  // after a run and slowed onnxruntime 2x when it came right after them. A pause first.
  if (kind === 'swiftshader') continue;
  await new Promise((r) => setTimeout(r, 2000));
  for (const p of pairs) ortRuns[p.w] = ortRuns[p.w] && [...ortRuns[p.w], ...(await onnx(p, p.w > 640 ? 3 : 5))];
}
const ortMs = Object.fromEntries(Object.entries(ortRuns).map(([w, t]) => [w, t && median(t)]));
const cpu = Fusegpu.cpu();
for (const p of pairs) rows.push({ backend: 'cpu (TypeScript reference)', adapter: '-', size: `${p.w}x${p.h}`, w: p.w, ...(await timeFuse(cpu, p, 'cpu', 3)) });

console.log(`# AUIF-Net, TNO pair 1 resized; median of ${runs} runs after 3 warm-up runs (cpu backend: 3 runs); onnxruntime-node: median of its runs before the GPU rows and after the fast adapters' rows`);
console.log('| backend | adapter | size | dispatches | GPU time (ms) | wall incl. upload/download (ms) | onnxruntime-node 2 threads (ms) | wall / onnxruntime |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const o = ortMs[r.w];
  console.log(`| ${r.backend} | ${r.adapter} | ${r.size} | ${r.dispatches ?? '-'} | ${r.gpu?.toFixed(1) ?? 'n/a'} | ${r.wall.toFixed(1)} | ${o?.toFixed(0) ?? 'not installed'} | ${o ? (r.wall / o).toFixed(3) + 'x' : 'n/a'} |`);
}

// Kernels alone at 640x512. Folded layer: the 4 channels (2 encoders x 2 sources, channels-last) of one
// unrolled layer; its "equivalent" rate counts the published two-conv form (2 x 64 x 9 MACs
// per pixel and channel), the work it replaces.
const [H, W] = [512, 640];
const w = loadAuifWeights(weights);
console.log('\n| kernel (640x512) | adapter | ms per dispatch | GFLOP/s |');
console.log('|---|---|---|---|');
for (const { kind, engine } of engines) {
  const name = engine.adapter.name;
  const step = await kernelRate(engine, 'unrolledStep', { x: rnd([H, W, 4]), img: rnd([2, H, W]), w: w.layers }, (i) => ({ layer: i % 10 }), 4 * H * W * 25 * 2);
  console.log(`| unrolledStep, 4 channels (folded 5x5; actual flops) | ${kind}: ${name} | ${step.ms.toFixed(2)} | ${step.gflops.toFixed(2)} |`);
  console.log(`| unrolledStep, same run, counted as the 1->64->1 conv pair it replaces | ${kind}: ${name} | ${step.ms.toFixed(2)} | ${((4 * H * W * 2 * 64 * 9 * 2) / step.ms / 1e6).toFixed(1)} |`);
  const c1 = await kernelRate(engine, 'conv2d', { x: rnd([16, H / 2, W / 2]), weight: rnd([256, 3, 3]) }, () => ({ padMode: 'reflect', activation: 'relu' }), 16 * 16 * 9 * 2 * (H / 2) * (W / 2));
  console.log(`| conv2d 16->16 3x3 reflect + relu at 320x256 | ${kind}: ${name} | ${c1.ms.toFixed(2)} | ${c1.gflops.toFixed(2)} |`);
  engine.dispose();
}
