import { fail } from '../core/errors.js';
import type { ParamSpec } from '../core/params.js';
import type { PipelineSpec } from '../pipeline/spec.js';

/**
 * A fusion method: its parameters and the pipeline it runs for a pair with the given
 * channel counts (1 = grey, 3 = RGB). The pipeline has inputs 'ir' and 'vis' and output 'fused'.
 */
export interface FusionMethod {
  name: string;
  summary: string;
  params: readonly ParamSpec[];
  pipeline(irChannels: number, visChannels: number, params: Record<string, unknown>): PipelineSpec;
}

const methods = new Map<string, FusionMethod>();

export function registerMethod(m: FusionMethod): void {
  if (methods.has(m.name)) fail('usage', `method '${m.name}' is registered twice`);
  methods.set(m.name, m);
}

export function getMethod(name: string): FusionMethod {
  return methods.get(name) ?? fail('bad-param', `unknown fusion method '${name}' (known: ${[...methods.keys()].join(', ')})`);
}

export function allMethods(): FusionMethod[] {
  return [...methods.values()];
}
