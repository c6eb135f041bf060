import type { Accuracy, OpDescriptor, Shapes, Tensors } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { fmtShape, numel, type Shape } from '../core/tensor.js';
import { ACTIVATIONS, conv2dRef, convOutSize, convTranspose2dRef, convTransposeOutSize, type ConvGeometry, type Epilogue } from '../reference/nn.js';
import { sumErrorBound } from './shape-rules.js';

const PAD_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;
/** Border ids of src/reference/border.ts: PyTorch 'reflect' is OpenCV reflect-101. */
const PAD_BORDER = { zeros: 3, reflect: 0, replicate: 2, circular: 4 } as const;

const activationParams: ParamSpec[] = [
  { name: 'activation', type: 'enum', values: ACTIVATIONS, default: 'none', doc: 'fused activation; prelu reads the slope input' },
  { name: 'alpha', type: 'number', default: 0.01, doc: 'LeakyReLU negative slope, or the soft-threshold level' },
];

const geometryParams: ParamSpec[] = [
  { name: 'stride', type: 'int', default: 1, min: 1, max: 64, doc: 'stride along both axes' },
  { name: 'dilation', type: 'int', default: 1, min: 1, max: 64, doc: 'dilation along both axes' },
  { name: 'groups', type: 'int', default: 1, min: 1, doc: 'channel groups (groups = in channels: depthwise)' },
];

const inputs = [
  { name: 'x', doc: 'input feature maps [C, H, W]' },
  { name: 'weight', doc: 'PyTorch weight flattened to [O*I/groups, kh, kw] for conv2d, [I*O/groups, kh, kw] for convTranspose2d (same memory order as OIHW / IOHW)' },
  { name: 'bias', optional: true, doc: 'one value per output channel' },
  { name: 'slope', optional: true, doc: 'PReLU slopes: one per output channel or one shared' },
];

const actId = (p: Params) => ACTIVATIONS.indexOf(str(p, 'activation') as never);

interface Resolved { g: ConvGeometry; inC: number; outC: number; oh: number; ow: number }

function checkEpilogue(op: string, s: Shapes, p: Params, outC: number): void {
  if (s.bias && numel(s.bias) !== outC) fail('shape', `${op}: 'bias' ${fmtShape(s.bias)} must hold ${outC} values (one per output channel)`);
  if (s.slope && numel(s.slope) !== 1 && numel(s.slope) !== outC) fail('shape', `${op}: 'slope' ${fmtShape(s.slope)} must hold 1 or ${outC} values`);
  if (str(p, 'activation') === 'prelu' && !s.slope) fail('shape', `${op}: activation 'prelu' needs the 'slope' input`);
}

function epilogue(t: Tensors, p: Params): Epilogue {
  return { bias: t.bias, slope: t.slope, act: actId(p), alpha: num(p, 'alpha') };
}

function groupsCheck(op: string, inC: number, wRows: number, groups: number, weightIsInputMajor: boolean): { cinG: number; outC: number } {
  if (inC % groups !== 0) fail('shape', `${op}: ${inC} input channels do not split into ${groups} groups`);
  const cinG = inC / groups;
  if (weightIsInputMajor) {
    if (wRows % inC !== 0) fail('shape', `${op}: weight has ${wRows} kernels, not a multiple of the ${inC} input channels`);
    return { cinG, outC: (wRows / inC) * groups };
  }
  if (wRows % cinG !== 0) fail('shape', `${op}: weight has ${wRows} kernels, not a multiple of ${cinG} input channels per group`);
  const outC = wRows / cinG;
  if (outC % groups !== 0) fail('shape', `${op}: ${outC} output channels do not split into ${groups} groups`);
  return { cinG, outC };
}

