import type { Accuracy, GpuPlan, OpDescriptor, Shapes, Tensors } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { channel, fmtShape, tensor, type Shape, type Tensor } from '../core/tensor.js';
import { fuseRef } from '../reference/fuse.js';
import { addRef, pyrUpRef } from '../reference/pyramid.js';
import { toRgbRef, toYcrcbRef } from '../reference/ycrcb.js';
import { FUSE_RULES, RULE_TUNING, needsActivity, ruleId, ruleParams, ruleUniforms } from './fuse-rules.js';
import { flatGrid, pixelGrid, requireChannels, requirePyrPair, requireSame } from './shape-rules.js';
import { DELTA_PARAM } from './ycrcb.js';

export const fuse: OpDescriptor = {
  kind: 'kernel',
  name: 'fuse',
  summary: 'pixel fusion of two same-shape tensors: mean, maxAbs, weighted, activityMax, activityWeighted',
  accuracy: (p) => ({
    atol: str(p, 'rule') === 'activityWeighted' ? 64 * 2 ** -24 : 4 * 2 ** -24,
    rtol: 0,
    why: 'mean/weighted: 2-3 roundings of values <= 1; choose rules copy an input exactly (same f32 activity sums in the same order); activityWeighted adds a 2.5-ULP WGSL division of a sum of 2 products and window sums up to 225 (|x| <= 1): about 64 ulp of 1',
  }),
  inputs: [
    { name: 'a', doc: 'first source (e.g. infrared)' },
    { name: 'b', doc: 'second source (e.g. visible)' },
  ],
  outputs: () => ['y'],
  params: [...ruleParams('rule', 'mean'), ...RULE_TUNING],
  shapes: ({ a, b }) => {
    requireSame('fuse', ['a', a], ['b', b]);
    return { y: a };
  },
  reference: ({ a, b }, p) => ({ y: fuseRef(a, b, ruleId(str(p, 'rule')), num(p, 'weight'), num(p, 'radius')) }),
  gpu: ({ a }, _o, p) => {
    const n = a[0] * a[1] * a[2];
    // pixel rules on whole vec4s where the tensor allows, one float per invocation otherwise
    const entry = needsActivity(str(p, 'rule')) ? 'activityRule' : n % 4 === 0 ? 'quads' : 'main';
    const { rowLen, grid } = flatGrid(n / 4);
    return {
      passes: [
        {
          shader: 'fuse',
          entry,
          bindings: { a: 'a', b: 'b', dst: 'y', a4: 'a', b4: 'b', dst4: 'y' },
          uniforms: { width: a[2], height: a[1], channels: a[0], ...ruleUniforms(p), rowLen: entry === 'quads' ? rowLen : 0 },
          grid: entry === 'quads' ? grid : pixelGrid(a),
        },
      ],
    };
  },
};

/** One pyramid level of both sources and the level above each. */
const LEVEL_PAIR = [
  { name: 'a', doc: 'Gaussian level k of source a' },
  { name: 'aCoarse', doc: 'Gaussian level k+1 of source a' },
  { name: 'b', doc: 'Gaussian level k of source b' },
  { name: 'bCoarse', doc: 'Gaussian level k+1 of source b' },
];

