// Eleven of VIFB's metrics (EN, CE, MI, PSNR, RMSE, 'Variance' = VIFB's standard deviation,
// AG, EI, SF, SSIM, Qabf) from one upload of the triple: one pipeline of the shared statistics
// ops (histogram256, jointHistogram256, channelSums, quantiseLevels, gradientMaps,
// ssimProducts, sepConv, ssimMap, qabfTerms) on the GPU, then the formulas of
// ./vifb-reference.ts on the few kilobytes of counts and sums it returns. Qcb and Qcv have no
// GPU kernels yet. The
// colour handling is vifbMetrics': channel by channel with the matching source channel (a
// grey infrared plane serves every channel), then the mean. Inputs are 8-bit grey levels
// (toLevels).
import type { Fusegpu } from '../engine.js';
import { fail } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { NodeSpec, PipelineSpec } from '../pipeline/spec.js';
import type { VifbMetric } from './vifb.js';

export const GPU_METRICS = ['Entropy', 'Cross_entropy', 'Mutinf', 'Psnr', 'Rmse', 'Variance', 'Avg_gradient', 'Edge_intensity', 'Spatial_frequency', 'Ssim', 'Qabf'] as const satisfies readonly VifbMetric[];

const SSIM_RADIUS = 5;
const SHIFT = 127.5;
export type GpuMetric = (typeof GPU_METRICS)[number];

/** The statistics pipeline for a triple with these channel counts. */
export function metricsPipeline(c: number, cv: number, ci: number): PipelineSpec {
  const nodes: NodeSpec[] = [
    { id: 'hf', op: 'histogram256', inputs: { x: 'fused' } },
    { id: 'hv', op: 'histogram256', inputs: { x: 'vi' } },
    { id: 'hi', op: 'histogram256', inputs: { x: 'ir' } },
    { id: 'sf', op: 'channelSums', inputs: { x: 'fused' }, params: { shift: 127.5 } },
    { id: 'sv', op: 'channelSums', inputs: { x: 'vi' } },
    { id: 'si', op: 'channelSums', inputs: { x: 'ir' } },
    { id: 'dv', op: 'binary', inputs: { a: 'fused', b: 'vi' }, params: { fn: 'sub' } },
    { id: 'di', op: 'binary', inputs: { a: 'fused', b: 'ir' }, params: { fn: 'sub' } },
    { id: 'sdv', op: 'channelSums', inputs: { x: 'dv' } },
    { id: 'sdi', op: 'channelSums', inputs: { x: 'di' } },
    { id: 'qf', op: 'quantiseLevels', inputs: { x: 'fused', stats: 'sf' } },
    { id: 'qv', op: 'quantiseLevels', inputs: { x: 'vi', stats: 'sv' } },
    { id: 'qi', op: 'quantiseLevels', inputs: { x: 'ir', stats: 'si' } },
    { id: 'gm', op: 'gradientMaps', inputs: { x: 'fused' } },
    { id: 'sg', op: 'channelSums', inputs: { x: 'gm' } },
  ];
  const outputs: Record<string, string> = { hf: 'hf', hv: 'hv', hi: 'hi', sf: 'sf', sdv: 'sdv', sdi: 'sdi', sg: 'sg' };
  // SSIM and Qabf compare each fused channel with the matching source channel; a grey source serves every channel
  const full: Record<string, string> = {};
  for (const [src, cs] of [['vi', cv], ['ir', ci]] as const) {
    full[src] = src;
    if (cs !== c) {
      nodes.push({ id: `${src}All`, op: 'concat', inputs: Object.fromEntries(['a', 'b', 'c', 'd'].slice(0, c).map((k) => [k, src])) });
      full[src] = `${src}All`;
    }
  }
  nodes.push({ id: 'qt', op: 'qabfTerms', inputs: { a: full.vi, b: full.ir, f: 'fused' } }, { id: 'sq', op: 'channelSums', inputs: { x: 'qt' } });
  outputs.sq = 'sq';
  for (const src of ['vi', 'ir'] as const) {
    const x = full[src];
    nodes.push(
      { id: `p${src}`, op: 'ssimProducts', inputs: { x, f: 'fused' }, params: { shift: SHIFT } },
      { id: `m${src}`, op: 'sepConv', inputs: { x: `p${src}` }, params: { ksizeX: 2 * SSIM_RADIUS + 1, sigmaX: 1.5 } },
      { id: `s${src}Map`, op: 'ssimMap', inputs: { m: `m${src}` }, params: { radius: SSIM_RADIUS, shift: SHIFT } },
      { id: `ss${src}`, op: 'channelSums', inputs: { x: `s${src}Map` } },
    );
    outputs[`ss${src}`] = `ss${src}`;
  }
  const channel = (src: string, k: number, count: number) => {
    if (count === 1) return src;
    nodes.push({ id: `${src}${k}`, op: 'sliceChannels', inputs: { x: src }, params: { start: k, count: 1 } });
    return `${src}${k}`;
  };
  for (let k = 0; k < c; k++) {
    const f = channel('qf', k, c);
    const v = channel('qv', cv === 1 ? 0 : k, cv === 1 ? 1 : cv);
    const i = channel('qi', ci === 1 ? 0 : k, ci === 1 ? 1 : ci);
    nodes.push({ id: `jv${k}`, op: 'jointHistogram256', inputs: { a: v, b: f } }, { id: `ji${k}`, op: 'jointHistogram256', inputs: { a: i, b: f } });
    outputs[`jv${k}`] = `jv${k}`;
    outputs[`ji${k}`] = `ji${k}`;
  }
  return { inputs: ['vi', 'ir', 'fused'], nodes, outputs };
}

