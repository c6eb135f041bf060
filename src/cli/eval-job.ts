import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { FusegpuError, fail } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Backend, Fusegpu } from '../engine.js';
import { summarise, type EvalReport, type EvalRow } from '../metrics/report.js';
import { toLevels, vifbMetrics, type Profile, type VifbMetric } from '../metrics/vifb.js';
import { GPU_METRICS, vifbMetricsGpu, type GpuMetric } from '../metrics/vifb-gpu.js';
import type { WeightFile } from '../nn/safetensors.js';
import { readImage, type DecodedImage } from '../node/io.js';
import { imagesByStem, pairFolders } from './pairs.js';

export interface EvalJob {
  ir: string;
  vis: string;
  /** Folders of fused images named like the pairs; the folder name is the method's name. */
  fused: string[];
  /** Methods to fuse on the fly (their 8-bit result is scored, as if written to PNG). */
  methods: string[];
  metrics: VifbMetric[];
  /** Definitions of VIFB's metrics (the others always follow their papers). */
  profile?: Profile;
  backend: Backend;
  weights?: WeightFile;
  progress: boolean;
}

/** 8-bit images back to their integer levels (VIFB scores imread's uint8); deeper ones scaled to 0..255. */
function levels(img: DecodedImage): Tensor {
  const t = img.tensor;
  return img.bitDepth <= 8 ? toLevels(t) : { shape: t.shape, data: t.data.map((v) => v * 255) };
}

function requireFolder(d: string): void {
  if (!existsSync(d) || !statSync(d).isDirectory()) fail('usage', `${d}: not a folder`);
}

/**
 * One triple's metrics: on the GPU backend those with GPU kernels (all of them today) come
 * from one upload (vifbMetricsGpu: within 1e-4 of the CPU references, kernels-tests/metrics-gpu
 * derives each bound), any other from the CPU references; the cpu backend, or shapes the GPU path does not take (a colour source with a
 * grey fused image, sides under SSIM's 11-pixel window), use the CPU references throughout.
 */
async function scoreTriple(engine: Fusegpu, backend: Backend, vi: Tensor, ir: Tensor, fused: Tensor, metrics: readonly VifbMetric[], profile: Profile): Promise<Partial<Record<VifbMetric, number>>> {
  const [c, h, w] = fused.shape;
  const onGpu = metrics.filter((m): m is GpuMetric => (GPU_METRICS as readonly string[]).includes(m));
  const fits = [vi, ir].every((t) => t.shape[0] === 1 || t.shape[0] === c) && Math.min(h, w) >= 11;
  if (backend !== 'gpu' || !engine.gpu || !onGpu.length || !fits) return vifbMetrics(vi, ir, fused, metrics, profile);
  const rest = metrics.filter((m) => !onGpu.includes(m as GpuMetric));
  return { ...(rest.length ? vifbMetrics(vi, ir, fused, rest, profile) : {}), ...(await vifbMetricsGpu(engine, vi, ir, fused, onGpu, profile)) };
}

/** Scores every pair with every method; bad or missing files become failures, never silent gaps. */
export async function evaluate(engine: Fusegpu, job: EvalJob): Promise<EvalReport> {
  for (const d of [job.ir, job.vis, ...job.fused]) requireFolder(d);
  if (!job.fused.length && !job.methods.length) fail('usage', 'give --fused DIR (one or more) or --methods NAME,...');
  const names = job.fused.map((d) => basename(resolve(d)));
  if (new Set([...names, ...job.methods]).size !== names.length + job.methods.length) fail('usage', `method names must differ: ${[...names, ...job.methods].join(', ')}`);
  const { pairs, problems } = pairFolders(job.ir, job.vis);
  const fusedFiles = job.fused.map((d) => imagesByStem(d));
  const failures = [...problems];
  const rows: EvalRow[] = [];
  const total = pairs.length * (job.fused.length + job.methods.length);
  const bar = job.progress && process.stderr.isTTY ? new SingleBar({ format: 'scoring {bar} {value}/{total} {item}' }, Presets.shades_classic) : undefined;
  bar?.start(total, 0, { item: '' });
  try {
    for (const [stem, irPath, visPath] of pairs) {
      let ir: Tensor;
      let vis: Tensor;
      let irLevels: Tensor;
      let visLevels: Tensor;
      try {
        const a = readImage(irPath);
        const b = readImage(visPath);
        [ir, vis, irLevels, visLevels] = [a.tensor, b.tensor, levels(a), levels(b)];
        if (ir.shape[1] !== vis.shape[1] || ir.shape[2] !== vis.shape[2]) fail('shape', `${irPath} is ${ir.shape[2]}x${ir.shape[1]} but ${visPath} is ${vis.shape[2]}x${vis.shape[1]}`);
      } catch (e) {
        failures.push(`${stem}: ${(e as Error).message} (skipped for every method)`);
        bar?.increment(job.fused.length + job.methods.length);
        continue;
      }
      const backend = job.backend ?? engine.defaultBackend;
      const score = async (method: string, fused: Tensor) => rows.push({ image: stem, method, values: await scoreTriple(engine, backend, visLevels, irLevels, fused, job.metrics, job.profile ?? 'vifb') });
      for (let k = 0; k < job.fused.length; k++) {
        bar?.increment(0, { item: `${stem} ${names[k]}` });
        try {
          const files = fusedFiles[k].get(stem);
          if (!files) fail('io', `${job.fused[k]}: no fused image named ${stem}.*`);
          if (files.length > 1) fail('io', `${job.fused[k]}: several fused images named ${stem}.* (${files.join(', ')})`);
          await score(names[k], levels(readImage(files[0])));
        } catch (e) {
          if (!(e instanceof FusegpuError)) throw e;
          failures.push(`${stem} / ${names[k]}: ${e.message}`);
        }
        bar?.increment(1);
      }
      for (const method of job.methods) {
        bar?.increment(0, { item: `${stem} ${method}` });
        try {
          const r = await engine.fuse(ir, vis, { method, weights: job.weights, backend: job.backend });
          await score(method, toLevels(r.fused));
        } catch (e) {
          if (!(e instanceof FusegpuError) || e.code === 'device-lost' || e.code === 'timeout') throw e;
          failures.push(`${stem} / ${method}: ${e.message}`);
        }
        bar?.increment(1);
      }
    }
  } finally {
    bar?.stop();
  }
  return summarise(job.metrics, rows, failures, job.profile ?? 'vifb');
}