function resolveConv(s: Shapes, p: Params): Resolved {
  const [inC, h, w] = s.x;
  const [wRows, kh, kw] = s.weight;
  const groups = num(p, 'groups');
  const { outC } = groupsCheck('conv2d', inC, wRows, groups, false);
  const dil = num(p, 'dilation');
  const padding = num(p, 'padding');
  const padY = padding < 0 ? (kh >> 1) * dil : padding;
  const padX = padding < 0 ? (kw >> 1) * dil : padding;
  const mode = str(p, 'padMode') as (typeof PAD_MODES)[number];
  if (mode === 'reflect' && (padY >= h || padX >= w)) fail('shape', `conv2d: reflect padding ${padY}x${padX} needs an input larger than the padding, got ${fmtShape(s.x)}`);
  if (mode === 'circular' && (padY > h || padX > w)) fail('shape', `conv2d: circular padding ${padY}x${padX} exceeds the input ${fmtShape(s.x)}`);
  const stride = num(p, 'stride');
  const g: ConvGeometry = { kh, kw, strideY: stride, strideX: stride, dilY: dil, dilX: dil, padY, padX, groups, border: PAD_BORDER[mode] };
  const oh = convOutSize(h, kh, stride, dil, padY);
  const ow = convOutSize(w, kw, stride, dil, padX);
  if (oh < 1 || ow < 1) fail('shape', `conv2d: a ${kh}x${kw} kernel (dilation ${dil}) does not fit the padded ${fmtShape(s.x)} input`);
  return { g, inC, outC, oh, ow };
}

function convAccuracy(taps: number, p: Params): Accuracy {
  const act = str(p, 'activation');
  // Weights and inputs in [-1, 1]: |sum| <= taps (+1 bias). exp in WGSL: 3 + 2|x| ulp.
  const expTerm = act === 'sigmoid' || act === 'tanh' ? (3 + 2 * (taps + 1)) * 2 ** -23 : 0;
  return { atol: sumErrorBound(taps + 1) * 2 + expTerm + 2 ** -22, rtol: 0, why: `float32 sums of ${taps} products of values in [-1, 1] in a different order than the float64 reference (${act === 'none' ? 'no activation' : act}${expTerm ? ', plus exp precision' : ''})` };
}

function uniformsBase(s: Shapes, r: Resolved, p: Params) {
  return {
    inW: s.x[2], inH: s.x[1], inC: r.inC, outW: r.ow, outH: r.oh, outC: r.outC,
    kh: r.g.kh, kw: r.g.kw, strideY: r.g.strideY, strideX: r.g.strideX, dilY: r.g.dilY, dilX: r.g.dilX,
    padY: r.g.padY, padX: r.g.padX, groups: r.g.groups,
    hasBias: s.bias ? 1 : 0, act: actId(p), alpha: num(p, 'alpha'), slopeCount: s.slope ? numel(s.slope) : 0,
  };
}

/** Absent optional inputs bind the weight buffer (never read: hasBias / slopeCount are 0). */
const epilogueBindings = (s: Shapes) => ({ bias: s.bias ? 'bias' : 'weight', slope: s.slope ? 'slope' : 'weight' });

export const conv2d: OpDescriptor = {
  kind: 'kernel',
  name: 'conv2d',
  summary: 'torch conv2d with padding mode, stride, dilation, groups, optional bias and a fused activation',
  inputs,
  outputs: () => ['y'],
  params: [
    ...geometryParams,
    { name: 'padding', type: 'int', default: -1, min: -1, max: 1024, doc: 'padding on every side; -1 = same (kernel/2 * dilation)' },
    { name: 'padMode', type: 'enum', values: PAD_MODES, default: 'zeros', doc: "PyTorch padding_mode ('reflect' mirrors without repeating the edge)" },
    ...activationParams,
  ],
  shapes: (s, p) => {
    const r = resolveConv(s, p);
    checkEpilogue('conv2d', s, p, r.outC);
    return { y: [r.outC, r.oh, r.ow] as Shape };
  },
  reference: (t, p) => {
    const r = resolveConv({ x: t.x.shape, weight: t.weight.shape }, p);
    return { y: conv2dRef(t.x, t.weight, r.outC, r.g, epilogue(t, p)) };
  },
  gpu: (s, _o, p) => {
    const r = resolveConv(s, p);
    const blocks = Math.ceil(r.outC / r.g.groups / 4) * r.g.groups;
    return {
      passes: [{
        shader: 'conv2d', entry: 'main',
        bindings: { x: 'x', weight: 'weight', ...epilogueBindings(s), y: 'y' },
        uniforms: { ...uniformsBase(s, r, p), border: r.g.border },
        constants: { KH: r.g.kh, KW: r.g.kw, CING: r.inC / r.g.groups },
        grid: [Math.ceil(r.ow / 4), r.oh, blocks],
      }],
    };
  },
  accuracy: (p, s) => convAccuracy((s.x[0] / num(p, 'groups')) * s.weight[1] * s.weight[2], p),
};

