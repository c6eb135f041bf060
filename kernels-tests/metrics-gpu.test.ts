// The GPU path of VIFB's thirteen metrics and the ones VIFB lacks on every software adapter:
// VIFB's against VIFB's full-precision transcription of the fixture cases, the others against
// their CPU references; and the statistics pipeline's shape (one upload, a few small downloads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/core/tensor.js';
import { Fusegpu } from '../src/engine.js';
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
  // Qabf: per-pixel terms within 3e-5 relative (qabfTerms' contract: exact integer gradients,
  // atanRatio's 2.3e-7 through the orientation sigmoid's log slope 22, exp and quotient
  // roundings), plus the sums (2.4e-6 each); a pixel whose two different strengths round to
  // the same float32 takes VIFB's equal-strength rule, which moves its term by <= 5.5e-4 (both
  // rules give ~0.999 there), on a vanishing fraction of pixels: 5e-5.
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
  // (2.4e-6 as above): 2e-5. VIFF: the same terms with a larger noise variance (better
  // conditioned), 2e-5; its per-window choice of the source with the smaller gain compares
  // two float32 gains, and a window where they agree to rounding may take the other source's
  // terms: such near-ties change a sum of ~1e5 terms by one term each and were not seen to
  // move any fixture's value beyond 1e-7.
  // FMI: per window, float32 PDFs, CDFs and 81-term entropies (~100 u x log2 81 = 4e-5
  // absolute on values ~0.5, fmiMap's contract) averaged over the windows: 2e-4.
  if (['Entropy', 'Cross_entropy', 'Mutinf'].includes(metric)) return 1e-9;
  const bounds: Record<string, number> = { CC: 2e-5, SCD: 1e-4, VIF: 2e-5, VIFF: 2e-5, FMI_pixel: 2e-4, FMI_gradient: 2e-4, Ssim: 2e-5, Qabf: 5e-5, Qcb: 1e-4, Qcv: 1e-5 };
  return bounds[metric] ?? 5e-6;
}

/**
 * Whether a GPU value agrees with the reference: relative (tolerance above), except Nabf,
 * whose bound is absolute: |dQ| <= 2e-5 per pixel (nabfTerms' contract: exact Sobel sums,
 * atanRatio's 2.3e-7 through the sigmoids) moves sum(na (1 - Q) w) / sum(w) by at most 2e-5,
 * plus the weights' pow and the sums' rounding (1e-5 relative).
 */
function agrees(metric: string, got: number, want: number): boolean {
  if (metric === 'Nabf') return Math.abs(got - want) <= 2e-5 + 1e-5 * Math.abs(want);
  return rel(got, want) < tolerance(metric);
}

/** The metrics VIFB lacks whose CPU references are slow (FMI ~7 us a window): checked on fewer cases. */
const SLOW = ['VIFF', 'Nabf', 'FMI_pixel', 'FMI_gradient'] as const;
const FAST_METRICS = GPU_METRICS.filter((m) => !(SLOW as readonly string[]).includes(m));

describe.each(adapters)('%s', (adapter) => {
  // SwiftShader is ~8x slower per dispatch than llvmpipe (~20 s a case): it takes one case
  // (the larger size, grey infrared shared by the three fused channels); llvmpipe every fourth
  // (both sizes, grey and colour infrared). Every kernel is cross-checked on both adapters by
  // ops-gpu-vs-cpu.
  // VIFF, Nabf and FMI on llvmpipe's first and last case; SwiftShader's case leaves out VIF as
  // well (every kernel is cross-checked on both adapters by ops-gpu-vs-cpu; on SwiftShader VIF's
  // and FMI's window loops would double its case).
  const pick = (i: number) => (adapter === 'swiftshader' ? i === 12 : i % 4 === 0);
  it.each((manifest.cases as any[]).map((c, i) => [c.name, c, i]).filter(([, , i]) => pick(i)))('%s', async (_n, c, i) => {
    const e = (await engineFor(adapter))!;
    const [vi, ir, fused] = [load(c.inputs.vi), load(c.inputs.ir), load(c.inputs.fused)];
    const which = adapter === 'swiftshader' ? FAST_METRICS.filter((m) => m !== 'VIF') : i % 24 === 0 ? GPU_METRICS : FAST_METRICS;
    const got = await vifbMetricsGpu(e, vi, ir, fused, which);
    // VIFB's metrics against VIFB's transcription; the others (not in VIFB) against the CPU references
    const cpu = vifbMetrics(vi, ir, fused, which.filter((m) => c.metrics[m]?.recomputed === undefined));
    for (const metric of which) {
      const want = c.metrics[metric]?.recomputed ?? cpu[metric];
      expect(agrees(metric, got[metric], want), `${metric}: ${got[metric]} vs ${want}`).toBe(true);
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
    const got = await vifbMetricsGpu(e, vi, ir, fused, FAST_METRICS, 'standard');
    const want = vifbMetrics(vi, ir, fused, FAST_METRICS, 'standard');
    for (const metric of FAST_METRICS) expect(agrees(metric, got[metric], want[metric]), `${metric}: ${got[metric]} vs ${want[metric]}`).toBe(true);
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
  // VIFF shares VIF's window sums: one vifRows per scale, a vifWindows per variant
  const both = metricsPipeline(1, 1, 1, { chen: false, vifSize: [240, 320], vifVariants: { vif: true, viff: true } }).nodes;
  expect(both.filter((n) => n.op === 'vifRows')).toHaveLength(4);
  expect(both.filter((n) => n.op === 'vifWindows').map((n) => n.params!.variant)).toEqual(['vif', 'viff', 'vif', 'viff', 'vif', 'viff', 'vif', 'viff']);
  const extras = metricsPipeline(3, 3, 1, { chen: false, nabf: true, fmi: ['none', 'gradient'] }).nodes;
  expect(extras.filter((n) => n.op === 'fmiMap').map((n) => n.params!.feature)).toEqual(['none', 'gradient']);
  expect(extras.find((n) => n.op === 'nabfTerms')!.inputs).toEqual({ a: 'vi', b: 'irAll', f: 'fused' });
  // asked for fewer metrics, the pipeline keeps only the nodes those read
  expect(metricsPipeline(1, 1, 1, { metrics: ['Entropy'] }).nodes.map((n) => n.op)).toEqual(['histogram256']);
  const mi = metricsPipeline(1, 1, 1, { metrics: ['Mutinf'] });
  expect(mi.nodes.map((n) => n.op).sort()).toEqual(['channelSums', 'channelSums', 'channelSums', 'jointHistogram256', 'jointHistogram256', 'quantiseLevels', 'quantiseLevels', 'quantiseLevels']);
  expect(Object.keys(mi.outputs).sort()).toEqual(['ji0', 'jv0']);
  expect(metricsPipeline(1, 1, 1, { metrics: ['Mutinf'], profile: 'standard' }).nodes.map((n) => n.op)).toEqual(['jointHistogram256', 'jointHistogram256']);
  expect(spec.inputs).toEqual(['vi', 'ir', 'fused']);
});

it('names an unknown or missing metric before any GPU work', async () => {
  const t = tensor([1, 4, 4]);
  const e = Fusegpu.cpu();
  await expect(vifbMetricsGpu(e, t, t, t, ['SSIM' as never])).rejects.toThrow(/unknown metric 'SSIM'; the metrics are Entropy, .*Ssim/);
  await expect(vifbMetricsGpu(e, t, t, t, [])).rejects.toThrow(/no metric asked for/);
});
