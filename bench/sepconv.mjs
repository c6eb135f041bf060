// sepConv (the separable Gaussian behind SSIM's windows, Qcb's 31-tap means, VIF's scales and
// the filters of the transforms) on 640x512 planes, on every GPU adapter found: median of
// repeated runs after 2 warm-up runs, wall time including upload and download, and the same
// for a one-dispatch copy ('affine', alpha 1) of the same tensor, whose time is the transfer
// floor; the difference is the filter's cost.
// Usage: npm run bench:sepconv [-- --runs 9] [--adapters llvmpipe,swiftshader]
import { Fusegpu, findNodeAdapter, tensor } from '../dist/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
const adapterArg = process.argv.indexOf('--adapters');
const kinds = adapterArg > 0 ? process.argv[adapterArg + 1].split(',') : ['hardware', 'llvmpipe', 'swiftshader'];
const [h, w] = [512, 640];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases = [
  ['31 taps, sigma 2, zero border (Qcb)', 3, { ksizeX: 31, sigmaX: 2, border: 'constant' }],
  ['11 taps, sigma 1.5 (SSIM)', 5, { ksizeX: 11, sigmaX: 1.5 }],
  ['5 taps (default Gaussian)', 1, { ksizeX: 5 }],
];
const one = (op, params) => ({ inputs: ['x'], nodes: [{ id: 'y', op, inputs: { x: 'x' }, params }], outputs: { y: 'y' } });

console.log(`# sepConv on 640x512 planes; median of ${runs} runs after 2 warm-up runs; wall time including upload and download`);
console.log('| filter | planes | adapter | sepConv ms | copy ms (transfer floor) | filter ms |');
console.log('|---|---|---|---|---|---|');
for (const kind of kinds) {
  const found = await findNodeAdapter(kind);
  if (!found) continue;
  const e = await Fusegpu.fromAdapter(found.adapter, { kind, timing: false });
  for (const [name, c, params] of cases) {
    const inputs = { x: tensor([c, h, w], Float32Array.from({ length: c * h * w }, (_, i) => (i * 7919) % 255)) };
    const time = async (spec) => {
      for (let i = 0; i < 2; i++) await e.run(spec, inputs, { backend: 'gpu' });
      const t = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await e.run(spec, inputs, { backend: 'gpu' });
        t.push(performance.now() - t0);
      }
      return median(t);
    };
    const [a, b] = [await time(one('sepConv', params)), await time(one('affine', { alpha: 1, beta: 0 }))];
    console.log(`| ${name} | ${c} | ${e.adapter.name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a - b).toFixed(1)} |`);
  }
  e.dispose();
}
