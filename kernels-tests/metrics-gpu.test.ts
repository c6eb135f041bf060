// The GPU path of eleven VIFB metrics (EN, CE, MI, PSNR, RMSE, Variance, AG, EI, SF, SSIM, Qabf)
// on every software adapter: against VIFB's full-precision transcription of every fixture
// case, and the statistics pipeline's shape (one upload, a few small downloads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/core/tensor.js';
import { GPU_METRICS, metricsPipeline, vifbMetricsGpu } from '../src/metrics/vifb-gpu.js';
import { announceMissingShared, HAVE_SHARED, SHARED } from './helpers/shared.js';
import { engineFor, gpuAdapters } from './helpers/gpu.js';

announceMissingShared('GPU VIFB metric tests');
const adapters = HAVE_SHARED ? await gpuAdapters() : [];
const dir = join(SHARED, 'fixtures', 'vifb_metrics');
const manifest = HAVE_SHARED ? JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) : { cases: [] };
const load = (ref: { file: string; shape: number[] }) => {
  const b = readFileSync(join(dir, ref.file));
  return tensor([ref.shape[0], ref.shape[1], ref.shape[2]], new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
};
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);

describe.each(adapters)('%s', (adapter) => {
  it.each((manifest.cases as any[]).filter((_, i) => i % 2 === 0).map((c) => [c.name, c]))('%s', async (_n, c) => {
    const e = (await engineFor(adapter))!;
    const got = await vifbMetricsGpu(e, load(c.inputs.vi), load(c.inputs.ir), load(c.inputs.fused));
    for (const metric of GPU_METRICS) {
      const want = c.metrics[metric].recomputed;
      // EN, CE and MI come from exact counts: only the float64 formula order differs (1e-12).
      // Variance, RMSE, PSNR, AG, EI and SF come from float32 tree sums of up to 2.5e5 terms:
      // about (log2 n + 20) u = 2.4e-6 relative on the sums, halved by the square roots. SSIM
      // adds float32 Gaussian window means (11 taps per axis) and a per-pixel ratio whose
      // variances cancel down from second moments of about 128^2: ~1e-5 relative per pixel,
      // averaged over the image.
      // Qabf: WGSL's atan is only bounded to 4096 ulp (2.4e-4 relative) and the orientation
      // sigmoid has slope 14 per radian; averaged over the image the bound is loose, so the
      // spec's worst case, 22 x 4096 u, is the tolerance.
      const tol = ['Entropy', 'Cross_entropy', 'Mutinf'].includes(metric) ? 1e-9 : metric === 'Ssim' ? 2e-5 : metric === 'Qabf' ? 22 * 4096 * 2 ** -24 : 5e-6;
      expect(rel(got[metric], want), `${metric}: ${got[metric]} vs ${want}`).toBeLessThan(tol);
    }
  });
});

it('the statistics pipeline: 3-channel triple, grey infrared', () => {
  const spec = metricsPipeline(3, 3, 1);
  const ops = spec.nodes.map((n) => n.op);
  expect(ops.filter((o) => o === 'jointHistogram256')).toHaveLength(6);
  expect(ops.filter((o) => o === 'histogram256')).toHaveLength(3);
  expect(ops.filter((o) => o === 'qabfTerms')).toHaveLength(1);
  expect(spec.inputs).toEqual(['vi', 'ir', 'fused']);
});
