import { resolveParams } from '../core/params.js';
import { allOps } from './registry.js';

/** Every registered op with its inputs, outputs (for default parameters) and parameters, as plain JSON. */
export function describeOps() {
  return allOps().map((op) => {
    const defaults = resolveParams(op.name, op.params, {});
    const inputs = op.kind === 'macro' ? op.inputs(defaults) : op.inputs;
    return {
      name: op.name,
      kind: op.kind,
      summary: op.summary,
      inputs: inputs.map((i) => ({ name: i.name, optional: !!i.optional, doc: i.doc })),
      outputs: op.outputs(defaults),
      params: op.params,
    };
  });
}
