import type { GpuPass, OpDescriptor, Shapes } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { fmtShape, numel, tensor, type Shape, type Tensor } from '../core/tensor.js';
import { ACTIVATIONS, activate } from '../reference/nn.js';
import { flatGrid } from './shape-rules.js';

/** The shared uniform struct of shaders/elementwise.wgsl with every field set (unused ones 0), and the flat grid. */
function flat(s: Shape, fields: Record<string, number> = {}) {
  const { rowLen, grid } = flatGrid(numel(s));
  const uniforms = { count: numel(s), rowLen, plane: s[1] * s[2], channels: s[0], op: 0, alpha: 0, beta: 0, slopeCount: 0, bChannels: 0, dstOffset: 0, srcOffset: 0, ...fields };
  return { uniforms, grid };
}

/** The same over n / 4 vec4s, for the quad entries (count and offsets in vec4s). */
export function flatQuads(n: number, fields: Record<string, number> = {}) {
  return flat([1, 1, n / 4], fields);
}

/** Whether a per-element pass can move whole vec4s. */
const quads = (s: Shape) => numel(s) % 4 === 0;

/** An entry point and its bindings: the quad form where the tensor allows, else the scalar one. */
function pass(entry: string, x: Shape, useQuads: boolean, bindings: Record<string, string>, fields: Record<string, number>): GpuPass {
  if (useQuads) {
    const quadBindings = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [`${k}4`, v]));
    return { shader: 'elementwise', entry: `${entry}Quads`, bindings: quadBindings, ...flatQuads(numel(x), fields) };
  }
  return { shader: 'elementwise', entry, bindings, ...flat(x, fields) };
}

export const activation: OpDescriptor = {
  kind: 'kernel',
  name: 'activation',
  summary: 'element-wise activation: relu, relu6, leakyRelu, prelu (per channel), sigmoid, tanh, softThreshold',
  inputs: [
    { name: 'x', doc: 'any tensor' },
    { name: 'slope', optional: true, doc: 'PReLU slopes: one per channel or one shared' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'fn', type: 'enum', values: ACTIVATIONS.filter((a) => a !== 'none'), default: 'relu', doc: 'the activation' },
    { name: 'alpha', type: 'number', default: 0.01, doc: 'LeakyReLU negative slope, or the soft-threshold level' },
  ],
  shapes: ({ x, slope }, p) => {
    if (slope && numel(slope) !== 1 && numel(slope) !== x[0]) fail('shape', `activation: 'slope' ${fmtShape(slope)} must hold 1 or ${x[0]} values`);
    if (str(p, 'fn') === 'prelu' && !slope) fail('shape', "activation: 'prelu' needs the 'slope' input");
    return { y: x };
  },
  reference: ({ x, slope }, p) => {
    const y = tensor(x.shape);
    const act = ACTIVATIONS.indexOf(str(p, 'fn') as never);
    const plane = x.shape[1] * x.shape[2];
    for (let i = 0; i < x.data.length; i++) {
      const s = slope ? slope.data[slope.data.length === 1 ? 0 : Math.floor(i / plane)] : 0;
      y.data[i] = activate(x.data[i], act, num(p, 'alpha'), s);
    }
    return { y };
  },
  gpu: ({ x, slope }, _o, p) => {
    const slopeCount = slope ? numel(slope) : 0;
    // per-channel slopes need each element's channel: scalar form
    const fields = { op: ACTIVATIONS.indexOf(str(p, 'fn') as never), alpha: num(p, 'alpha'), slopeCount };
    return { passes: [pass('activation', x, quads(x) && slopeCount <= 1, { a: 'x', b: slope ? 'slope' : 'x', y: 'y' }, fields)] };
  },
  // exp in WGSL: 3 + 2|x| ulp for |x| <= 1; the other functions are exact or one rounding.
  accuracy: () => ({ atol: 8 * 2 ** -24, rtol: 2 ** -23, why: 'one rounding, or exp within 5 ulp for inputs in [-1, 1]' }),
};

const BINARY = ['add', 'sub', 'mul', 'max', 'min'] as const;

function binaryRef(a: Tensor, b: Tensor, p: Params): Tensor {
  const y = tensor(a.shape);
  const op = BINARY.indexOf(str(p, 'fn') as never);
  const [al, be] = [num(p, 'alpha'), num(p, 'beta')];
  const plane = a.shape[1] * a.shape[2];
  const bcast = b.shape[0] === 1 && a.shape[0] !== 1;
  for (let i = 0; i < a.data.length; i++) {
    const u = Math.fround(al * a.data[i]);
    const v = Math.fround(be * b.data[bcast ? i % plane : i]);
    y.data[i] = op === 0 ? u + v : op === 1 ? u - v : op === 2 ? u * v : op === 3 ? Math.max(u, v) : Math.min(u, v);
  }
  return y;
}

function requireBroadcast(s: Shapes): void {
  const { a, b } = s;
  if (a[1] !== b[1] || a[2] !== b[2] || (b[0] !== a[0] && b[0] !== 1)) {
    fail('shape', `binary: 'b' ${fmtShape(b)} must match 'a' ${fmtShape(a)} or have one channel of the same size`);
  }
}

