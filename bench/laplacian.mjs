// Laplacian fusion (5 levels) of a 640x512 pair, grey and colour, on every GPU adapter
// found and on the cpu backend: median of repeated runs after warm-up; GPU time from
// timestamp queries where the adapter has them; wall time includes upload and download.
// With Debian's python3-opencv installed, OpenCV's own 5-level Laplacian fusion of the
// same pair runs in the same invocation and the ratio is printed.
// Usage: npm run bench [-- --runs 20 --pair ../shared/vifb ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fusegpu, findNodeAdapter, readImage, resizeBilinear, encodeNpy } from '../dist/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;
const W = 640;
const H = 512;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function pair() {
  const root = new URL('../../shared/vifb/', import.meta.url).pathname;
  if (existsSync(join(root, 'ir/manCall.jpg'))) {
    const ir = readImage(join(root, 'ir/manCall.jpg')).tensor;
    const vis = readImage(join(root, 'vi/manCall.jpg')).tensor;
    return { source: 'VIFB manCall resized to 640x512', ir: resizeBilinear(ir, H, W), vis: resizeBilinear(vis, H, W) };
  }
  throw new Error('bench needs ../shared/vifb (the VIFB pairs)');
}

async function timeEngine(engine, ir, vis, backend) {
  const spec = engine.methodPipeline(ir, vis, { params: { levels: 5 } });
  for (let i = 0; i < 3; i++) await engine.run(spec, { ir, vis }, { backend });
  const wall = [];
  const gpu = [];
  let stats;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await engine.run(spec, { ir, vis }, { backend });
    wall.push(performance.now() - t0);
    if (r.stats?.gpuMs !== undefined) gpu.push(r.stats.gpuMs);
    stats = r.stats;
  }
  return { wall: median(wall), gpu: gpu.length ? median(gpu) : undefined, dispatches: stats?.dispatches };
}

function opencv(ir, vis) {
  const py = '/usr/bin/python3';
  if (!existsSync(py) || spawnSync(py, ['-c', 'import cv2'], { encoding: 'utf8' }).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'fusegpu-bench-'));
  writeFileSync(join(dir, 'ir.npy'), encodeNpy(ir));
  writeFileSync(join(dir, 'vis.npy'), encodeNpy(vis));
  const r = spawnSync(py, [new URL('./opencv_laplacian.py', import.meta.url).pathname, dir, String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const { source, ir, vis } = pair();
const grey = { shape: [1, H, W], data: vis.data.slice(0, H * W) };
const rows = [];
const engines = [];
for (const kind of ['hardware', 'llvmpipe', 'swiftshader']) {
  const found = await findNodeAdapter(kind);
  if (found) engines.push({ kind, engine: await Fusegpu.fromAdapter(found.adapter, { kind, timing: true }) });
}
const cv = opencv(ir, vis);
console.log(`# Laplacian fusion, 5 levels, ${W}x${H} (${source}); median of ${runs} runs after 3 warm-up runs`);
for (const { kind, engine } of engines) {
  const a = engine.adapter;
  for (const [mode, v] of [['grey', grey], ['colour', vis]]) {
    const t = await timeEngine(engine, ir, v, 'gpu');
    rows.push({ backend: `gpu ${kind}`, adapter: a.name, mode, ...t });
  }
  engine.dispose();
}
const cpu = Fusegpu.cpu();
for (const [mode, v] of [['grey', grey], ['colour', vis]]) rows.push({ backend: 'cpu (TypeScript reference)', adapter: '-', mode, ...(await timeEngine(cpu, ir, v, 'cpu')) });
console.log('| backend | adapter | image | dispatches | GPU time (ms) | wall incl. upload/download (ms) | wall / OpenCV |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ref = cv?.[r.mode];
  console.log(`| ${r.backend} | ${r.adapter} | ${r.mode} | ${r.dispatches ?? '-'} | ${r.gpu?.toFixed(2) ?? 'n/a'} | ${r.wall.toFixed(2)} | ${ref ? (r.wall / ref).toFixed(2) + 'x' : 'n/a'} |`);
}
if (cv) console.log(`| OpenCV ${cv.version} (python3-opencv, same CPU) | - | grey / colour | - | - | ${cv.grey.toFixed(2)} / ${cv.colour.toFixed(2)} | 1.00x |`);
else console.log('OpenCV comparison skipped: /usr/bin/python3 with cv2 not found (apt-get install python3-opencv)');
