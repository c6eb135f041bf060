// VIFB's thirteen metrics (EN, CE, MI, PSNR, RMSE, 'Variance' = VIFB's standard deviation,
// AG, EI, SF, SSIM, Qabf, Qcb, Qcv), CC and SCD from the same sums, VIF and VIFF from the same
// window sums, Nabf and FMI (pixel, gradient), from one upload of the triple: one pipeline of the shared
// statistics ops (histogram256, jointHistogram256, channelSums, quantiseLevels, gradientMaps,
// ssimProducts, sepConv, ssimMap, qabfTerms) and Chen's two (one forward and one inverse
// fft2 of the normalised triple, chenSpectra, qcbTerms, qcvBlocks) on the GPU, then the
// formulas of ./vifb-reference.ts on the few kilobytes of counts and sums it returns. The
// colour handling is vifbMetrics': channel by channel with the matching source channel (a
// grey infrared plane serves every channel), then the mean. Inputs are 8-bit grey levels
// (toLevels).
import type { Fusegpu } from '../engine.js';
import { fail } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { NodeSpec, PipelineSpec } from '../pipeline/spec.js';
import type { Profile, VifbMetric } from './vifb.js';
import { qcbScaleRatio } from '../ops/chen-metrics.js';
import type { FmiFeature } from '../reference/fmi.js';
import { VIFF_C, VIFF_WEIGHTS } from './extra-reference.js';

export const GPU_METRICS = ['Entropy', 'Cross_entropy', 'Mutinf', 'Psnr', 'Rmse', 'Variance', 'Avg_gradient', 'Edge_intensity', 'Spatial_frequency', 'Ssim', 'Qabf', 'Qcb', 'Qcv', 'CC', 'SCD', 'VIF', 'VIFF', 'Nabf', 'FMI_pixel', 'FMI_gradient'] as const satisfies readonly VifbMetric[];

const SSIM_RADIUS = 5;
const SHIFT = 127.5;
export type GpuMetric = (typeof GPU_METRICS)[number];

/**
 * Qcb and Qcv (VIFB's metricsQcb.m, metricsQcv.m): the min-max normalised stack
 * [visible | infrared | fused] goes through one complex fft2 (two real images per complex
 * one); chenSpectra applies both CSFs and packs Qcv's differences and Qcb's images two per
 * complex image for one inverse fft2; Qcb's Gaussian means are two 31-tap sepConvs with zero
 * borders. A constant non-zero source makes VIFB's normalisation divide by zero (NaN); here it
 * normalises to 0 as quantiseLevels does.
 */
function chenNodes(c: number, cv: number, ci: number, nodes: NodeSpec[], outputs: Record<string, string>): void {
  const layout = { channels: c, visChannels: cv, irChannels: ci };
  const stack = { a: 'qv', b: 'qi', c: 'qf', ...((cv + ci + c) % 2 === 1 ? { d: 'qf' } : {}) };
  nodes.push(
    { id: 'chenStack', op: 'concat', inputs: stack },
    { id: 'chenZ', op: 'fft2', inputs: { x: 'chenStack' } },
    { id: 'chenS', op: 'chenSpectra', inputs: { z: 'chenZ' }, params: layout },
    { id: 'chenX', op: 'fft2', inputs: { x: 'chenS' }, params: { inverse: true } },
    { id: 'qcbX', op: 'sliceChannels', inputs: { x: 'chenX' }, params: { start: 2 * c, count: 3 * c } },
    { id: 'qcbS', op: 'sepConv', inputs: { x: 'qcbX' }, params: { ksizeX: 31, sigmaX: 2, border: 'constant' } },
    { id: 'qcbL', op: 'sepConv', inputs: { x: 'qcbX' }, params: { ksizeX: 31, sigmaX: 4, border: 'constant' } },
    { id: 'qcbT', op: 'qcbTerms', inputs: { s: 'qcbS', l: 'qcbL' }, params: { ratio: qcbScaleRatio() } },
    { id: 'sqcb', op: 'channelSums', inputs: { x: 'qcbT' } },
    { id: 'qcv', op: 'qcvBlocks', inputs: { stack: 'chenStack', d: 'chenX' }, params: layout },
  );
  outputs.sqcb = 'sqcb';
  outputs.qcv = 'qcv';
}