export const binary: OpDescriptor = {
  kind: 'kernel',
  name: 'binary',
  summary: 'y = (alpha a) fn (beta b), fn add, sub, mul, max or min; a one-channel b broadcasts over channels',
  inputs: [{ name: 'a', doc: 'any tensor' }, { name: 'b', doc: "same shape as 'a', or one channel" }],
  outputs: () => ['y'],
  params: [
    { name: 'fn', type: 'enum', values: BINARY, default: 'add', doc: 'the operation' },
    { name: 'alpha', type: 'number', default: 1, doc: "scale of 'a'" },
    { name: 'beta', type: 'number', default: 1, doc: "scale of 'b'" },
  ],
  shapes: (s) => {
    requireBroadcast(s);
    return { y: s.a };
  },
  reference: ({ a, b }, p) => ({ y: binaryRef(a, b, p) }),
  gpu: ({ a, b }, _o, p) => {
    const fields = { op: BINARY.indexOf(str(p, 'fn') as never), alpha: num(p, 'alpha'), beta: num(p, 'beta'), bChannels: b[0] };
    // a broadcast b needs each element's position in its plane: scalar form
    return { passes: [pass('binary', a, quads(a) && b[0] === a[0], { a: 'a', b: 'b', y: 'y' }, fields)] };
  },
  accuracy: () => ({ atol: 2 ** -23, rtol: 2 ** -23, why: 'each scaled operand and the result rounded once to float32 as in the reference, except that a backend may fuse a scaling multiply into the add (fma), skipping one rounding' }),
};

export const affine: OpDescriptor = {
  kind: 'kernel',
  name: 'affine',
  summary: 'y = alpha x + beta (eval-mode batch norm of one channel, scaling, shifting)',
  inputs: [{ name: 'x', doc: 'any tensor' }],
  outputs: () => ['y'],
  params: [
    { name: 'alpha', type: 'number', default: 1, doc: 'scale' },
    { name: 'beta', type: 'number', default: 0, doc: 'shift' },
  ],
  shapes: ({ x }) => ({ y: x }),
  reference: ({ x }, p) => {
    const y = tensor(x.shape);
    const [al, be] = [Math.fround(num(p, 'alpha')), Math.fround(num(p, 'beta'))];
    for (let i = 0; i < x.data.length; i++) y.data[i] = Math.fround(al * x.data[i]) + be;
    return { y };
  },
  gpu: ({ x }, _o, p) => ({ passes: [pass('affine', x, quads(x), { a: 'x', y: 'y' }, { alpha: num(p, 'alpha'), beta: num(p, 'beta') })] }),
  // A backend may contract alpha*x + beta into one fma (WGSL allows it): one rounding less.
  accuracy: () => ({ atol: 2 ** -24, rtol: 2 ** -24, why: 'the product may be fused into an fma, skipping one float32 rounding' }),
};

const CONCAT_INPUTS = ['a', 'b', 'c', 'd'] as const;

export const concat: OpDescriptor = {
  kind: 'kernel',
  name: 'concat',
  summary: "channel concatenation of two to four tensors of the same size (torch.cat dim=1)",
  inputs: CONCAT_INPUTS.map((n, i) => ({ name: n, optional: i >= 2, doc: i < 2 ? 'tensor' : 'optional tensor' })),
  outputs: () => ['y'],
  params: [],
  shapes: (s) => {
    const present = CONCAT_INPUTS.filter((n) => s[n]);
    for (const n of present) {
      if (s[n][1] !== s.a[1] || s[n][2] !== s.a[2]) fail('shape', `concat: '${n}' ${fmtShape(s[n])} is not the size of 'a' ${fmtShape(s.a)}`);
    }
    if (s.d && !s.c) fail('shape', "concat: 'd' given without 'c'");
    return { y: [present.reduce((c, n) => c + s[n][0], 0), s.a[1], s.a[2]] as Shape };
  },
  reference: (t) => {
    const present = CONCAT_INPUTS.filter((n) => t[n]);
    const y = tensor([present.reduce((c, n) => c + t[n].shape[0], 0), t.a.shape[1], t.a.shape[2]]);
    let off = 0;
    for (const n of present) {
      y.data.set(t[n].data, off);
      off += t[n].data.length;
    }
    return { y };
  },
  gpu: (s) => {
    const present = CONCAT_INPUTS.filter((n) => s[n]);
    // every input a whole number of vec4s, so every offset is one too: copy vec4s
    const whole = present.every((n) => quads(s[n]));
    let off = 0;
    const passes = present.map((n) => {
      const k = numel(s[n]);
      const p: GpuPass = whole
        ? { shader: 'elementwise', entry: 'copyQuads', bindings: { a4: n, y4: 'y' }, ...flatQuads(k, { dstOffset: off / 4 }) }
        : { shader: 'elementwise', entry: 'copyInto', bindings: { a: n, y: 'y' }, ...flat(s[n], { dstOffset: off }) };
      off += k;
      return p;
    });
    return { passes };
  },
  accuracy: () => ({ atol: 0, rtol: 0, why: 'a copy' }),
};
