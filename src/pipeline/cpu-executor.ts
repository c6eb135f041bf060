import type { Tensors } from '../core/op.js';
import { fail } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkInto, deliver } from './into.js';
import { inferShapes, type Graph } from './spec.js';

export interface RunResult {
  outputs: Record<string, Tensor>;
  /** Every value of the run, when asked for with keepAll (used by verify). */
  values?: Map<string, Tensor>;
}

/** Runs a compiled pipeline with the CPU references, node by node in order; `into` as runGpu's. */
export function runCpu(g: Graph, inputs: Record<string, Tensor>, keepAll = false, into?: Record<string, Tensor>): RunResult {
  checkInto(g, inferShapes(g, Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.shape]))), into);
  const values = new Map<string, Tensor>(Object.entries(inputs));
  for (const n of g.nodes) {
    const ins: Tensors = {};
    for (const [p, v] of Object.entries(n.inputs)) ins[p] = values.get(v)!;
    const outs = n.op.reference(ins, n.params);
    for (const [o, v] of Object.entries(n.outputs)) {
      if (!outs[o]) fail('validation', `node '${n.id}' (${n.op.name}): the CPU reference produced no '${o}'`);
      values.set(v, outs[o]);
    }
  }
  const outputs = deliver(g, values, into);
  return keepAll ? { outputs, values } : { outputs };
}
