// The GPU path of VIFB's thirteen metrics
// on every software adapter: against VIFB's full-precision transcription of every fixture
// case, and the statistics pipeline's shape (one upload, a few small downloads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/core/tensor.js';
import { GPU_METRICS, metricsPipeline, vifbMetricsGpu } from '../src/metrics/vifb-gpu.js';
import { vifbMetrics } from '../src/metrics/vifb.js';
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

/** The GPU path's bound for each metric, relative, with its derivation. */
function tolerance(metric: string): number {
  // EN, CE and MI come from exact counts: only the float64 formula order differs (1e-12).
  // Variance, RMSE, PSNR, AG, EI and SF come from float32 tree sums of up to 2.5e5 terms:
  // about (log2 n + 20) u = 2.4e-6 relative on the sums, halved by the square roots. SSIM
  // adds float32 Gaussian window means (11 taps per axis) and a per-pixel ratio whose
  // variances cancel down from second moments of about 128^2: ~1e-5 relative per pixel,
  // averaged over the image.
  // Qabf: WGSL's atan is only bounded to 4096 ulp (2.4e-4 relative) and the orientation
  // sigmoid has slope 14 per radian; averaged over the image the bound is loose, so the
  // spec's worst case, 22 x 4096 u, is the tolerance.
  // Qcv: a ratio of sums of positive block terms; its errors are the two float32 FFTs'
  // (relative rms error about u log2 N each, Higham: ~2e-6 together) doubled by d^2, plus
  // one rounding of |Sobel|^5 from exact integer gradients: 1e-5.
  // Qcb: the contrasts |a / b - 1| carry the filtered images' relative error (~2e-6 from
  // the FFTs and the 31-tap float32 Gaussian sums) as an absolute error; Q = min(c1/cf,
  // cf/c1) scales it by 1 / max(c1, cf), whose image mean stays under 20 for natural
  // images (their contrasts are spread over 0.05..1): 4e-5, so 1e-4.
  // CC: covariances from float32 sums of exact shifted products (2.4e-6 each, as above) with
  // little cancellation (the shift 127.5 sits near the means): 2e-5 as SSIM.
  // SCD: the same for the correlations of the differences F - source (shift 0: means of
  // 0..255 images, so E[x^2] / var(x) up to ~5 multiplies the sums' error): 1e-4.
  // VIF: window variances from centred sums (exact 0 on flat windows; elsewhere within ~4N
  // ulp, N <= 17 taps), a ratio and log2 per window (3 ulp), then float32 sums of the terms
  // (2.4e-6 as above): 2e-5.
  if (['Entropy', 'Cross_entropy', 'Mutinf'].includes(metric)) return 1e-9;
  const bounds: Record<string, number> = { CC: 2e-5, SCD: 1e-4, VIF: 2e-5, Ssim: 2e-5, Qabf: 22 * 4096 * 2 ** -24, Qcb: 1e-4, Qcv: 1e-5 };
  return bounds[metric] ?? 5e-6;
}

describe.each(adapters)('%s', (adapter) => {
  // SwiftShader is ~8x slower per dispatch than llvmpipe (~20 s a case): it takes one case
  // (the larger size, grey infrared shared by the three fused channels); llvmpipe every fourth
  // (both sizes, grey and colour infrared). Every kernel is cross-checked on both adapters by
  // ops-gpu-vs-cpu.
  const pick = (i: number) => (adapter === 'swiftshader' ? i === 12 : i % 4 === 0);
  it.each((manifest.cases as any[]).filter((_, i) => pick(i)).map((c) => [c.name, c]))('%s', async (_n, c) => {
    const e = (await engineFor(adapter))!;
    const [vi, ir, fused] = [load(c.inputs.vi), load(c.inputs.ir), load(c.inputs.fused)];
    const got = await vifbMetricsGpu(e, vi, ir, fused);
    // VIFB's metrics against VIFB's transcription; CC, SCD and VIF (not in VIFB) against the CPU references
    const cpu = vifbMetrics(vi, ir, fused, ['CC', 'SCD', 'VIF']);
    for (const metric of GPU_METRICS) {
      const want = c.metrics[metric]?.recomputed ?? cpu[metric as 'CC' | 'SCD' | 'VIF'];
      expect(rel(got[metric], want), `${metric}: ${got[metric]} vs ${want}`).toBeLessThan(tolerance(metric));
    }
  });

  // The 'standard' profile changes formulas on the same counts and sums (MI of the levels in
  // bits, PSNR and RMSE of the mean MSE, SSIM's mean, forward-difference AG, per-band SF) and
  // Qabf's equal-strength ratio: the same bounds apply. Against the CPU references, on
  // llvmpipe (the kernels' standard branches are cross-checked on both adapters by
  // ops-gpu-vs-cpu).
  it.each((manifest.cases as any[]).filter((_, i) => adapter === 'llvmpipe' && i % 12 === 1).map((c) => [c.name, c]))('standard profile: %s', async (_n, c) => {
    const e = (await engineFor(adapter))!;
    const [vi, ir, fused] = [load(c.inputs.vi), load(c.inputs.ir), load(c.inputs.fused)];
    const got = await vifbMetricsGpu(e, vi, ir, fused, GPU_METRICS, 'standard');
    const want = vifbMetrics(vi, ir, fused, GPU_METRICS, 'standard');
    for (const metric of GPU_METRICS) expect(rel(got[metric], want[metric]), `${metric}: ${got[metric]} vs ${want[metric]}`).toBeLessThan(tolerance(metric));
  });
});

it('the statistics pipeline: 3-channel triple, grey infrared', () => {
  const spec = metricsPipeline(3, 3, 1);
  const ops = spec.nodes.map((n) => n.op);
  expect(ops.filter((o) => o === 'jointHistogram256')).toHaveLength(6);
  expect(ops.filter((o) => o === 'histogram256')).toHaveLength(3);
  expect(ops.filter((o) => o === 'qabfTerms')).toHaveLength(1);
  // Qcb and Qcv: one forward and one inverse transform of the whole normalised triple
  expect(ops.filter((o) => o === 'fft2')).toHaveLength(2);
  expect(spec.nodes.find((n) => n.id === 'chenS')!.params).toEqual({ channels: 3, visChannels: 3, irChannels: 1 });
  expect(metricsPipeline(1, 1, 1, { chen: false }).nodes.map((n) => n.op)).not.toContain('fft2');
  // VIF: four scales where they fit (17-, 9-, 5-, 3-tap windows), fewer on small images
  const vifScales = (h: number, w: number) => metricsPipeline(1, 1, 1, { chen: false, vifSize: [h, w] }).nodes.filter((n) => n.op === 'vifWindows').map((n) => n.params!.taps);
  expect(vifScales(240, 320)).toEqual([17, 9, 5, 3]);
  expect(vifScales(20, 20)).toEqual([17]);
  expect(metricsPipeline(1, 1, 1, { chen: false }).nodes.map((n) => n.op)).not.toContain('vifRows');
  expect(spec.inputs).toEqual(['vi', 'ir', 'fused']);
});
