import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { FusegpuError, fail } from '../core/errors.js';
import { resizeBilinear } from '../core/resize.js';
import type { Tensor } from '../core/tensor.js';
import type { Backend, Fusegpu } from '../engine.js';
import { getMethod } from '../methods/registry.js';
import { readImage, writeImage } from '../node/io.js';
import { methodParams } from './method-options.js';
import type { WeightFile } from '../nn/safetensors.js';

export interface FuseJobOptions {
  method: string;
  backend: Backend;
  force: boolean;
  resize: boolean;
  verify: boolean;
  bitDepth: 8 | 16;
  raw: Record<string, unknown>;
  weights?: WeightFile;
  tile?: number;
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

/** Reads a pair, fuses it, writes the result atomically; returns a one-line summary. */
export async function fuseFiles(engine: Fusegpu, irPath: string, visPath: string, outPath: string, o: FuseJobOptions): Promise<string> {
  if (samePath(outPath, irPath) || samePath(outPath, visPath)) fail('usage', `${outPath}: output would overwrite an input`);
  if (existsSync(outPath) && !o.force) fail('usage', `${outPath}: exists; pass --force to overwrite`);
  const method = getMethod(o.method);
  const params = methodParams(method.params, o.raw);
  let ir: Tensor = readImage(irPath).tensor;
  const visImg = readImage(visPath);
  const vis = visImg.tensor;
  if (ir.shape[1] !== vis.shape[1] || ir.shape[2] !== vis.shape[2]) {
    if (!o.resize) {
      fail('shape', `${irPath} is ${ir.shape[2]}x${ir.shape[1]} but ${visPath} is ${vis.shape[2]}x${vis.shape[1]}; pass --resize to resize the infrared image to the visible size`);
    }
    ir = resizeBilinear(ir, vis.shape[1], vis.shape[2]);
  }
  const fuseOpts = { method: o.method, params, weights: o.weights, tile: o.tile, backend: o.backend };
  const spec = engine.methodPipeline(ir, vis, fuseOpts);
  let note = '';
  if (o.verify) {
    const diffs = await engine.verify(spec, engine.methodInputs(ir, vis, fuseOpts));
    const worst = diffs.reduce((a, b) => (b.maxAbs > a.maxAbs ? b : a));
    note = `; verify: max |gpu-cpu| ${worst.maxAbs.toExponential(2)} at ${worst.node} over ${diffs.length} nodes`;
  }
  const r = await engine.fuse(ir, vis, fuseOpts);
  const fused = r.fused;
  for (const v of fused.data) if (!Number.isFinite(v)) throw new FusegpuError('validation', `${outPath}: the fusion produced non-finite values; nothing written`);
  writeImage(outPath, fused, o.bitDepth);
  const stats = (r.stats ? `, ${r.stats.dispatches} dispatches` : '') + (r.tiles > 1 ? ` in ${r.tiles} tiles` : '');
  return `${outPath}: ${fused.shape[2]}x${fused.shape[1]} ${fused.shape[0] === 3 ? 'colour' : 'grey'}, ${o.method} on ${r.backend}${stats}${note}`;
}
