import { fail } from '../core/errors.js';
import type { ParamSpec } from '../core/params.js';
import type { Tensor } from '../core/tensor.js';
import type { WeightFile } from '../nn/safetensors.js';
import type { PipelineSpec } from '../pipeline/spec.js';

/**
 * A fusion method: its parameters and the pipeline it runs for a pair with the given
 * channel counts (1 = grey, 3 = RGB). The pipeline has inputs 'ir' and 'vis' and output 'fused'.
 */
export interface FusionMethod {
  name: string;
  summary: string;
  params: readonly ParamSpec[];
  pipeline(irChannels: number, visChannels: number, params: Record<string, unknown>, weights?: WeightFile): PipelineSpec;
  /** Pipeline inputs besides 'ir' and 'vis' (a network's weights), built from the loaded weights file. */
  constants?(weights: WeightFile | undefined): Record<string, Tensor>;
  /**
   * How far (pixels) an output pixel sees: tiles that overlap by this much reproduce the
   * whole-image result, so images too large for one binding are fused tile by tile.
   * Undefined = not tileable (global support, e.g. a deep pyramid).
   */
  halo?: number;
  /** Smallest height and width the method accepts. */
  minSize?: number;
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
