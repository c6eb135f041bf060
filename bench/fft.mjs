// fft2 (complex, forward) at 640x512 and 1920x1080 on every GPU adapter found and on the cpu
// backend, next to numpy.fft.fft2 (pocketfft) in the same invocation when /usr/bin/python3
// has numpy. Median of repeated runs after warm-up; wall includes upload and download; GPU
// time from timestamp queries where the adapter has them (that is the kernel time); without
// timestamps, "kernel" = a chain of 5 forward/inverse pairs minus one pair, per transform.
// SwiftShader takes seconds per 1920x1080 transform, so it runs 640x512 only.
// Usage: npm run bench:fft [-- --runs 9]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Fusegpu, findNodeAdapter, compile, runGpu, tensor } from '../dist/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
const sizes = [[512, 640], [1080, 1920]];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const image = (h, w) => {
  const t = tensor([2, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = Math.random();
  return t;
};
const spec = { inputs: ['x'], nodes: [{ id: 'f', op: 'fft2', inputs: { x: 'x' } }], outputs: { y: 'f' } };
const chain = (pairs) => {
  const nodes = [];
  let x = 'x';
  for (let i = 0; i < pairs; i++) {
    nodes.push({ id: `f${i}`, op: 'fft2', inputs: { x } }, { id: `i${i}`, op: 'fft2', inputs: { x: `f${i}` }, params: { inverse: true } });
    x = `i${i}`;
  }
  return compile({ inputs: ['x'], nodes, outputs: { y: x } });
};

async function time(fn, n) {
  for (let i = 0; i < 2; i++) await fn();
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fn();
    t.push({ wall: performance.now() - t0, gpu: r?.stats?.gpuMs });
  }
  return { wall: median(t.map((x) => x.wall)), gpu: t[0].gpu === undefined ? undefined : median(t.map((x) => x.gpu)) };
}

function numpy() {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return undefined;
  const r = spawnSync(py, [fileURLToPath(new URL('./numpy_fft.py', import.meta.url)), String(runs), JSON.stringify(sizes)], { encoding: 'utf8' });
  return r.status === 0 ? JSON.parse(r.stdout) : undefined;
}

const np = numpy();
const rows = [];
for (const kind of ['hardware', 'llvmpipe', 'swiftshader']) {
  const found = await findNodeAdapter(kind);
  if (!found) continue;
  const e = await Fusegpu.fromAdapter(found.adapter, { kind, timing: true });
  for (const [h, w] of kind === 'swiftshader' ? sizes.slice(0, 1) : sizes) {
    const x = image(h, w);
    const whole = await time(() => e.run(spec, { x }, { backend: 'gpu' }), runs);
    let kernel = whole.gpu;
    if (kernel === undefined) {
      const one = await time(() => runGpu(e.gpu, chain(1), { x }), runs);
      const five = await time(() => runGpu(e.gpu, chain(5), { x }), runs);
      kernel = (five.wall - one.wall) / 8;
    }
    rows.push({ backend: `gpu ${kind}`, adapter: e.adapter.name, size: `${w}x${h}`, ...whole, kernel });
  }
  e.dispose();
}
const cpu = Fusegpu.cpu();
for (const [h, w] of sizes) {
  const x = image(h, w);
  rows.push({ backend: 'cpu (TypeScript reference, float64)', adapter: '-', size: `${w}x${h}`, ...(await time(() => cpu.run(spec, { x }, { backend: 'cpu' }), 3)) });
}
console.log(`# fft2, complex forward; median of ${runs} runs after 2 warm-up runs${np ? `; numpy ${np.numpy} numpy.fft.fft2 on complex64 in the same run` : ''}`);
console.log('| backend | adapter | size | GPU time (ms) | wall incl. upload/download (ms) | kernel only (ms) | numpy.fft.fft2 (ms) | kernel / numpy | wall / numpy |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const n = np?.ms[r.size];
  const k = r.kernel;
  console.log(`| ${r.backend} | ${r.adapter} | ${r.size} | ${r.gpu?.toFixed(2) ?? 'n/a'} | ${r.wall.toFixed(2)} | ${k?.toFixed(2) ?? '-'} | ${n?.toFixed(2) ?? 'n/a'} | ${n && k ? (k / n).toFixed(2) + 'x' : '-'} | ${n ? (r.wall / n).toFixed(2) + 'x' : '-'} |`);
}
