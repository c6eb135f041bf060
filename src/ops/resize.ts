import type { OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, type Params } from '../core/params.js';
import type { Shape } from '../core/tensor.js';
import { resizeBilinearRef } from '../reference/nn.js';

function target(x: Shape, p: Params): [number, number] {
  const s = num(p, 'scale');
  const h = num(p, 'height') || (s > 0 ? Math.floor(x[1] * s) : 0);
  const w = num(p, 'width') || (s > 0 ? Math.floor(x[2] * s) : 0);
  if (h < 1 || w < 1) fail('bad-param', `resizeBilinear: give height and width, or a scale > 0 (got height ${h}, width ${w} for a ${x[2]}x${x[1]} input)`);
  return [h, w];
}

export const resizeBilinear: OpDescriptor = {
  kind: 'kernel',
  name: 'resizeBilinear',
  summary: "F.interpolate(mode='bilinear') with align_corners true or false, no antialiasing",
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: () => ['y'],
  params: [
    { name: 'height', type: 'int', default: 0, min: 0, max: 65536, doc: 'output rows; 0 = from scale' },
    { name: 'width', type: 'int', default: 0, min: 0, max: 65536, doc: 'output columns; 0 = from scale' },
    { name: 'scale', type: 'number', default: 0, min: 0, doc: 'scale factor when height/width are 0 (output = floor(size * scale); the source index uses the size ratio)' },
    { name: 'alignCorners', type: 'bool', default: false, doc: 'PyTorch align_corners' },
  ],
  shapes: ({ x }, p) => {
    const [h, w] = target(x, p);
    return { y: [x[0], h, w] as Shape };
  },
  reference: ({ x }, p) => {
    const [h, w] = target(x.shape, p);
    return { y: resizeBilinearRef(x, h, w, p.alignCorners as boolean) };
  },
  gpu: ({ x }, { y }, p) => ({
    passes: [{
      shader: 'resize_bilinear', entry: 'main', bindings: { x: 'x', y: 'y' },
      uniforms: { inW: x[2], inH: x[1], outW: y[2], outH: y[1], channels: x[0], alignCorners: p.alignCorners ? 1 : 0 },
      grid: [y[2], y[1], y[0]],
    }],
  }),
  // The source coordinate is computed in float32 on the GPU (as PyTorch does) and in float64
  // here: three roundings put it within 2 ulp of the source size; for values in [-1, 1] two
  // neighbours differ by <= 2, so the output moves by <= 2 * 2 ulp, plus the lerps' roundings.
  accuracy: (_p, s) => {
    const ulp = 2 ** (Math.ceil(Math.log2(Math.max(s.x[1], s.x[2]) + 1)) - 24);
    return { atol: 4 * ulp + 6 * 2 ** -24, rtol: 0, why: `float32 source coordinates within 2 ulp (${ulp.toExponential(1)}) times the largest neighbour step (2), plus 3 lerp roundings` };
  },
};
