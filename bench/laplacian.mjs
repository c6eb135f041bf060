// Laplacian fusion (5 levels) of a 640x512 pair, grey and colour, on every GPU adapter
// found and on the cpu backend: median of repeated runs after warm-up; GPU time from
// timestamp queries where the adapter has them; wall time includes upload and download.
// With Debian's python3-opencv installed, OpenCV's own 5-level Laplacian fusion of the
// same pair runs interleaved with ours (bench/peer.mjs) and the ratio is the median of the
// per-pair ratios, with its quartiles.
// Usage: npm run bench [-- --runs 21]
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fusegpu, findNodeAdapter, readImage, resizeBilinear, encodeNpy } from '../dist/node.js';
import { paired, ratioText, startPeer } from './peer.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 21;
const W = 640;
const H = 512;

function pair() {
  const root = new URL('../../shared/vifb/', import.meta.url).pathname;
  if (existsSync(join(root, 'ir/manCall.jpg'))) {
    const ir = readImage(join(root, 'ir/manCall.jpg')).tensor;
    const vis = readImage(join(root, 'vi/manCall.jpg')).tensor;
    return { source: 'VIFB manCall resized to 640x512', ir: resizeBilinear(ir, H, W), vis: resizeBilinear(vis, H, W) };
  }
  throw new Error('bench needs ../shared/vifb (the VIFB pairs)');
}

// reuse: the fused image goes into one caller-owned tensor every run (`into`), as a loop
// over video frames would; otherwise each run returns a new array (the default).
async function timeEngine(engine, ir, vis, backend, mode, reuse = false) {
  const spec = engine.methodPipeline(ir, vis, { params: { levels: 5 } });
  const into = reuse ? { fused: { shape: vis.shape, data: new Float32Array(vis.data.length) } } : undefined;
  const ours = async () => {
    const t0 = performance.now();
    const r = await engine.run(spec, { ir, vis }, { backend, into });
    return { wall: performance.now() - t0, gpu: r.stats?.gpuMs, dispatches: r.stats?.dispatches };
  };
  return paired(ours, cv.time ? () => cv.time(mode, `${W}x${H}`) : undefined, runs, 3);
}

async function opencv(ir, vis) {
  const dir = mkdtempSync(join(tmpdir(), 'fusegpu-bench-'));
  writeFileSync(join(dir, 'ir.npy'), encodeNpy(ir));
  writeFileSync(join(dir, 'vis.npy'), encodeNpy(vis));
  return startPeer(fileURLToPath(new URL('./opencv_laplacian.py', import.meta.url)), [dir]);
}

const { source, ir, vis } = pair();
const grey = { shape: [1, H, W], data: vis.data.slice(0, H * W) };
const rows = [];
const cv = await opencv(ir, vis);
console.log(`# Laplacian fusion, 5 levels, ${W}x${H} (${source}); median of ${runs} runs after 3 warm-up runs${cv.time ? `, each next to one run of OpenCV ${cv.versions.opencv}` : ''}`);
// one device at a time: a second adapter's device stays out of the timed runs
for (const kind of ['hardware', 'llvmpipe', 'swiftshader']) {
  const found = await findNodeAdapter(kind);
  if (!found) continue;
  const engine = await Fusegpu.fromAdapter(found.adapter, { kind, timing: true });
  const a = engine.adapter;
  for (const [mode, v] of [['grey', grey], ['colour', vis]]) {
    for (const reuse of [false, true]) {
      const t = await timeEngine(engine, ir, v, 'gpu', mode, reuse);
      rows.push({ backend: `gpu ${kind}${reuse ? ', output reused (into)' : ''}`, adapter: a.name, mode, ...t });
    }
  }
  engine.dispose();
}
const cpu = Fusegpu.cpu();
for (const [mode, v] of [['grey', grey], ['colour', vis]]) rows.push({ backend: 'cpu (TypeScript reference)', adapter: '-', mode, ...(await timeEngine(cpu, ir, v, 'cpu', mode)) });
console.log('| backend | adapter | image | dispatches | GPU time (ms) | wall incl. upload/download (ms) | OpenCV, same minutes (ms) | wall / OpenCV: median of pairs (quartiles) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.backend} | ${r.adapter} | ${r.mode} | ${r.dispatches ?? '-'} | ${r.gpu?.toFixed(2) ?? 'n/a'} | ${r.wall.toFixed(2)} | ${r.peer?.toFixed(2) ?? '-'} | ${ratioText(r)} |`);
if (cv.skipped) console.log(`OpenCV comparison skipped: ${cv.skipped}`);
cv.close?.();
