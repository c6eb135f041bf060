// NSST: an a trous scale split and shearing directional windows in the Fourier domain
// (construction and references in shaders/nsst.wgsl); synthesis is a plain sum.
// NSST fusion (e.g. Kong et al., "Technique for infrared and visible image fusion based on
// non-subsampled shearlet transform and spiking cortical model", Infrared Physics &
// Technology 2015, with the rules simplified to the common ones): the low band by a weighted
// rule, each directional band by max-abs or windowed activity, then the inverse.
import type { GpuPlan, MacroDescriptor, MacroNode, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { fmtShape, numel, tensor, type Shape } from '../core/tensor.js';
import { flatQuads } from './elementwise.js';
import { borderId, type Border } from '../reference/border.js';
import { atrousStepRef, shearletBandsRef } from '../reference/nsst.js';
import { RULE_TUNING, ruleParams } from './fuse-rules.js';
import { borderGeneral, pixelGrid } from './shape-rules.js';

const TRANSITION = 0.5;
const uniforms = (s: Shape, extra: Record<string, number> = {}) => ({
  width: s[2], height: s[1], channels: s[0], border: 0, dil: 0, directions: 1, images: 1, outImages: 1, delta: 0, pad0: 0, pad1: 0, pad2: 0, ...extra,
});

export const atrousStep: OpDescriptor = {
  kind: 'kernel',
  name: 'atrousStep',
  summary: 'one level of the undecimated (a trous) B3-spline scale split: low = [1 4 6 4 1]/16 dilated by 2^(level-1) along both axes, detail = x - low',
  inputs: [{ name: 'x', doc: 'image or the previous level' }],
  outputs: () => ['low', 'detail'],
  params: [
    { name: 'level', type: 'int', default: 1, min: 1, max: 12, doc: 'level j: taps 2^(j-1) apart' },
    { name: 'border', type: 'enum', values: ['reflect101', 'reflect', 'replicate', 'wrap'], default: 'reflect101', doc: 'border rule' },
  ],
  shapes: ({ x }) => ({ low: x, detail: x }),
  reference: ({ x }, p) => atrousStepRef(x, num(p, 'level'), borderId(str(p, 'border') as Border)),
  gpu: ({ x }, _o, p): GpuPlan => {
    const dil = 2 ** (num(p, 'level') - 1);
    const u = uniforms(x, { border: borderId(str(p, 'border') as Border), dil });
    const constants = { GENERAL: borderGeneral(2 * dil, x[1], x[2]) };
    return {
      temps: { rows: x },
      passes: [
        { shader: 'nsst', entry: 'atrousRows', bindings: { src: 'x', dst: 'rows' }, uniforms: u, constants, grid: pixelGrid(x) },
        { shader: 'nsst', entry: 'atrousCols', bindings: { src: 'rows', orig: 'x', dst: 'low', dst2: 'detail' }, uniforms: u, constants, grid: pixelGrid(x) },
      ],
    };
  },
  accuracy: () => ({ atol: 12 * 2 ** -24, rtol: 0, why: '5-tap sums of values <= 1 per axis (weights sum to 1) and one subtraction' }),
};

function bandsCheck(z: Shape, p: Params): number {
  if (z[0] !== 2) fail('shape', `shearletBands: 'z' must be one complex image (re, im planes), got ${fmtShape(z)}`);
  return Math.ceil((num(p, 'images') * num(p, 'directions')) / 2);
}

export const shearletBands: OpDescriptor = {
  kind: 'kernel',
  name: 'shearletBands',
  summary: 'directional (shearing) windows applied to the spectrum of one or two real images packed as one complex image; writes the band spectra two per complex image, so one inverse fft2 returns the real bands as its planes',
  inputs: [{ name: 'z', doc: 'fft2 of (image 1 + i image 2): [2, H, W]' }],
  outputs: () => ['y'],
  params: [
    { name: 'directions', type: 'int', default: 8, min: 1, max: 32, doc: 'K directional windows over the two cones (K = 2: one per cone)' },
    { name: 'images', type: 'int', default: 1, min: 1, max: 2, doc: 'real images packed in z (1: the imaginary part is zero)' },
  ],
  shapes: ({ z }, p) => ({ y: [2 * bandsCheck(z, p), z[1], z[2]] }),
  reference: ({ z }, p) => ({ y: shearletBandsRef(z, num(p, 'directions'), num(p, 'images'), (TRANSITION * 2) / num(p, 'directions')) }),
  gpu: ({ z }, { y }, p) => {
    const K = num(p, 'directions');
    const u = uniforms(z, { directions: K, images: num(p, 'images'), outImages: y[0] / 2, delta: (TRANSITION * 2) / K });
    return { passes: [{ shader: 'nsst', entry: 'shearletBands', bindings: { src: 'z', dst: 'y' }, uniforms: u, grid: pixelGrid(y, y[0] / 2) }] };
  },
  // Two products of spectrum values by a window in [0, 1], a float32 evaluation of the window
  // (a ratio, Meyer's degree-7 polynomial: a few ulp) and two additions; spectra of inputs in [-1, 1].
  // A window's slope in the pseudo-angle t is at most beta' / (2 delta) = 1.1 K; t (a ratio
  // of float32 frequencies, up to 3) is within 12 u, the ramp polynomial within 4 u; the
  // separated spectra are at most sqrt(2) for inputs in [-1, 1], plus 3 roundings.
  accuracy: (p) => {
    const K = num(p, 'directions');
    return { atol: 2 * (13.2 * K + 4 + 3) * 2 ** -24, rtol: 0, why: `${K} windows: slope <= ${(1.1 * K).toFixed(1)} per unit pseudo-angle, times float32 angle and ramp errors, on spectra <= 1.5` };
  },
};

export const sliceChannels: OpDescriptor = {
  kind: 'kernel',
  name: 'sliceChannels',
  summary: 'channels start .. start + count - 1 of x',
  inputs: [{ name: 'x', doc: 'any tensor' }],
  outputs: () => ['y'],
  params: [
    { name: 'start', type: 'int', default: 0, min: 0, max: 1 << 16, doc: 'first channel' },
    { name: 'count', type: 'int', default: 1, min: 1, max: 1 << 16, doc: 'channels to take' },
  ],
  shapes: ({ x }, p) => {
    if (num(p, 'start') + num(p, 'count') > x[0]) fail('shape', `sliceChannels: channels ${num(p, 'start')}..${num(p, 'start') + num(p, 'count') - 1} of a ${x[0]}-channel input`);
    return { y: [num(p, 'count'), x[1], x[2]] };
  },
  reference: ({ x }, p) => {
    const n = x.shape[1] * x.shape[2];
    return { y: tensor([num(p, 'count'), x.shape[1], x.shape[2]], x.data.slice(num(p, 'start') * n, (num(p, 'start') + num(p, 'count')) * n)) };
  },
  gpu: ({ x }, { y }, p) => {
    const plane = y[1] * y[2];
    // planes of whole vec4s: elementwise.wgsl's vec4 copy from the first channel's vec4
    if (plane % 4 === 0) {
      return { passes: [{ shader: 'elementwise', entry: 'copyQuads', bindings: { a4: 'x', y4: 'y' }, ...flatQuads(numel(y), { srcOffset: (num(p, 'start') * plane) / 4 }) }] };
    }
    return { passes: [{ shader: 'nsst', entry: 'slice', bindings: { src: 'x', dst: 'y' }, uniforms: uniforms(y, { dil: num(p, 'start') }), grid: pixelGrid(y) }] };
  },
  accuracy: () => ({ atol: 0, rtol: 0, why: 'a copy' }),
};

export const accumulateChannels: OpDescriptor = {
  kind: 'kernel',
  name: 'accumulateChannels',
  summary: 'acc + the sum of every channel of x (one channel out)',
  inputs: [
    { name: 'acc', doc: 'one channel' },
    { name: 'x', doc: 'channels to add' },
  ],
  outputs: () => ['y'],
  params: [],
  shapes: ({ acc, x }) => {
    if (acc[0] !== 1 || acc[1] !== x[1] || acc[2] !== x[2]) fail('shape', `accumulateChannels: 'acc' ${fmtShape(acc)} must be one channel of the size of 'x' ${fmtShape(x)}`);
    return { y: acc };
  },
  reference: ({ acc, x }) => {
    const n = acc.data.length;
    const y = tensor(acc.shape, Float32Array.from(acc.data));
    for (let p = 0; p < n; p++) for (let k = 0; k < x.shape[0]; k++) y.data[p] += x.data[k * n + p];
    return { y };
  },
  gpu: ({ x }) => ({ passes: [{ shader: 'nsst', entry: 'accumulate', bindings: { orig: 'acc', src: 'x', dst: 'y' }, uniforms: uniforms(x), grid: [x[2], x[1], 1] }] }),
  accuracy: () => ({ atol: 0, rtol: 0, why: 'the same float32 additions in the same order' }),
};

const DIRECTIONS: ParamSpec = { name: 'directions', type: 'int', default: 8, min: 1, max: 32, doc: 'directional bands at every scale, or per scale from the finest via directionsPerScale' };
const SCALES: ParamSpec = { name: 'scales', type: 'int', default: 3, min: 1, max: 8, doc: 'a trous scales' };
const PER_SCALE: ParamSpec = { name: 'directionsPerScale', type: 'string', default: '', doc: "comma-separated directions per scale from the finest (e.g. '8,8,4'); overrides directions" };

export function directionList(p: Params): number[] {
  const s = num(p, 'scales');
  const list = String(p.directionsPerScale ?? '').trim();
  if (!list) return new Array(s).fill(num(p, 'directions'));
  const d = list.split(',').map((v) => Number(v.trim()));
  if (d.length !== s || d.some((k) => !Number.isInteger(k) || k < 1 || k > 32)) fail('bad-param', `directionsPerScale '${list}' must list ${s} integers in 1..32 (one per scale)`);
  return d;
}

/** Forward chain for one image (images = 1) or two packed (2): returns [low ref, band refs per scale]. */
function forward(nodes: MacroNode[], x: string, p: Params, images: number, prefix: string): [string, string[]] {
  const dirs = directionList(p);
  let low = x;
  const bands: string[] = [];
  dirs.forEach((K, j) => {
    const s = `${prefix}${j + 1}`;
    nodes.push({ id: `${s}`, op: 'atrousStep', inputs: { x: low }, params: { level: j + 1 } });
    // one image: its real detail through a complex FFT; two: the details are (re, im) already
    nodes.push({ id: `${s}f`, op: 'fft2', inputs: { x: `${s}.detail` }, params: images === 1 ? { realInput: true } : {} });
    nodes.push({ id: `${s}w`, op: 'shearletBands', inputs: { z: `${s}f` }, params: { directions: K, images } });
    nodes.push({ id: `${s}b`, op: 'fft2', inputs: { x: `${s}w` }, params: { inverse: true } });
    let b = `${s}b`;
    if ((images * K) % 2 === 1) {
      nodes.push({ id: `${s}c`, op: 'sliceChannels', inputs: { x: b }, params: { start: 0, count: images * K } });
      b = `${s}c`;
    }
    bands.push(b);
    low = `${s}.low`;
  });
  return [low, bands];
}

export const nsstDecompose: MacroDescriptor = {
  kind: 'macro',
  name: 'nsstDecompose',
  summary: 'NSST of a one-channel image: outputs low (the coarsest a trous level) and s1..sJ (scale j, K_j directional bands as channels)',
  inputs: () => [{ name: 'x', doc: "one-channel image, any size fft2 takes" }],
  outputs: (p) => ['low', ...directionList(p).map((_, j) => `s${j + 1}`)],
  params: [SCALES, DIRECTIONS, PER_SCALE],
  expand: (p) => {
    const nodes: MacroNode[] = [];
    const [low, bands] = forward(nodes, 'x', p, 1, 'sc');
    return { nodes, outputs: { low, ...Object.fromEntries(bands.map((b, j) => [`s${j + 1}`, b])) } };
  },
};

export const nsstReconstruct: MacroDescriptor = {
  kind: 'macro',
  name: 'nsstReconstruct',
  summary: 'inverse NSST: low + the sum of every band (the directional windows sum to one, the a trous levels telescope)',
  inputs: (p) => [{ name: 'low', doc: 'coarsest level' }, ...directionList(p).map((_, j) => ({ name: `s${j + 1}`, doc: `bands of scale ${j + 1}` }))],
  outputs: () => ['y'],
  params: [SCALES, DIRECTIONS, PER_SCALE],
  expand: (p) => {
    const nodes: MacroNode[] = [];
    let acc = 'low';
    directionList(p).forEach((_, j) => {
      nodes.push({ id: `acc${j + 1}`, op: 'accumulateChannels', inputs: { acc, x: `s${j + 1}` } });
      acc = `acc${j + 1}`;
    });
    return { nodes, outputs: { y: acc } };
  },
};

export const nsstFusion: MacroDescriptor = {
  kind: 'macro',
  name: 'nsstFusion',
  summary: 'NSST fusion of two same-size one-channel images (both transformed at once, packed as one complex image): low band by lowRule, directional bands by highRule, sum',
  inputs: () => [
    { name: 'a', doc: 'first source (infrared)' },
    { name: 'b', doc: 'second source (visible luminance)' },
  ],
  outputs: () => ['y'],
  params: [SCALES, { ...DIRECTIONS, default: 4 }, PER_SCALE, ...ruleParams('highRule', 'maxAbs'), ...ruleParams('lowRule', 'weighted'), ...RULE_TUNING],
  expand: (p) => {
    const nodes: MacroNode[] = [{ id: 'pair', op: 'concat', inputs: { a: 'a', b: 'b' } }];
    const tuning = { weight: p.weight, radius: p.radius };
    const [low, bands] = forward(nodes, 'pair', p, 2, 'sc');
    const dirs = directionList(p);
    const half = (id: string, src: string, start: number, count: number) => nodes.push({ id, op: 'sliceChannels', inputs: { x: src }, params: { start, count } });
    half('lowA', low, 0, 1);
    half('lowB', low, 1, 1);
    nodes.push({ id: 'low', op: 'fuse', inputs: { a: 'lowA', b: 'lowB' }, params: { rule: str(p, 'lowRule'), ...tuning } });
    let acc = 'low';
    bands.forEach((b, j) => {
      half(`ba${j + 1}`, b, 0, dirs[j]);
      half(`bb${j + 1}`, b, dirs[j], dirs[j]);
      nodes.push({ id: `fb${j + 1}`, op: 'fuse', inputs: { a: `ba${j + 1}`, b: `bb${j + 1}` }, params: { rule: str(p, 'highRule'), ...tuning } });
      nodes.push({ id: `acc${j + 1}`, op: 'accumulateChannels', inputs: { acc, x: `fb${j + 1}` } });
      acc = `acc${j + 1}`;
    });
    return { nodes, outputs: { y: acc } };
  },
};
