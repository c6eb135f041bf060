// Every registered kernel op, on every software adapter, against its CPU reference,
// at every size of SIZES, with the op's own accuracy contract.
import { describe, expect, it } from 'vitest';
import { allOps } from '../src/ops/registry.js';
import { resolveParams } from '../src/core/params.js';
import { mismatch } from './helpers/compare.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';
import { OP_CASES, SIZES, type OpCase } from './helpers/op-cases.js';
import type { OpDescriptor } from '../src/core/op.js';
import type { Tensor } from '../src/core/tensor.js';
import type { EngineRunResult } from '../src/engine.js';

const kernels = allOps().filter((o): o is OpDescriptor => o.kind === 'kernel');

/**
 * An op's cases at one size. At the benchmark size only its first case runs whole: the float64
 * CPU references there were most of the suite's time (236 s of ~390), and the other cases
 * exist to reach parameter and border variants, which MID (rows of whole vec4s, several
 * interior and border blocks, runs and tiles along both axes) reaches as well.
 */
const MID: [number, number] = [96, 128];
function casesAt(name: string, h: number, w: number, r: () => number): OpCase[] {
  if (h * w <= 1e5) return OP_CASES[name](h, w, r);
  const mid = OP_CASES[name](MID[0], MID[1], r).slice(1).map((c) => ({ ...c, label: `${c.label}, run at ${MID[0]} x ${MID[1]}` }));
  return [OP_CASES[name](h, w, r)[0], ...mid];
}
const adapters = await gpuAdapters();

it('every kernel op has sample cases', () => {
  expect(kernels.filter((k) => !OP_CASES[k.name]).map((k) => k.name)).toEqual([]);
});

// Adapters are the inner loop so that each CPU reference (most of this file's time at
// 640 x 512) is computed once for all of them.
// (without any adapter gpuAdapters has printed why, and there is nothing to compare)
describe.skipIf(adapters.length === 0).each(kernels.map((k) => [k.name, k] as const))('%s', (_name, op) => {
  it.each(SIZES)('%i x %i', async (h, w) => {
    const r = rng(h * 7919 + w);
    for (const c of casesAt(op.name, h, w, r)) {
      const inputs = Object.fromEntries(Object.entries(c.inputs).filter((e): e is [string, Tensor] => !!e[1]));
      const outputs = op.outputs(resolveParams(op.name, op.params, c.params ?? {}));
      const spec = {
        inputs: Object.keys(inputs),
        nodes: [{ id: 'n', op: op.name, inputs: Object.fromEntries(Object.keys(inputs).map((k) => [k, k])), params: c.params }],
        outputs: Object.fromEntries(outputs.map((o) => [o, `n.${o}`])),
      };
      const acc = op.accuracy(resolveParams(op.name, op.params, c.params ?? {}), Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.shape])));
      let cpu: EngineRunResult | undefined;
      for (const adapter of adapters) {
        const engine = (await engineFor(adapter))!;
        cpu ??= await engine.run(spec, inputs, { backend: 'cpu' });
        const gpu = await engine.run(spec, inputs, { backend: 'gpu' });
        for (const o of outputs) {
          const msg = mismatch(gpu.outputs[o], cpu.outputs[o], acc);
          expect(msg, `${op.name} [${c.label}] output ${o} at ${h}x${w} on ${adapter} (${acc.why})`).toBe('');
        }
      }
    }
  });
});
