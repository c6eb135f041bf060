import type { GpuPass, GpuPlan, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { borderId, type Border } from '../reference/border.js';
import { guidedFilterRef, type GuideMode } from '../reference/guided-filter.js';
import { borderGeneral } from './shape-rules.js';
import { windowColsPass, windowRowPasses } from './window-filters.js';

const BORDERS = ['reflect', 'reflect101', 'replicate', 'shrink'] as const;

function guideMode(guide: Shape, x: Shape, p: Params): GuideMode {
  if (guide[1] !== x[1] || guide[2] !== x[2]) fail('shape', `guidedFilter: 'guide' ${fmtShape(guide)} and 'x' ${fmtShape(x)} must have the same size`);
  if (str(p, 'pairing') === 'channelwise') {
    if (guide[0] !== x[0]) fail('shape', `guidedFilter: channelwise pairing needs one guide channel per channel of 'x', got ${guide[0]} for ${x[0]}`);
    return 2;
  }
  if (guide[0] !== 1 && guide[0] !== 3) fail('shape', `guidedFilter: a shared guide is grey (1 channel) or colour (3), got ${guide[0]} (use pairing 'channelwise' for one grey guide per channel)`);
  return guide[0] === 1 ? 0 : 1;
}

const planes = (mode: GuideMode, P: number) => (mode === 0 ? 2 + 2 * P : mode === 1 ? 9 + 4 * P : 4 * P);
const coefPlanes = (mode: GuideMode, P: number) => (mode === 1 ? 4 * P : 2 * P);
const border = (p: Params) => (str(p, 'border') === 'shrink' ? 3 : borderId(str(p, 'border') as Border));

export const guidedFilter: OpDescriptor = {
  kind: 'kernel',
  name: 'guidedFilter',
  summary: "guided filter (He et al. 2013) from box filters: grey or colour guide (cv2.ximgproc.guidedFilter semantics: box means with BORDER_REFLECT, eps in squared guide units), or He's MATLAB windows clipped at the edge ('shrink')",
  inputs: [
    { name: 'guide', doc: 'guide image I: 1 or 3 channels (shared), or one per channel of x (channelwise)' },
    { name: 'x', doc: 'image to filter p, any channels' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'radius', type: 'int', default: 4, min: 1, max: 127, doc: 'window radius r: (2r+1)^2 box' },
    { name: 'eps', type: 'number', default: 0.01, min: 0, exclusiveMin: true, doc: 'regularisation, in squared guide units (0..1 images: 1e-3..1e-1)' },
    { name: 'border', type: 'enum', values: BORDERS, default: 'reflect', doc: "box border: reflect (OpenCV ximgproc), reflect101, replicate, or shrink (He's guidedfilter.m: windows clipped at the edge)" },
    { name: 'pairing', type: 'enum', values: ['shared', 'channelwise'], default: 'shared', doc: "shared: one grey or colour guide for every channel; channelwise: guide channel k guides channel k" },
  ],
  shapes: ({ guide, x }, p) => {
    guideMode(guide, x, p);
    return { y: x };
  },
  reference: ({ guide, x }, p) => ({ y: guidedFilterRef(guide, x, num(p, 'radius'), num(p, 'eps'), border(p), str(p, 'border') === 'shrink', guideMode(guide.shape, x.shape, p)) }),
  gpu: ({ guide, x }, _o, p): GpuPlan => {
    const mode = guideMode(guide, x, p);
    const [P, h, w] = x;
    const r = num(p, 'radius');
    const K = planes(mode, P);
    const K2 = coefPlanes(mode, P);
    const u = { width: w, height: h, channels: P, mode, radius: r, shrink: str(p, 'border') === 'shrink' ? 1 : 0, eps: num(p, 'eps'), invArea: 1 / (2 * r + 1) ** 2 };
    const constants = { GENERAL: borderGeneral(r, h, w) };
    const box = (input: string, rows: string, out: string, c: number): GpuPass[] => {
      const wu = { width: w, height: h, channels: c, border: border(p), ksize: 2 * r + 1, scale: 1, centre: 0, tap2: 0, splitRuns: 0xffffffff, splitTo: 0 };
      return [
        ...windowRowPasses([c, h, w], 2 * r + 1, input, rows, wu, constants),
        windowColsPass([c, h, w], 'boxCols', rows, input, out, wu, constants),
      ];
    };
    // the per-pixel stages: four pixels per invocation as vec4s on rows of whole vec4s
    const quads = w % 4 === 0;
    const stage = (entry: string, src: string, dst: string, z: number): GpuPass => (quads
      ? { shader: 'guided_filter', entry: `${entry}Quads`, bindings: { guide4: 'guide', src4: src, dst4: dst }, uniforms: u, grid: [w / 4, h, z] }
      : { shader: 'guided_filter', entry, bindings: { guide: 'guide', src, dst }, uniforms: u, grid: [w, h, z] });
    return {
      temps: { prod: [K, h, w], rows: [K, h, w], sums: [K, h, w], ab: [K2, h, w], rows2: [K2, h, w], sums2: [K2, h, w] },
      passes: [
        stage('products', 'x', 'prod', 1),
        ...box('prod', 'rows', 'sums', K),
        stage('coefficients', 'sums', 'ab', P),
        ...box('ab', 'rows2', 'sums2', K2),
        stage('combine', 'sums2', 'y', P),
      ],
    };
  },
  // Both sides compute the same float32 operations in the same order; they differ by fma
  // contraction and WGSL's 2.5-ulp division, a few ulp (d = 8 u) of each mean. Through
  // a = cov / (var + eps) that grows by the conditioning: grey, |cov| <= sqrt(var) gives
  // |da| <= d (1 + max_v sqrt(v) / (v + eps)^2 <= 0.33 eps^-1.5); colour, ||(S + eps)^-1|| <= 1/eps
  // and ||cov|| <= 3 give d (1/eps + 3/eps^2). b and q add a few d.
  accuracy: (p, s) => {
    const eps = num(p, 'eps');
    const colour = str(p, 'pairing') === 'shared' && s.guide[0] === 3;
    const cond = colour ? 1 / eps + 3 / eps ** 2 : 1 + 0.33 * eps ** -1.5;
    return { atol: 4 * 8 * 2 ** -24 * (1 + cond), rtol: 0, why: `float32 means to ~8 ulp, amplified by the ${colour ? 'colour' : 'grey'} conditioning ${cond.toFixed(0)} at eps ${eps}` };
  },
};