const entropyBits = (h: Float32Array, n: number) => h.reduce((e, c) => (c > 0 ? e - (c / n) * Math.log2(c / n) : e), 0);
function entropyNats(h: ArrayLike<number>, n: number): number {
  let e = 0;
  for (let i = 0; i < h.length; i++) if (h[i] > 0) e -= (h[i] / n) * Math.log(h[i] / n);
  return e;
}

function crossEntropy(hx: Float32Array, hf: Float32Array, n: number): number {
  let s = 0;
  for (let k = 0; k < 256; k++) if (hx[k] > 0 && hf[k] > 0) s += (hx[k] / n) * Math.log2(hx[k] / hf[k]);
  return s;
}

function mutualInfo(joint: Float32Array, n: number): number {
  const rows = new Float64Array(256);
  const cols = new Float64Array(256);
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) { rows[a] += joint[a * 256 + b]; cols[b] += joint[a * 256 + b]; }
  return entropyNats(rows, n) + entropyNats(cols, n) - entropyNats(joint, n);
}

/** EN, CE, MI, PSNR, RMSE and Variance of one triple of 8-bit levels, computed on the engine's GPU. */
export async function vifbMetricsGpu(engine: Fusegpu, vi: Tensor, ir: Tensor, fused: Tensor, which: readonly GpuMetric[] = GPU_METRICS): Promise<Record<GpuMetric, number>> {
  const [c, h, w] = fused.shape;
  for (const [name, t] of [['visible', vi], ['infrared', ir]] as const) {
    if (t.shape[1] !== h || t.shape[2] !== w) fail('shape', `${name} image is ${t.shape[2]}x${t.shape[1]} but the fused image is ${w}x${h}`);
    if (t.shape[0] !== 1 && t.shape[0] !== c) fail('shape', `${name} image must have 1 or ${c} channels, got ${t.shape[0]}`);
  }
  const r = (await engine.run(metricsPipeline(c, vi.shape[0], ir.shape[0]), { vi, ir, fused }, { backend: 'gpu' })).outputs;
  const n = h * w;
  const hist = (t: Tensor, k: number) => t.data.subarray(k * 256, (k + 1) * 256);
  const per: Record<GpuMetric, number[]> = { Entropy: [], Cross_entropy: [], Mutinf: [], Psnr: [], Rmse: [], Variance: [], Avg_gradient: [], Edge_intensity: [], Spatial_frequency: [], Ssim: [], Qabf: [] };
  const valid = (h - 2 * SSIM_RADIUS) * (w - 2 * SSIM_RADIUS);
  const g = (k: number, plane: number) => r.sg.data[(4 * k + plane) * 4];
  let rows = 0;
  let cols = 0;
  for (let k = 0; k < c; k++) {
    const hf = hist(r.hf, k);
    const hv = hist(r.hv, vi.shape[0] === 1 ? 0 : k);
    const hi = hist(r.hi, ir.shape[0] === 1 ? 0 : k);
    per.Entropy.push(entropyBits(hf, n));
    per.Cross_entropy.push((crossEntropy(hv, hf, n) + crossEntropy(hi, hf, n)) / 2);
    per.Mutinf.push(mutualInfo(r[`jv${k}`].data, n) + mutualInfo(r[`ji${k}`].data, n));
    const [s, q] = [r.sf.data[k * 4], r.sf.data[k * 4 + 1]];
    per.Variance.push(Math.sqrt(Math.max(q / n - (s / n) ** 2, 0)));
    const dv = Math.sqrt(r.sdv.data[k * 4 + 1]) / n;
    const di = Math.sqrt(r.sdi.data[k * 4 + 1]) / n;
    per.Rmse.push((dv + di) / 2);
    per.Psnr.push(20 * Math.log10(255 / Math.sqrt((dv + di) / 2)));
    per.Avg_gradient.push(g(k, 0) / ((h - 1) * (w - 1)));
    per.Edge_intensity.push(g(k, 1) / n);
    rows += g(k, 2);
    cols += g(k, 3);
    per.Ssim.push(r.ssvi.data[k * 4] / valid + r.ssir.data[k * 4] / valid);
    per.Qabf.push(r.sq.data[k * 4] / r.sq.data[(c + k) * 4]);
  }
  // VIFB's spatial frequency is one number over the H x (C W) strip of all bands
  per.Spatial_frequency = new Array(c).fill(Math.sqrt(rows / (h * w * c) + cols / (h * w * c)));
  const out = {} as Record<GpuMetric, number>;
  for (const m of which) out[m] = per[m].reduce((a, b) => a + b, 0) / c;
  return out;
}
