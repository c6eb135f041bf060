// Issue-3 transforms and methods at 640x512 and 1920x1080 on every GPU adapter found and on
// the cpu backend, next to the library users would otherwise call (PyWavelets, SciPy,
// OpenCV via bench/peers_transforms.py), one peer run interleaved with each of ours
// (bench/peer.mjs; the ratio is the median of the per-pair ratios, with its quartiles).
// Median of repeated runs after warm-up; wall time includes upload and download; GPU time
// from timestamp queries where the adapter has them. SwiftShader runs 640x512 only (seconds per 1080p job); the
// cpu backend (the float64 TypeScript references) runs 640x512 only.
// Usage: npm run bench:transforms [-- --runs 9] [--only nsst] [--adapters llvmpipe,swiftshader] [--no-cpu]
//   --only keeps the jobs whose name contains that text.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fusegpu, findNodeAdapter, readImage, resizeBilinear, encodeNpy, writeAtomic, tensor } from '../dist/node.js';
import { paired, ratioText, startPeer } from './peer.mjs';

const arg = (k) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : undefined);
const runs = Number(arg('--runs')) || 9;
const only = arg('--only');
const adapters = (arg('--adapters') ?? 'hardware,llvmpipe,swiftshader').split(',');
const sizes = [[512, 640], [1080, 1920]];
const root = new URL('../../shared/vifb/', import.meta.url).pathname;
if (!existsSync(join(root, 'ir/manCall.jpg'))) throw new Error('bench needs ../shared/vifb (the VIFB pairs)');
const luma = (t) => (t.shape[0] === 1 ? t : tensor([1, t.shape[1], t.shape[2]], t.data.slice(0, t.shape[1] * t.shape[2]).map((_, i) => { const n = t.shape[1] * t.shape[2]; return 0.299 * t.data[i] + 0.587 * t.data[n + i] + 0.114 * t.data[2 * n + i]; })));
const pairAt = (h, w) => ({ a: resizeBilinear(luma(readImage(join(root, 'ir/manCall.jpg')).tensor), h, w), b: resizeBilinear(luma(readImage(join(root, 'vi/manCall.jpg')).tensor), h, w) });

const one = (op, params, inputs = { x: 'a' }) => ({ inputs: ['a', 'b'], nodes: [{ id: 'n', op, inputs, params }], outputs: { y: 'n' } });
const fusion = (op, params = {}) => one(op, params, { a: 'a', b: 'b' });
const JOBS = {
  'dwt fusion (db2, 3 levels, max-abs)': fusion('dwtFusion', { wavelet: 'db2', levels: 3 }),
  'swt fusion (db2, 3 levels, max-abs)': fusion('swtFusion', { wavelet: 'db2', levels: 3 }),
  'dct fusion (8x8, variance)': fusion('dctFusion'),
  'bilateral filter (d 9, one image)': one('bilateralFilter', { d: 9, sigmaColor: 0.1, sigmaSpace: 2 }),
  'guided filter (r 8, eps 0.01, one image)': one('guidedFilter', { radius: 8, eps: 0.01 }, { guide: 'b', x: 'a' }),
  'cbf fusion (VIFB parameters)': fusion('cbfFusion'),
  'gff fusion (VIFB parameters)': fusion('gffFusion'),
  'nsst fusion (3 scales x 4 directions)': fusion('nsstFusion'),
  'nsst fusion (2 scales x 4 directions)': fusion('nsstFusion', { scales: 2 }),
};
for (const job of Object.keys(JOBS)) if (only && !job.includes(only)) delete JOBS[job];

function time(engine, spec, inputs, backend, n, job, size) {
  const ours = async () => {
    const t0 = performance.now();
    const r = await engine.run(spec, inputs, { backend });
    return { wall: performance.now() - t0, gpu: r.stats?.gpuMs, dispatches: r.stats?.dispatches };
  };
  const theirs = peer.has?.(job, size) ? () => peer.time(job, size) : undefined;
  return paired(ours, theirs, n, 2);
}

function peers() {
  const dir = mkdtempSync(join(tmpdir(), 'fusegpu-bench-'));
  const files = {};
  for (const [h, w] of sizes) {
    const { a, b } = pairAt(h, w);
    const fa = join(dir, `a${w}.npy`);
    const fb = join(dir, `b${w}.npy`);
    writeAtomic(fa, encodeNpy(a));
    writeAtomic(fb, encodeNpy(b));
    files[`${w}x${h}`] = [fa, fb];
  }
  return startPeer(fileURLToPath(new URL('./peers_transforms.py', import.meta.url)), [JSON.stringify(files)]);
}

const peer = await peers();
const rows = [];
for (const kind of adapters) {
  const found = await findNodeAdapter(kind);
  if (!found) continue;
  const e = await Fusegpu.fromAdapter(found.adapter, { kind, timing: true });
  for (const [h, w] of kind === 'swiftshader' ? sizes.slice(0, 1) : sizes) {
    const inputs = pairAt(h, w);
    for (const [job, spec] of Object.entries(JOBS)) rows.push({ job, backend: `gpu ${kind}`, adapter: e.adapter.name, size: `${w}x${h}`, ...(await time(e, spec, inputs, 'gpu', runs, job, `${w}x${h}`)) });
  }
  e.dispose();
}
const cpu = Fusegpu.cpu();
const small = pairAt(...sizes[0]);
if (!process.argv.includes('--no-cpu')) for (const [job, spec] of Object.entries(JOBS)) rows.push({ job, backend: 'cpu (TypeScript reference)', adapter: '-', size: '640x512', ...(await time(cpu, spec, small, 'cpu', 3, job, '640x512')) });

const versions = peer.versions ? `; peers interleaved with our runs: ${Object.entries(peer.versions).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
console.log(`# Transforms and methods (issue 3); median of ${runs} runs after 2 warm-up runs; VIFB manCall (luma) resized${versions}`);
console.log('| job | backend | adapter | size | dispatches | GPU time (ms) | wall incl. upload/download (ms) | peer | peer, same minutes (ms) | wall / peer: median of pairs (quartiles) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.job} | ${r.backend} | ${r.adapter} | ${r.size} | ${r.dispatches ?? '-'} | ${r.gpu?.toFixed(2) ?? 'n/a'} | ${r.wall.toFixed(2)} | ${r.peer === undefined ? '-' : peer.libs[r.job]} | ${r.peer?.toFixed(2) ?? '-'} | ${ratioText(r)} |`);
if (peer.skipped) console.log(`Peer comparison skipped: ${peer.skipped}`);
peer.close?.();