/**
 * VIF (vifp_mscale.m, summed over the sources): per scale the stack [A | B | F] gives its
 * centred window sums (vifRows) and VIF's terms for both sources (vifWindows), summed by
 * channelSums; between scales the stack is Gaussian-filtered (sepConv, the scale's window) and
 * decimated from the first 'valid' position (subsample2). Scales whose window does not fit
 * contribute nothing, as in the reference.
 */
function vifNodes(h: number, w: number, want: { vif: boolean; viff: boolean }, nodes: NodeSpec[], outputs: Record<string, string>, full: Record<string, string>): void {
  nodes.push({ id: 'vif1', op: 'concat', inputs: { a: full.vi, b: full.ir, c: 'fused' } });
  let [sh, sw] = [h, w];
  for (let s = 1; s <= 4; s++) {
    const taps = 2 ** (5 - s) + 1;
    const r = (taps - 1) / 2;
    if (s > 1) {
      [sh, sw] = [Math.ceil((sh - 2 * r) / 2), Math.ceil((sw - 2 * r) / 2)];
      if (sh <= 0 || sw <= 0) break;
      nodes.push(
        { id: `vifBlur${s}`, op: 'sepConv', inputs: { x: `vif${s - 1}` }, params: { ksizeX: taps, sigmaX: taps / 5 } },
        { id: `vif${s}`, op: 'subsample2', inputs: { x: `vifBlur${s}` }, params: { offset: r } },
      );
    }
    if (sh < taps || sw < taps) continue;
    nodes.push({ id: `vifRows${s}`, op: 'vifRows', inputs: { stack: `vif${s}` }, params: { taps } });
    for (const variant of (['vif', 'viff'] as const).filter((v) => want[v])) {
      nodes.push(
        { id: `${variant}Terms${s}`, op: 'vifWindows', inputs: { rows: `vifRows${s}`, stack: `vif${s}` }, params: { taps, variant } },
        { id: `${variant}Sums${s}`, op: 'channelSums', inputs: { x: `${variant}Terms${s}` } },
      );
      outputs[`${variant}Sums${s}`] = `${variant}Sums${s}`;
    }
  }
}

export interface MetricsPipelineOptions {
  /** Qcb and Qcv's nodes (two fft2s, the 31-tap Gaussians): default true. */
  chen?: boolean;
  /** The image size [H, W] when VIF or VIFF is wanted (their scales depend on it). */
  vifSize?: readonly [number, number];
  /** With vifSize: which of VIF and VIFF (default VIF only). */
  vifVariants?: { vif: boolean; viff: boolean };
  /** Nabf's per-pixel terms. */
  nabf?: boolean;
  /** FMI's per-window maps for these features. */
  fmi?: readonly FmiFeature[];
  /** Whose definitions: VIFB's (default) or the papers'. */
  profile?: Profile;
  /** Only the nodes these metrics read; the options above then default to every node family (default: no pruning, the options' defaults). */
  metrics?: readonly GpuMetric[];
}

/** The pipeline outputs each metric reads (VIF, VIFF and FMI outputs are matched by prefix). */
const OUTPUTS: Record<GpuMetric, readonly string[]> = {
  Entropy: ['hf'], Cross_entropy: ['hf', 'hv', 'hi'], Mutinf: ['jv', 'ji'], Psnr: ['sdv', 'sdi'], Rmse: ['sdv', 'sdi'],
  Variance: ['sf'], Avg_gradient: ['sg'], Edge_intensity: ['sg'], Spatial_frequency: ['sg'], Ssim: ['ssvi', 'ssir'],
  Qabf: ['sq'], Qcb: ['sqcb'], Qcv: ['qcv'], CC: ['ccvi', 'ccir'], SCD: ['scdvi', 'scdir'], VIF: ['vifSums'],
  VIFF: ['viffSums'], Nabf: ['snabf'], FMI_pixel: ['sfmi_none'], FMI_gradient: ['sfmi_gradient'],
};

/** Keeps the outputs the metrics read and the nodes they depend on. */
function prune(spec: PipelineSpec, metrics: readonly GpuMetric[]): PipelineSpec {
  const wanted = metrics.flatMap((m) => OUTPUTS[m]);
  const outputs = Object.fromEntries(Object.entries(spec.outputs).filter(([k]) => wanted.some((w) => k === w || (k.startsWith(w) && /^\d+$/.test(k.slice(w.length))))));
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  const visit = (id: string) => {
    const n = byId.get(id.split('.')[0]);
    if (!n || keep.has(n.id)) return;
    keep.add(n.id);
    for (const v of Object.values(n.inputs)) visit(String(v));
  };
  for (const id of Object.values(outputs)) visit(id);
  return { ...spec, nodes: spec.nodes.filter((n) => keep.has(n.id)), outputs };
}