function resolveTranspose(s: Shapes, p: Params): Resolved & { outPad: number } {
  const [inC, h, w] = s.x;
  const [wRows, kh, kw] = s.weight;
  const groups = num(p, 'groups');
  const { outC } = groupsCheck('convTranspose2d', inC, wRows, groups, true);
  const stride = num(p, 'stride');
  const dil = num(p, 'dilation');
  const pad = num(p, 'padding');
  const outPad = num(p, 'outputPadding');
  if (outPad >= stride && outPad >= dil) fail('bad-param', `convTranspose2d: outputPadding ${outPad} must be smaller than the stride or the dilation (PyTorch's rule)`);
  const oh = convTransposeOutSize(h, kh, stride, dil, pad, outPad);
  const ow = convTransposeOutSize(w, kw, stride, dil, pad, outPad);
  if (oh < 1 || ow < 1) fail('shape', `convTranspose2d: padding ${pad} leaves no output for ${fmtShape(s.x)}`);
  const g: ConvGeometry = { kh, kw, strideY: stride, strideX: stride, dilY: dil, dilX: dil, padY: pad, padX: pad, groups, border: 3 };
  return { g, inC, outC, oh, ow, outPad };
}

export const convTranspose2d: OpDescriptor = {
  kind: 'kernel',
  name: 'convTranspose2d',
  summary: 'torch conv_transpose2d (the adjoint of conv2d), stride, dilation, groups, output padding, bias, fused activation',
  inputs,
  outputs: () => ['y'],
  params: [
    ...geometryParams,
    { name: 'padding', type: 'int', default: 0, min: 0, max: 1024, doc: 'implicit zero padding removed from each side (PyTorch padding)' },
    { name: 'outputPadding', type: 'int', default: 0, min: 0, max: 63, doc: 'extra rows/columns on the bottom/right (PyTorch output_padding)' },
    ...activationParams,
  ],
  shapes: (s, p) => {
    const r = resolveTranspose(s, p);
    checkEpilogue('convTranspose2d', s, p, r.outC);
    return { y: [r.outC, r.oh, r.ow] as Shape };
  },
  reference: (t, p) => {
    const r = resolveTranspose({ x: t.x.shape, weight: t.weight.shape }, p);
    return { y: convTranspose2dRef(t.x, t.weight, r.outC, r.g, r.outPad, r.outPad, epilogue(t, p)) };
  },
  gpu: (s, _o, p) => {
    const r = resolveTranspose(s, p);
    return {
      passes: [{
        shader: 'conv_transpose2d', entry: 'main',
        bindings: { x: 'x', weight: 'weight', ...epilogueBindings(s), y: 'y' },
        uniforms: { ...uniformsBase(s, r, p), border: 3 },
        grid: [r.ow, r.oh, r.outC],
      }],
    };
  },
  // Each output gathers at most I/groups * kh * kw products (fewer with stride > 1).
  accuracy: (p, s) => convAccuracy((s.x[0] / num(p, 'groups')) * s.weight[1] * s.weight[2], p),
};
