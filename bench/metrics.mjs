// Issue 4: VIFB's thirteen metrics (and the seven VIFB lacks: CC, SCD, VIF, VIFF, Nabf, FMI_pixel, FMI_gradient) of one 640x512 triple (VIFB's manCall pair resized, fused
// by the mean of the two), grey and colour, on every GPU adapter found (one upload,
// vifbMetricsGpu) and with the float64 CPU references (vifbMetrics). Median of repeated runs
// after 2 warm-up runs, wall time including upload and download; the 'eleven' row leaves out
// Qcb and Qcv (their forward and inverse fft2 and 31-tap Gaussians), so the difference is
// their cost.
// Usage: npm run bench:metrics [-- --runs 7] [--grey] [--adapters llvmpipe,swiftshader]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Fusegpu, findNodeAdapter, readImage, resizeBilinear, tensor, toLevels, vifbMetrics, vifbMetricsGpu, VIFB_METRICS } from '../dist/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
// --grey: the grey triple only (SwiftShader takes ~40 s per colour run)
const channelCounts = process.argv.includes('--grey') ? [1] : [1, 3];
const adapterArg = process.argv.indexOf('--adapters');
const kinds = adapterArg > 0 ? process.argv[adapterArg + 1].split(',') : ['hardware', 'llvmpipe', 'swiftshader'];
const [h, w] = [512, 640];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const root = new URL('../../shared/vifb/', import.meta.url).pathname;
if (!existsSync(join(root, 'ir/manCall.jpg'))) throw new Error('bench needs ../shared/vifb (the VIFB pairs)');
const load = (p, c) => {
  const t = resizeBilinear(readImage(join(root, p)).tensor, h, w);
  if (c === t.shape[0]) return toLevels(t);
  const n = h * w;
  const g = t.shape[0] === 1 ? t.data : t.data.slice(0, n).map((_, i) => 0.299 * t.data[i] + 0.587 * t.data[n + i] + 0.114 * t.data[2 * n + i]);
  return toLevels(tensor([c, h, w], Float32Array.from({ length: c * n }, (_, i) => g[i % n])));
};
const triple = (c) => {
  const vi = load('vi/manCall.jpg', c);
  const ir = load('ir/manCall.jpg', c);
  return { vi, ir, fused: tensor(vi.shape, vi.data.map((v, i) => Math.round((v + ir.data[i]) / 2))) };
};
const ELEVEN = VIFB_METRICS.filter((m) => m !== 'Qcb' && m !== 'Qcv');
const EXTRA = ['CC', 'SCD', 'VIF', 'VIFF', 'Nabf', 'FMI_pixel', 'FMI_gradient'];

async function time(f, n) {
  for (let i = 0; i < 2; i++) await f();
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const rows = [];
for (const c of channelCounts) {
  const { vi, ir, fused } = triple(c);
  for (const kind of kinds) {
    const found = await findNodeAdapter(kind);
    if (!found) continue;
    const e = await Fusegpu.fromAdapter(found.adapter, { kind, timing: false });
    rows.push({ what: "VIFB's 13", c, backend: `gpu ${kind}`, adapter: e.adapter.name, ms: await time(() => vifbMetricsGpu(e, vi, ir, fused, VIFB_METRICS), runs) });
    rows.push({ what: 'eleven (no Qcb, Qcv)', c, backend: `gpu ${kind}`, adapter: e.adapter.name, ms: await time(() => vifbMetricsGpu(e, vi, ir, fused, ELEVEN), runs) });
    rows.push({ what: 'all 20 (13 + the seven VIFB lacks)', c, backend: `gpu ${kind}`, adapter: e.adapter.name, ms: await time(() => vifbMetricsGpu(e, vi, ir, fused, [...VIFB_METRICS, ...EXTRA]), runs) });
    for (const m of ['VIF', 'VIFF', 'Nabf', 'FMI_pixel']) rows.push({ what: `${m} alone`, c, backend: `gpu ${kind}`, adapter: e.adapter.name, ms: await time(() => vifbMetricsGpu(e, vi, ir, fused, [m]), runs) });
    e.dispose();
  }
  rows.push({ what: "VIFB's 13", c, backend: 'cpu (float64 references)', adapter: '-', ms: await time(() => vifbMetrics(vi, ir, fused), 3) });
  rows.push({ what: 'Qcb + Qcv', c, backend: 'cpu (float64 references)', adapter: '-', ms: await time(() => vifbMetrics(vi, ir, fused, ['Qcb', 'Qcv']), 3) });
  rows.push({ what: 'the seven VIFB lacks', c, backend: 'cpu (float64 references)', adapter: '-', ms: await time(() => vifbMetrics(vi, ir, fused, EXTRA), 3) });
}
console.log(`# VIFB metrics of one 640x512 triple (issue 4); median of ${runs} runs after 2 warm-up runs (cpu: 3); wall time including upload and download`);
console.log('| metrics | channels | backend | adapter | ms |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.c} | ${r.backend} | ${r.adapter} | ${r.ms.toFixed(1)} |`);