/** The statistics pipeline for a triple with these channel counts. */
export function metricsPipeline(c: number, cv: number, ci: number, opts: MetricsPipelineOptions = {}): PipelineSpec {
  // With `metrics`, every node family is built and prune() keeps what those metrics read
  const { metrics, vifSize, profile = 'vifb' } = opts;
  const { chen = true, vifVariants = metrics ? { vif: true, viff: true } : { vif: true, viff: false }, nabf = !!metrics, fmi = metrics ? (['none', 'gradient'] as const) : [] } = opts;
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
  nodes.push({ id: 'qt', op: 'qabfTerms', inputs: { a: full.vi, b: full.ir, f: 'fused' }, params: { equalStrength: profile === 'vifb' ? 'vifb' : 'paper' } }, { id: 'sq', op: 'channelSums', inputs: { x: 'qt' } });
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
    // CC: the correlations of each source with the fused image, from the same shifted products
    nodes.push({ id: `cc${src}`, op: 'channelSums', inputs: { x: `p${src}` } });
    outputs[`cc${src}`] = `cc${src}`;
  }
  // SCD: corr(F - IR, VI) and corr(F - VI, IR), from the differences RMSE already forms
  for (const [d, src] of [['di', 'vi'], ['dv', 'ir']] as const) {
    nodes.push({ id: `q${d}`, op: 'ssimProducts', inputs: { x: d, f: full[src] } }, { id: `scd${src}`, op: 'channelSums', inputs: { x: `q${d}` } });
    outputs[`scd${src}`] = `scd${src}`;
  }
  const channel = (src: string, k: number, count: number) => {
    if (count === 1) return src;
    nodes.push({ id: `${src}${k}`, op: 'sliceChannels', inputs: { x: src }, params: { start: k, count: 1 } });
    return `${src}${k}`;
  };
  // MI: VIFB's from min-max quantised levels, the paper's (Qu et al.) from the levels themselves
  const [qf, qv, qi] = profile === 'vifb' ? ['qf', 'qv', 'qi'] : ['fused', 'vi', 'ir'];
  for (let k = 0; k < c; k++) {
    const f = channel(qf, k, c);
    const v = channel(qv, cv === 1 ? 0 : k, cv === 1 ? 1 : cv);
    const i = channel(qi, ci === 1 ? 0 : k, ci === 1 ? 1 : ci);
    nodes.push({ id: `jv${k}`, op: 'jointHistogram256', inputs: { a: v, b: f } }, { id: `ji${k}`, op: 'jointHistogram256', inputs: { a: i, b: f } });
    outputs[`jv${k}`] = `jv${k}`;
    outputs[`ji${k}`] = `ji${k}`;
  }
  if (chen) chenNodes(c, cv, ci, nodes, outputs);
  if (vifSize) vifNodes(vifSize[0], vifSize[1], vifVariants, nodes, outputs, full);
  if (nabf) {
    nodes.push({ id: 'nabfT', op: 'nabfTerms', inputs: { a: full.vi, b: full.ir, f: 'fused' } }, { id: 'snabf', op: 'channelSums', inputs: { x: 'nabfT' } });
    outputs.snabf = 'snabf';
  }
  for (const feature of fmi) {
    nodes.push({ id: `fmi_${feature}`, op: 'fmiMap', inputs: { a: full.vi, b: full.ir, f: 'fused' }, params: { feature } }, { id: `sfmi_${feature}`, op: 'channelSums', inputs: { x: `fmi_${feature}` } });
    outputs[`sfmi_${feature}`] = `sfmi_${feature}`;
  }
  const spec = { inputs: ['vi', 'ir', 'fused'], nodes, outputs };
  return metrics ? prune(spec, metrics) : spec;
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

