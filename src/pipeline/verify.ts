import type { Tensor } from '../core/tensor.js';
import type { GpuContext } from '../gpu/context.js';
import { runGpu } from '../gpu/executor.js';
import { runCpu } from './cpu-executor.js';
import type { Graph } from './spec.js';

export interface NodeDiff {
  node: string;
  op: string;
  value: string;
  maxAbs: number;
  meanAbs: number;
  /** Non-finite values on either side; NaN only matches NaN. */
  nonFinite: number;
}

export function diffTensors(a: Tensor, b: Tensor): { maxAbs: number; meanAbs: number; nonFinite: number } {
  let max = 0;
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y)) && x !== y) bad++;
      continue;
    }
    const d = Math.abs(x - y);
    sum += d;
    if (d > max) max = d;
  }
  return { maxAbs: max, meanAbs: a.data.length ? sum / a.data.length : 0, nonFinite: bad };
}

/** Runs a pipeline on both backends and reports the difference at every node output. */
export async function verify(ctx: GpuContext, g: Graph, inputs: Record<string, Tensor>): Promise<NodeDiff[]> {
  const cpu = runCpu(g, inputs, true).values!;
  const gpu = (await runGpu(ctx, g, inputs, { keepAll: true })).values!;
  const out: NodeDiff[] = [];
  for (const n of g.nodes) {
    for (const v of Object.values(n.outputs)) {
      out.push({ node: n.id, op: n.op.name, value: v, ...diffTensors(gpu.get(v)!, cpu.get(v)!) });
    }
  }
  return out;
}
