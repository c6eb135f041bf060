import { fail } from '../core/errors.js';
import { fmtShape, numel, sameShape, type Shape, type Tensor } from '../core/tensor.js';
import type { Graph } from './spec.js';

/**
 * Caller-owned output tensors (`run(..., { into })`): a throughput loop hands the same
 * tensors to every run instead of taking fresh ones. Worth it in Node: filling a fresh 1.3 MB
 * Float32Array cost 0.5-0.9 ms in page faults here (V8 frees the last run's array only at a
 * later GC), about 5% of a 640x512 Laplacian fusion on llvmpipe.
 * Checked before any work starts: each name is an output of the pipeline and each tensor has
 * the output's shape and a Float32Array of exactly its size.
 */
export function checkInto(g: Graph, shapes: Map<string, Shape>, into: Record<string, Tensor> | undefined): void {
  if (!into) return;
  for (const [k, t] of Object.entries(into)) {
    const v = g.outputs[k];
    if (v === undefined) fail('usage', `into: '${k}' is not an output of the pipeline (outputs: ${Object.keys(g.outputs).join(', ')})`);
    checkIntoTensor(`output '${k}'`, t, shapes.get(v)!);
  }
}

/** Fails unless `t` is a tensor of shape `s` over a Float32Array of exactly its size. */
export function checkIntoTensor(what: string, t: Tensor | undefined, s: Shape): void {
  const shape = t && Array.isArray(t.shape) && t.shape.length === 3 ? t.shape : undefined;
  if (!shape || !sameShape(shape, s)) fail('shape', `into: ${what} is ${fmtShape(s)} but the tensor given for it is ${shape ? fmtShape(shape) : 'not a tensor'}`);
  if (!(t!.data instanceof Float32Array) || t!.data.length !== numel(s)) fail('shape', `into: ${what} needs a Float32Array of ${numel(s)} values`);
}

/** The run's outputs by name, copied into the caller's tensors where `into` has one. */
export function deliver(g: Graph, values: Map<string, Tensor>, into: Record<string, Tensor> | undefined): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(g.outputs).map(([k, v]) => {
      const t = values.get(v)!;
      const mine = into?.[k];
      if (!mine || mine === t) return [k, t];
      mine.data.set(t.data);
      return [k, mine];
    }),
  );
}