/** MI from a joint histogram, in nats (VIFB) or bits (the paper). */
function mutualInfo(joint: Float32Array, n: number, bits: boolean): number {
  const rows = new Float64Array(256);
  const cols = new Float64Array(256);
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) { rows[a] += joint[a * 256 + b]; cols[b] += joint[a * 256 + b]; }
  return (entropyNats(rows, n) + entropyNats(cols, n) - entropyNats(joint, n)) / (bits ? Math.LN2 : 1);
}

/** Pearson's correlation of planes x, f from channelSums of their ssimProducts [5C] (channel k of C). */
function corrFromProducts(sums: Float32Array, k: number, c: number, n: number): number {
  const at = (band: number) => sums[(band * c + k) * 4];
  const [sx, sf, sxx, sff, sxf] = [at(0), at(1), at(2), at(3), at(4)];
  return (sxf - (sx * sf) / n) / Math.sqrt((sxx - (sx * sx) / n) * (sff - (sf * sf) / n));
}

function qcvRatio(blocks: Float32Array, k: number, count: number): number {
  let num = 0;
  let den = 0;
  const at = (plane: number, b: number) => blocks[(4 * k + plane) * count + b];
  for (let b = 0; b < count; b++) {
    num += at(0, b) * at(2, b) + at(1, b) * at(3, b);
    den += at(0, b) + at(1, b);
  }
  return num / den;
}