export const laplacianFuse: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianFuse',
  summary: 'one Laplacian level of two sources and their fusion in one pass: rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse))',
  accuracy: (p) => ({
    atol: str(p, 'rule') === 'activityWeighted' ? 128 * 2 ** -24 : 24 * 2 ** -24,
    rtol: 0,
    why: 'the band is pyrUp (about 16 roundings of sums <= 2) and a subtraction; the rule adds at most the fuse bounds',
    maxMismatchFraction: 0.002,
  }),
  inputs: LEVEL_PAIR,
  outputs: () => ['y'],
  params: [...ruleParams('rule', 'maxAbs'), ...RULE_TUNING],
  shapes: ({ a, aCoarse, b, bCoarse }) => {
    requireSame('laplacianFuse', ['a', a], ['b', b]);
    requirePyrPair('laplacianFuse', ['a', a], ['aCoarse', aCoarse]);
    requirePyrPair('laplacianFuse', ['b', b], ['bCoarse', bCoarse]);
    return { y: a };
  },
  reference: ({ a, aCoarse, b, bCoarse }, p) => {
    const [ba, bb] = bandsRef(a, aCoarse, b, bCoarse);
    return { y: fuseRef(ba, bb, ruleId(str(p, 'rule')), num(p, 'weight'), num(p, 'radius')) };
  },
  gpu: ({ a, aCoarse }, _o, p) => {
    const activityRule = needsActivity(str(p, 'rule'));
    const pass = {
      shader: 'laplacian_fuse',
      entry: activityRule ? 'activity' : 'main',
      bindings: { fineA: 'a', coarseA: 'aCoarse', fineB: 'b', coarseB: 'bCoarse', dst: 'y' },
      uniforms: { width: a[2], height: a[1], channels: a[0], coarseWidth: aCoarse[2], coarseHeight: aCoarse[1], ...ruleUniforms(p) },
      // pixel rules: one 2x2 output block per invocation
      grid: activityRule ? pixelGrid(a) : ([Math.ceil(a[2] / 2), Math.ceil(a[1] / 2), a[0]] as [number, number, number]),
    };
    return { passes: [pass] };
  },
};

/** The rules that look at one pixel only; window-activity rules need laplacianFuse's bands. */
export const PIXEL_RULES = FUSE_RULES.filter((r) => !needsActivity(r));

/** Both sources' bands at one level, rounded to float32 as the kernels hold them before a rule compares them. */
function bandsRef(a: Tensor, aCoarse: Tensor, b: Tensor, bCoarse: Tensor): [Tensor, Tensor] {
  const [, h, w] = a.shape;
  return [
    tensor(a.shape, Float32Array.from(addRef(a, pyrUpRef(aCoarse, h, w), -1).data)),
    tensor(b.shape, Float32Array.from(addRef(b, pyrUpRef(bCoarse, h, w), -1).data)),
  ];
}

// Output row pairs per invocation of the `aligned` entries of laplacian_fuse_up(_rgb).wgsl (their PAIRS).
const FUSE_UP_PAIRS = 8;

const TOP_INPUT = { name: 'top', optional: true, doc: 'the fused pyramid collapsed down to level k+1; absent at the coarsest level: the coarse levels fused by lowRule' };
// a or aCoarse holds both sources stacked as two channels where b or bCoarse is absent (the
// pyramids of laplacianFusion from pyrDownPair on), and top may be absent at the coarsest level
const FUSE_UP_INPUTS = [
  { name: 'a', doc: 'Gaussian level k of source a; without b, both sources stacked (2 channels: a, b)' },
  { name: 'aCoarse', doc: 'Gaussian level k+1 of source a; without bCoarse, both sources stacked (2 channels)' },
  { name: 'b', optional: true, doc: 'Gaussian level k of source b (absent: in a)' },
  { name: 'bCoarse', optional: true, doc: 'Gaussian level k+1 of source b (absent: in aCoarse)' },
  TOP_INPUT,
];
const FUSE_UP_PARAMS = [
  { name: 'rule', type: 'enum', values: PIXEL_RULES, default: 'maxAbs', doc: 'mean | maxAbs | weighted (w*a + (1-w)*b)' },
  { name: 'lowRule', type: 'enum', values: PIXEL_RULES, default: 'mean', doc: 'without top: the rule that fuses the coarse levels into it' },
  RULE_TUNING[0],
] as const;
// laplacianFuse's bound (two pyrUps, a subtraction, the rule: 24 ulp of 1) plus pyrUpAdd's
// (another pyrUp of values <= 1 and the addition: 16); a top made here carries fuse's own
// bound (4 ulp of 1) through pyrUp's weights, which sum to 1
const FUSE_UP_ULP = 40;
const FOLDED_TOP_ULP = 4;
// maxAbs picks the other source where two bands differ in magnitude by less than their rounding
const FUSE_UP_FLIPS = 0.002;

/** How one fuseUp level's inputs are laid out: per-source shapes, which are stacked, whether top is made here. */
interface FuseUpLayout {
  fine: Shape;
  coarse: Shape;
  fineStacked: boolean;
  coarseStacked: boolean;
  folded: boolean;
}

/** Checks a fuseUp level's inputs (b, when given, as `bChannels` planes per source channel: 3 for RGB). */
function fuseUpLayout(op: string, { a, aCoarse, b, bCoarse, top }: Shapes, bChannels = 1): FuseUpLayout {
  const stacked = (name: string, s: Shape, other: string): Shape => {
    if (s[0] !== 2) fail('shape', `${op}: without '${other}', '${name}' holds both sources and must have 2 channels, got ${fmtShape(s)}`);
    return [1, s[1], s[2]];
  };
  let fine: Shape;
  if (b) {
    requireSame(op, ['a', a], ['b', bChannels === 1 ? b : [b[0] / bChannels, b[1], b[2]]]);
    fine = a;
  } else fine = stacked('a', a, 'b');
  let coarse: Shape;
  if (bCoarse) {
    requireSame(op, ['aCoarse', aCoarse], ['bCoarse', bCoarse]);
    coarse = aCoarse;
  } else coarse = stacked('aCoarse', aCoarse, 'bCoarse');
  if (top) requireSame(op, [bCoarse ? 'aCoarse' : 'one source of aCoarse', coarse], ['top', top]);
  requirePyrPair(op, [b ? 'a' : 'a (one source)', fine], [bCoarse ? 'aCoarse' : 'aCoarse (one source)', coarse]);
  return { fine, coarse, fineStacked: !b, coarseStacked: !bCoarse, folded: !top };
}

function fuseUpAccuracy(folded: boolean, extraUlp = 0): Accuracy {
  return {
    atol: (FUSE_UP_ULP + extraUlp + (folded ? FOLDED_TOP_ULP : 0)) * 2 ** -24,
    rtol: 0,
    why: `laplacianFuse's bound (24 ulp of 1) plus pyrUpAdd's (16)${folded ? ", plus fuse's 4 on the top made here, carried through pyrUp's weights" : ''}${extraUlp ? ', plus the colour conversions (see laplacianFuseUpRgb)' : ''}`,
    maxMismatchFraction: FUSE_UP_FLIPS,
  };
}

/** The reference of one level on separate planes: a, aCoarse, b, bCoarse as one source's tensors. */
function fuseUpRef(t: Tensors, l: FuseUpLayout, p: Params): Tensor {
  const a = l.fineStacked ? channel(t.a, 0) : t.a;
  const b = l.fineStacked ? channel(t.a, 1) : t.b;
  const aCoarse = l.coarseStacked ? channel(t.aCoarse, 0) : t.aCoarse;
  const bCoarse = l.coarseStacked ? channel(t.aCoarse, 1) : t.bCoarse;
  const top = l.folded ? fuseRef(aCoarse, bCoarse, ruleId(str(p, 'lowRule')), num(p, 'weight'), 0) : t.top;
  const [, h, w] = a.shape;
  const [ba, bb] = bandsRef(a, aCoarse, b, bCoarse);
  const fused = fuseRef(ba, bb, ruleId(str(p, 'rule')), num(p, 'weight'), 0);
  return addRef(fused, pyrUpRef(top, h, w), 1);
}

/** One pass of laplacian_fuse_up(_rgb).wgsl over the level; `second` binds the second source (its names differ per file). */
function fuseUpPass(shader: string, l: FuseUpLayout, p: Params, second: Record<string, string>, delta: number): GpuPlan {
  const [c, h, w] = l.fine;
  const [, ch, cw] = l.coarse;
  // whole vec4 rows at both levels: 16-column strips of 2 FUSE_UP_PAIRS rows of vec4s, else 2 x 2
  // blocks of floats; the strips' coarse rows assume no fine row past 2 * coarseHeight (OpenCV's
  // odd dstsize)
  const aligned = w === 2 * cw && cw % 4 === 0 && h <= 2 * ch;
  const coarseB = l.coarseStacked ? 'aCoarse' : 'bCoarse';
  // a folded top is not read; its binding takes any buffer
  const top = l.folded ? 'aCoarse' : 'top';
  return {
    passes: [
      {
        shader,
        entry: aligned ? 'aligned' : 'main',
        bindings: { fineA: 'a', coarseA: 'aCoarse', coarseB, top, dst: 'y', fineA4: 'a', coarseA4: 'aCoarse', coarseB4: coarseB, top4: top, dst4: 'y', ...second },
        uniforms: {
          width: w, height: h, channels: c, coarseWidth: cw, coarseHeight: ch, weight: num(p, 'weight'), delta,
          fineBOff: l.fineStacked ? h * w : 0, coarseBOff: l.coarseStacked ? ch * cw : 0,
        },
        constants: { RULE: ruleId(str(p, 'rule')), ...(aligned ? { PAIRS: FUSE_UP_PAIRS } : {}), ...(l.folded ? { FOLD_TOP: 1, LOW_RULE: ruleId(str(p, 'lowRule')) } : {}) },
        grid: aligned ? [Math.ceil(cw / 8), Math.ceil(h / (2 * FUSE_UP_PAIRS)), c] : [Math.ceil(w / 2), Math.ceil(h / 2), c],
      },
    ],
  };
}