/** The metrics of one triple of 8-bit levels (VIFB's 13 and the seven VIFB lacks) with the profile's definitions, computed on the engine's GPU from one upload, running only the nodes the asked metrics read. */
export async function vifbMetricsGpu(engine: Fusegpu, vi: Tensor, ir: Tensor, fused: Tensor, which: readonly GpuMetric[] = GPU_METRICS, profile: Profile = 'vifb'): Promise<Record<GpuMetric, number>> {
  const unknown = which.filter((m) => !(GPU_METRICS as readonly string[]).includes(m));
  if (unknown.length || which.length === 0) fail('usage', `vifbMetricsGpu: ${which.length ? `unknown metric ${unknown.map((m) => `'${m}'`).join(', ')}` : 'no metric asked for'}; the metrics are ${GPU_METRICS.join(', ')}`);
  const [c, h, w] = fused.shape;
  for (const [name, t] of [['visible', vi], ['infrared', ir]] as const) {
    if (t.shape[1] !== h || t.shape[2] !== w) fail('shape', `${name} image is ${t.shape[2]}x${t.shape[1]} but the fused image is ${w}x${h}`);
    if (t.shape[0] !== 1 && t.shape[0] !== c) fail('shape', `${name} image must have 1 or ${c} channels, got ${t.shape[0]}`);
  }
  const spec = metricsPipeline(c, vi.shape[0], ir.shape[0], { vifSize: [h, w], profile, metrics: which });
  const r = (await engine.run(spec, { vi, ir, fused }, { backend: 'gpu' })).outputs;
  const n = h * w;
  const hist = (t: Tensor, k: number) => t.data.subarray(k * 256, (k + 1) * 256);
  const per = Object.fromEntries(GPU_METRICS.map((m) => [m, [] as number[]])) as Record<GpuMetric, number[]>;
  const valid = (h - 2 * SSIM_RADIUS) * (w - 2 * SSIM_RADIUS);
  const g = (k: number, plane: number) => r.sg.data[(6 * k + plane) * 4];
  // (each metric reads only its own outputs: the pipeline holds just the nodes the asked metrics need)
  const std = profile === 'standard';
  const vifSums = Object.keys(r).filter((key) => key.startsWith('vifSums'));
  // VIFF's windows per scale ('valid' windows of the decimated images), each adding C to both sums
  const viffWindows: number[] = [];
  for (let s = 1, [sh, sw] = [h, w]; s <= 4; s++) {
    const taps = 2 ** (5 - s) + 1;
    if (s > 1) [sh, sw] = [Math.ceil((sh - taps + 1) / 2), Math.ceil((sw - taps + 1) / 2)];
    viffWindows.push(Math.max(sh - taps + 1, 0) * Math.max(sw - taps + 1, 0));
  }
  const want = (m: GpuMetric) => which.includes(m);
  let rows = 0;
  let cols = 0;
  for (let k = 0; k < c; k++) {
    if (want('Entropy') || want('Cross_entropy')) {
      const hf = hist(r.hf, k);
      per.Entropy.push(entropyBits(hf, n));
      if (want('Cross_entropy')) per.Cross_entropy.push((crossEntropy(hist(r.hv, vi.shape[0] === 1 ? 0 : k), hf, n) + crossEntropy(hist(r.hi, ir.shape[0] === 1 ? 0 : k), hf, n)) / 2);
    }
    if (want('Mutinf')) per.Mutinf.push(mutualInfo(r[`jv${k}`].data, n, std) + mutualInfo(r[`ji${k}`].data, n, std));
    if (want('Variance')) {
      const [s, q] = [r.sf.data[k * 4], r.sf.data[k * 4 + 1]];
      per.Variance.push(Math.sqrt(Math.max(q / n - (s / n) ** 2, 0)));
    }
    if (want('Psnr') || want('Rmse')) {
      const [ev, ei] = [r.sdv.data[k * 4 + 1], r.sdi.data[k * 4 + 1]];
      if (std) {
        // the paper's MSE, averaged over the sources; PSNR = 10 log10(255^2 / MSE)
        const mse = (ev / n + ei / n) / 2;
        per.Rmse.push(Math.sqrt(mse));
        per.Psnr.push(10 * Math.log10((255 * 255) / mse));
      } else {
        const dv = Math.sqrt(ev) / n;
        const di = Math.sqrt(ei) / n;
        per.Rmse.push((dv + di) / 2);
        per.Psnr.push(20 * Math.log10(255 / Math.sqrt((dv + di) / 2)));
      }
    }
    if (want('Avg_gradient') || want('Edge_intensity') || want('Spatial_frequency')) {
      per.Avg_gradient.push(g(k, std ? 4 : 0) / ((h - 1) * (w - 1)));
      per.Edge_intensity.push(g(k, 1) / n);
      if (std) per.Spatial_frequency.push(Math.sqrt((g(k, 2) + g(k, 3)) / n));
      rows += g(k, 2) + g(k, 5);
      cols += g(k, 3);
    }
    if (want('Ssim')) per.Ssim.push(((r.ssvi.data[k * 4] + r.ssir.data[k * 4]) / valid) / (std ? 2 : 1));
    if (want('Qabf')) per.Qabf.push(r.sq.data[k * 4] / r.sq.data[(c + k) * 4]);
    if (want('VIF')) {
      // per source: the sums of the numerator and denominator terms over the scales, then their ratio
      const total = (band: number) => vifSums.reduce((t, key) => t + r[key].data[(band * c + k) * 4], 0);
      per.VIF.push(total(0) / total(1) + total(2) / total(3));
    }
    if (want('VIFF')) {
      // per scale F_i = (sum VID + C n_i) / (sum VIND + C n_i), a missing scale 0 / 0 as in the reference
      const scale = (i: number, band: number) => (r[`viffSums${i + 1}`]?.data[(band * c + k) * 4] ?? 0) + VIFF_C * viffWindows[i];
      per.VIFF.push(VIFF_WEIGHTS.reduce((t, p, i) => t + p * (scale(i, 0) / scale(i, 1)), 0));
    }
    if (want('Nabf')) per.Nabf.push(r.snabf.data[k * 4] / r.snabf.data[(c + k) * 4]);
    for (const [metric, feature] of [['FMI_pixel', 'none'], ['FMI_gradient', 'gradient']] as const) {
      if (want(metric)) per[metric].push(h < 3 || w < 3 ? NaN : r[`sfmi_${feature}`].data[k * 4] / ((h - 2) * (w - 2)));
    }
    if (want('CC')) per.CC.push((corrFromProducts(r.ccvi.data, k, c, n) + corrFromProducts(r.ccir.data, k, c, n)) / 2);
    if (want('SCD')) per.SCD.push(corrFromProducts(r.scdvi.data, k, c, n) + corrFromProducts(r.scdir.data, k, c, n));
    if (want('Qcb')) per.Qcb.push(r.sqcb.data[k * 4] / n);
    if (want('Qcv')) per.Qcv.push(qcvRatio(r.qcv.data, k, r.qcv.shape[1] * r.qcv.shape[2]));
  }
  // VIFB's spatial frequency is one number over the H x (C W) strip of all bands
  if (!std) per.Spatial_frequency = new Array(c).fill(Math.sqrt(rows / (h * w * c) + cols / (h * w * c)));
  const out = {} as Record<GpuMetric, number>;
  for (const m of which) out[m] = per[m].reduce((a, b) => a + b, 0) / c;
  return out;
}