export const laplacianFuseUp: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianFuseUp',
  summary:
    'one Laplacian level of two sources fused and collapsed in one pass: rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse)) + pyrUp(top), pixel rules; either source pair may come stacked in one tensor, and the coarsest level makes its top',
  accuracy: (_p, s) => fuseUpAccuracy(!s.top),
  inputs: FUSE_UP_INPUTS,
  outputs: () => ['y'],
  params: [...FUSE_UP_PARAMS],
  shapes: (s) => ({ y: fuseUpLayout('laplacianFuseUp', s).fine }),
  reference: (t, p) => ({ y: fuseUpRef(t, fuseUpLayout('laplacianFuseUp', shapesOf(t)), p) }),
  gpu: (s, _o, p) => {
    const l = fuseUpLayout('laplacianFuseUp', s);
    const b = l.fineStacked ? 'a' : 'b';
    return fuseUpPass('laplacian_fuse_up', l, p, { fineB: b, fineB4: b }, 0);
  },
};

export const laplacianFuseUpRgb: OpDescriptor = {
  kind: 'kernel',
  name: 'laplacianFuseUpRgb',
  summary:
    "laplacianFuseUp with an RGB second source, in one pass: its luma (rgbToYcrcb's Y) is fused and the result written as RGB with its chroma (ycrcbToRgb); colour Laplacian fusion's finest level",
  // the fused luma: laplacianFuseUp's bound plus the luma's 8 ulp (rgbToYcrcb); Cr/Cb about 9
  // ulp (the luma's 8 scaled by 0.713 / 0.564, 3 roundings) times the conversion's largest
  // coefficient 1.773: 16; ycrcbToRgb's own 8
  accuracy: (_p, s) => fuseUpAccuracy(!s.top, 32),
  inputs: [
    { name: 'a', doc: 'first source at level k (1 plane)' },
    { name: 'aCoarse', doc: 'first source at level k+1; without bCoarse, both sources stacked (2 channels)' },
    { name: 'b', doc: 'second source at level k as RGB (3 planes)' },
    { name: 'bCoarse', optional: true, doc: "second source's luma at level k+1 (pyrDownLuma of b; absent: in aCoarse)" },
    TOP_INPUT,
  ],
  outputs: () => ['y'],
  params: [...FUSE_UP_PARAMS, DELTA_PARAM],
  shapes: (s) => {
    requireChannels('laplacianFuseUpRgb', 'a', s.a, 1);
    requireChannels('laplacianFuseUpRgb', 'b', s.b, 3);
    fuseUpLayout('laplacianFuseUpRgb', s, 3);
    return { y: s.b };
  },
  reference: ({ b, ...rest }, p) => {
    const { luma, chroma } = toYcrcbRef(b, num(p, 'delta'));
    const t = { ...rest, b: luma };
    return { y: toRgbRef(fuseUpRef(t, fuseUpLayout('laplacianFuseUpRgb', shapesOf(t)), p), chroma, num(p, 'delta')) };
  },
  gpu: (s, _o, p) => fuseUpPass('laplacian_fuse_up_rgb', fuseUpLayout('laplacianFuseUpRgb', s, 3), p, { rgb: 'b', rgb4: 'b' }, num(p, 'delta')),
};

function shapesOf(t: Tensors): Shapes {
  return Object.fromEntries(Object.entries(t).flatMap(([k, v]) => (v ? [[k, v.shape]] : [])));
}
