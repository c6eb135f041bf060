import type { Accuracy, GpuPass, OpDescriptor, Tensors } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { fmtShape, tensor, type Shape, type Tensor } from '../core/tensor.js';
import { fuseRef } from '../reference/fuse.js';
import { dwt2Ref, idwt2Ref, iswt2StepRef, swt2StepRef } from '../reference/wavelet.js';
import { WAVELET_MODES, WAVELETS, dwtLength, getWavelet, idwtLength, modeBorder, type Wavelet, type WaveletMode } from '../wavelets/wavelet.js';
import { PIXEL_RULES } from './fuse.js';
import { RULE_TUNING, ruleId } from './fuse-rules.js';
import { oneFold, pixelGrid, requireSame } from './shape-rules.js';

export const WAVELET_PARAM: ParamSpec = { name: 'wavelet', type: 'enum', values: WAVELETS, default: 'db2', doc: 'PyWavelets name: haar, db1-db20, sym2-sym20, coif1-coif10, bior*/rbio* (e.g. bior2.2), dmey' };
export const MODE_PARAM: ParamSpec = { name: 'mode', type: 'enum', values: WAVELET_MODES, default: 'symmetric', doc: "PyWavelets signal extension mode (pywt 'symmetric' repeats the edge sample, 'reflect' does not, 'constant' repeats the edge value)" };
const LEVEL_PARAM: ParamSpec = { name: 'level', type: 'int', default: 1, min: 1, max: 16, doc: 'stationary level j: filters dilated by 2^(j-1)' };
const MAX_TAPS = 64;

const wav = (p: Params) => getWavelet(str(p, 'wavelet'));
const mode = (p: Params) => str(p, 'mode') as WaveletMode;
const l1 = (f: readonly number[]) => f.reduce((s, v) => s + Math.abs(v), 0);
const pad = (f: readonly number[]) => [...f, ...new Array(MAX_TAPS - f.length).fill(0)];

function filters(lo: readonly number[], hi: readonly number[]) {
  return { lo: pad(lo), hi: pad(hi) };
}

/**
 * Float32 error of a separable sum over `terms` products per axis (inner then outer), inputs
 * in [-1, 1], per-axis filter mass `mass` (the L1 norm of the filters one output combines):
 * each partial sum rounds once per term (u = 2^-24 of the running mass), plus the taps
 * themselves rounded to float32 (u relative each).
 */
function separableAccuracy(terms: number, mass: number, scale: number, what: string): Accuracy {
  return {
    atol: (2 * terms + 4) * 2 ** -24 * mass * mass * scale + 2 ** -24,
    rtol: 0,
    why: `${what}: ${terms} float32 terms per axis, filter mass ${mass.toFixed(2)} per axis (float64 reference)`,
  };
}

const analysisMass = (w: Wavelet) => Math.max(l1(w.decLo), l1(w.decHi));
const synthesisMass = (w: Wavelet) => l1(w.recLo) + l1(w.recHi);

/** dwt.wgsl's GENERAL constant for an analysis pass (input positions step * o + off - t * dil). */
function analysisGeneral(x: Shape, out: [number, number], taps: number, u: { per: boolean; step: number; off: number; dil: number }): boolean {
  return [[x[1], out[0]], [x[2], out[1]]].some(([n, o]) => {
    const axis = u.per ? n + (n & 1) : n;
    return !oneFold(u.off - (taps - 1) * u.dil, u.step * (o - 1) + u.off, axis);
  });
}

function baseUniforms(x: Shape, out: [number, number], p: { per: boolean; mode: number; dil: number; step: number; off: number }) {
  return {
    inW: x[2], inH: x[1], outW: out[1], outH: out[0], channels: x[0], mode: p.mode, per: p.per ? 1 : 0, dil: p.dil,
    coefW: 0, coefH: 0, aW: 0, aH: 0, step: p.step, off: p.off, extW: x[2] + (x[2] & 1), extH: x[1] + (x[1] & 1), scale: 1,
    rule: 0, weight: 0, splitBlocks: 0xffffffff, splitCol: 0, firstQuad: 0,
  };
}

/** dwt2's approximation shape, refusing a level past the first that cannot shrink its input. */
function dwtShape(op: string, x: Shape, p: Params): Shape {
  const L = wav(p).length;
  const s: Shape = [x[0], dwtLength(x[1], L, mode(p)), dwtLength(x[2], L, mode(p))];
  if (num(p, 'level') > 1 && (s[1] >= x[1] || s[2] >= x[2])) {
    fail('bad-param', `${op}: too many levels: level ${num(p, 'level')} cannot shrink its ${x[2]}x${x[1]} input with ${wav(p).name} (length ${L}) in mode ${mode(p)}; use fewer levels`);
  }
  return s;
}

export const dwt2: OpDescriptor = {
  kind: 'kernel',
  name: 'dwt2',
  summary: 'one level of the 2-D discrete wavelet transform (pywt.dwt2): approximation a and details [H, V, D] band-major, pywt shapes and modes',
  inputs: [{ name: 'x', doc: 'image [C, H, W]' }],
  outputs: () => ['a', 'details'],
  params: [WAVELET_PARAM, MODE_PARAM, { ...LEVEL_PARAM, doc: 'the level this step computes in a decomposition (wavedec2 sets it): from level 2 on, a step that cannot shrink its input is refused as too many levels' }],
  shapes: ({ x }, p) => {
    const s = dwtShape('dwt2', x, p);
    return { a: s, details: [3 * x[0], s[1], s[2]] };
  },
  reference: ({ x }, p) => dwt2Ref(x, wav(p), mode(p)),
  gpu: ({ x }, { a }, p) => {
    const w = wav(p);
    const per = mode(p) === 'periodization';
    const geo = { per, dil: 1, step: 2, off: per ? w.length / 2 : 1 };
    return {
      passes: [{
        // 2x2 blocks of positions; the fold check covers the block's reads past the last position
        shader: 'dwt', entry: 'analysisBlock', bindings: { src: 'x', srcB: 'x', dst: 'a', dstDet: 'details' },
        uniforms: { ...baseUniforms(x, [a[1], a[2]], { ...geo, mode: modeBorder(mode(p)) }), ...filters(w.decLo, w.decHi) },
        constants: { TAPS: w.length, GENERAL: analysisGeneral(x, [a[1] + 1, a[2] + 1], w.length, geo) ? 1 : 0 },
        grid: [Math.ceil(a[2] / 2), Math.ceil(a[1] / 2), a[0]],
      }],
    };
  },
  accuracy: (p) => separableAccuracy(wav(p).length, analysisMass(wav(p)), 1, 'dwt2'),
};

/** Widest filter analysisFuseQuads handles: four vec4s cover its block's columns. */
const QUAD_MAX_TAPS = 10;

/**
 * analysisFuseQuads' block columns [lo, hi): positions 4 bx .. 4 bx + 3 whose input columns
 * 8 bx - 8 .. 8 bx + 7 (the vec4s the filter reaches) lie in the row; none where the rows are
 * not whole vec4s, under periodization (off L/2) or for longer filters.
 */
function quadBlocks(x: Shape, outW: number, taps: number, per: boolean): [number, number] {
  if (x[2] % 4 !== 0 || per || taps > QUAD_MAX_TAPS) return [0, 0];
  const reach = taps > 6 ? 8 : taps > 2 ? 4 : 0;
  const lo = Math.ceil(reach / 8);
  const hi = Math.min(Math.floor((x[2] - 8) / 8) + 1, Math.floor((outW - 4) / 4) + 1);
  return hi > lo ? [lo, hi] : [0, 0];
}

const DETAIL_RULE: ParamSpec = { name: 'rule', type: 'enum', values: PIXEL_RULES, default: 'maxAbs', doc: 'mean | maxAbs | weighted (w*a + (1-w)*b)' };

/** dwt2Fuse / swt2Fuse: both sources' approximations, their details fused by the pixel rule. */
function fusedReference(ra: { a: Tensor; details: Tensor }, rb: { a: Tensor; details: Tensor }, p: Params): Tensors {
  // the rule compares the details as the kernel holds them, in float32
  const f32 = (t: Tensor) => tensor(t.shape, Float32Array.from(t.data));
  return { lowA: ra.a, lowB: rb.a, details: fuseRef(f32(ra.details), f32(rb.details), ruleId(str(p, 'rule')), num(p, 'weight'), 0) };
}

function fusedAccuracy(p: Params, what: string): Accuracy {
  const m = analysisMass(wav(p));
  const band = separableAccuracy(wav(p).length, m, 1, what);
  return {
    ...band,
    // mean / weighted round once more, by up to an ulp of a detail (|detail| <= m^2)
    atol: band.atol + 2 * 2 ** -24 * m * m,
    why: `${band.why}; the rule copies a detail or rounds once more`,
    // maxAbs picks the other source where two details differ in magnitude by less than their rounding
    maxMismatchFraction: 0.002,
  };
}

export const dwt2Fuse: OpDescriptor = {
  kind: 'kernel',
  name: 'dwt2Fuse',
  summary: "one dwt2 level of two same-size sources with their details fused by a pixel rule in the same pass: approximations lowA, lowB and the fused details [H, V, D] band-major (dwtFusion's forward step)",
  inputs: [
    { name: 'a', doc: 'first source (or its approximation from the level above)' },
    { name: 'b', doc: 'second source, the same shape' },
  ],
  outputs: () => ['lowA', 'lowB', 'details'],
  params: [WAVELET_PARAM, MODE_PARAM, LEVEL_PARAM, DETAIL_RULE, RULE_TUNING[0]],
  shapes: ({ a, b }, p) => {
    requireSame('dwt2Fuse', ['a', a], ['b', b]);
    const s = dwtShape('dwt2Fuse', a, p);
    return { lowA: s, lowB: s, details: [3 * a[0], s[1], s[2]] };
  },
  reference: ({ a, b }, p) => fusedReference(dwt2Ref(a, wav(p), mode(p)), dwt2Ref(b, wav(p), mode(p)), p),
  gpu: ({ a }, { lowA }, p) => {
    const w = wav(p);
    const per = mode(p) === 'periodization';
    const geo = { per, dil: 1, step: 2, off: per ? w.length / 2 : 1 };
    const u = { ...baseUniforms(a, [lowA[1], lowA[2]], { ...geo, mode: modeBorder(mode(p)) }), ...filters(w.decLo, w.decHi), rule: ruleId(str(p, 'rule')), weight: num(p, 'weight') };
    const constants = { TAPS: w.length, GENERAL: analysisGeneral(a, [lowA[1] + 1, lowA[2] + 1], w.length, geo) ? 1 : 0 };
    const bindings = { src: 'a', srcB: 'b', dst: 'lowA', dstB: 'lowB', dstDet: 'details' };
    const [lo, hi] = quadBlocks(a, lowA[2], w.length, per);
    const rows = Math.ceil(lowA[1] / 2);
    if (hi === 0) return { passes: [{ shader: 'dwt', entry: 'analysisFuse', bindings, uniforms: u, constants, grid: [Math.ceil(lowA[2] / 2), rows, a[0]] }] };
    // interior block columns from vec4 rows, then the border columns (left of 4 lo, from 4 hi) in 2x2 blocks
    const splitBlocks = 2 * lo;
    const borderBlocks = splitBlocks + Math.ceil((lowA[2] - 4 * hi) / 2);
    const passes: GpuPass[] = [
      { shader: 'dwt', entry: 'analysisFuseQuads', bindings: { ...bindings, src4: 'a', srcB4: 'b' }, uniforms: { ...u, firstQuad: lo, splitCol: 4 * hi }, constants, grid: [hi - lo, rows, a[0]] },
    ];
    if (borderBlocks > 0) passes.push({ shader: 'dwt', entry: 'analysisFuse', bindings, uniforms: { ...u, splitBlocks, splitCol: 4 * hi }, constants, grid: [borderBlocks, rows, a[0]] });
    return { passes };
  },
  accuracy: (p) => fusedAccuracy(p, 'dwt2Fuse: dwt2 of each source'),
};

/** idwt2's output size: pywt's 2n - L + 2 (2n for periodization), or `like`'s size (a top-left crop, as waverec2 crops to the input). */
function idwtShape(a: Shape, details: Shape, like: Shape | undefined, w: Wavelet, m: WaveletMode): Shape {
  const [c, dh, dw] = details;
  if (c !== 3 * a[0]) fail('shape', `idwt2: 'details' must have 3x the channels of 'a' (H, V, D band-major), got ${fmtShape(details)} for a ${fmtShape(a)}`);
  if (a[1] - dh < 0 || a[1] - dh > 1 || a[2] - dw < 0 || a[2] - dw > 1) {
    fail('shape', `idwt2: 'a' ${fmtShape(a)} must match the detail size ${dh}x${dw} or exceed it by one (waverec2 crops it)`);
  }
  const full: [number, number] = [idwtLength(dh, w.length, m), idwtLength(dw, w.length, m)];
  if (full[0] < 1 || full[1] < 1) fail('shape', `idwt2: ${dh}x${dw} coefficients are too few for ${w.name} (length ${w.length}) in mode ${m}`);
  if (like && (like[1] > full[0] || like[2] > full[1])) fail('shape', `idwt2: 'like' ${fmtShape(like)} is larger than the reconstruction ${full[0]}x${full[1]}`);
  return [a[0], like ? like[1] : full[0], like ? like[2] : full[1]];
}

export const idwt2: OpDescriptor = {
  kind: 'kernel',
  name: 'idwt2',
  summary: "one level of the inverse 2-D DWT (pywt.idwt2): from a and band-major details; an 'a' one larger than the details is cropped as pywt.waverec2 does",
  inputs: [
    { name: 'a', doc: 'approximation [C, h, w] (or one larger per axis)' },
    { name: 'details', doc: 'details [3C, h, w]: H, V, D band-major' },
    { name: 'like', optional: true, doc: 'only its size is used: crop the output to it (e.g. the original image)' },
  ],
  outputs: () => ['y'],
  params: [WAVELET_PARAM, MODE_PARAM],
  shapes: ({ a, details, like }, p) => ({ y: idwtShape(a, details, like, wav(p), mode(p)) }),
  reference: ({ a, details, like }, p) => {
    const y = idwtShape(a.shape, details.shape, like?.shape, wav(p), mode(p));
    return { y: idwt2Ref(a, details, wav(p), mode(p), [y[1], y[2]]) };
  },
  gpu: ({ a, details }, { y }, p) => {
    const w = wav(p);
    const per = mode(p) === 'periodization';
    const off = per ? w.length / 2 - 1 : w.length - 2;
    const u = baseUniforms(a, [y[1], y[2]], { per, mode: 0, dil: 1, step: 1, off });
    // coefficient k = (m + off - j) >> 1 wraps only under periodization; a 2x2 block of outputs
    // reads up to the coefficient of output m = the output size
    const general = per && [[details[1], y[1]], [details[2], y[2]]].some(([n, m]) => !oneFold((off - (w.length - 1)) >> 1, (m + off) >> 1, n));
    const uniforms = { ...u, coefW: details[2], coefH: details[1], aW: a[2], aH: a[1], ...filters(w.recLo, w.recHi) };
    const constants = { TAPS: w.length, GENERAL: general ? 1 : 0, ODD_OFF: off & 1 };
    // output rows of whole vec4s, coefficients that read zero outside (no wrap) and filters
    // of <= 10 taps (written out): 4x4 blocks stored as vec4s
    if (!per && y[2] % 4 === 0 && w.length <= QUAD_MAX_TAPS) {
      return { passes: [{ shader: 'dwt', entry: 'synthesisQuads', bindings: { src: 'a', det: 'details', dst4: 'y' }, uniforms, constants, grid: [y[2] / 4, Math.ceil(y[1] / 4), y[0]] }] };
    }
    return {
      passes: [{
        shader: 'dwt', entry: 'synthesis', bindings: { src: 'a', det: 'details', dst: 'y' },
        uniforms, constants, grid: [Math.ceil(y[2] / 2), Math.ceil(y[1] / 2), y[0]],
      }],
    };
  },
  accuracy: (p) => separableAccuracy(wav(p).length, synthesisMass(wav(p)), 1, 'idwt2 (two bands per axis)'),
};

const dilation = (p: Params) => 2 ** (num(p, 'level') - 1);

/** pywt needs H and W divisible by 2^levels; fusegpu's periodic steps take any size but refuse a dilation past the image. */
function swtCheck(op: string, s: Shape, p: Params): void {
  const level = num(p, 'level');
  if (level > 1 && 2 ** level > Math.min(s[1], s[2])) {
    fail('bad-param', `${op}: too many levels: level ${level} dilates the filters by ${dilation(p)}, past the ${s[2]}x${s[1]} image (need 2^level <= the shorter side)`);
  }
}

export const swt2Step: OpDescriptor = {
  kind: 'kernel',
  name: 'swt2Step',
  summary: 'one level of the stationary (undecimated, a trous) 2-D wavelet transform as pywt.swt2 computes it: periodic, filters dilated by 2^(level-1), every band the input size',
  inputs: [{ name: 'x', doc: 'image, or the approximation of the previous level' }],
  outputs: () => ['a', 'details'],
  params: [WAVELET_PARAM, LEVEL_PARAM],
  shapes: ({ x }, p) => {
    swtCheck('swt2Step', x, p);
    return { a: x, details: [3 * x[0], x[1], x[2]] };
  },
  reference: ({ x }, p) => swt2StepRef(x, wav(p), num(p, 'level')),
  gpu: ({ x }, _o, p) => swtAnalysis(x, p, { src: 'x', dst: 'a' }),
  accuracy: (p) => separableAccuracy(wav(p).length, analysisMass(wav(p)), 1, 'swt2Step'),
};

/**
 * swt2Step's pass, or swt2Fuse's with `fused` (the second source and its approximation): four
 * columns per invocation where the width is even, as vec4s where it is a multiple of 4
 * (swtQuads / swtFuseQuads) and as column pairs otherwise (swtPairs / swtFusePairs); one
 * position per invocation for odd widths (analysis / analysisSwtFuse).
 */
function swtAnalysis(x: Shape, p: Params, io: { src: string; dst: string }, fused?: { srcB: string; dstB: string }): { passes: GpuPass[] } {
  const w = wav(p);
  const dil = dilation(p);
  const geo = { per: false, dil, step: 1, off: (dil * w.length) / 2 };
  const rule = fused ? { rule: ruleId(str(p, 'rule')), weight: num(p, 'weight') } : {};
  const uniforms = { ...baseUniforms(x, [x[1], x[2]], { ...geo, mode: 4 }), ...filters(w.decLo, w.decHi), ...rule };
  const srcB = fused?.srcB ?? io.src;
  const outB = (name: string) => (fused ? { [name]: fused.dstB } : {});
  if (x[2] % 2 === 1) {
    const constants = { TAPS: w.length, GENERAL: analysisGeneral(x, [x[1], x[2]], w.length, geo) ? 1 : 0 };
    return { passes: [{ shader: 'dwt', entry: fused ? 'analysisSwtFuse' : 'analysis', uniforms, constants, grid: pixelGrid(x), bindings: { src: io.src, srcB, dst: io.dst, dstDet: 'details', ...outB('dstB') } }] };
  }
  const quads = x[2] % 4 === 0;
  const constants = { TAPS: w.length, GENERAL: swtBlockGeneral(x, w.length, geo) ? 1 : 0, DIL: dil };
  const grid = [Math.ceil(x[2] / 4), x[1], x[0]] as const;
  const bindings = quads
    ? { src4: io.src, srcB4: srcB, dst4: io.dst, dstDet4: 'details', ...outB('dstB4') }
    : { src4: io.src, srcB4: srcB, dst: io.dst, dstDet: 'details', ...outB('dstB') };
  const entry = `${fused ? 'swtFuse' : 'swt'}${quads ? 'Quads' : 'Pairs'}`;
  return { passes: [{ shader: 'dwt', entry, uniforms, constants, grid, bindings }] };
}

/** GENERAL for the four-column SWT kernels: a block's windows (and, with pairs, one column either side) reach past the last position by up to 3 + 2 columns. */
function swtBlockGeneral(x: Shape, taps: number, geo: { per: boolean; dil: number; step: number; off: number }): boolean {
  return analysisGeneral(x, [x[1], x[2] + 5], taps, { ...geo, off: geo.off - 1 });
}

export const swt2Fuse: OpDescriptor = {
  kind: 'kernel',
  name: 'swt2Fuse',
  summary: "one swt2 level of two same-size sources with their details fused by a pixel rule in the same pass: approximations lowA, lowB and the fused details [H, V, D] band-major (swtFusion's forward step)",
  inputs: [
    { name: 'a', doc: 'first source (or its approximation from the level above)' },
    { name: 'b', doc: 'second source, the same shape' },
  ],
  outputs: () => ['lowA', 'lowB', 'details'],
  params: [WAVELET_PARAM, LEVEL_PARAM, DETAIL_RULE, RULE_TUNING[0]],
  shapes: ({ a, b }, p) => {
    requireSame('swt2Fuse', ['a', a], ['b', b]);
    swtCheck('swt2Fuse', a, p);
    return { lowA: a, lowB: a, details: [3 * a[0], a[1], a[2]] };
  },
  reference: ({ a, b }, p) => fusedReference(swt2StepRef(a, wav(p), num(p, 'level')), swt2StepRef(b, wav(p), num(p, 'level')), p),
  gpu: ({ a }, _o, p) => swtAnalysis(a, p, { src: 'a', dst: 'lowA' }, { srcB: 'b', dstB: 'lowB' }),
  accuracy: (p) => fusedAccuracy(p, 'swt2Fuse: swt2Step of each source'),
};

export const iswt2Step: OpDescriptor = {
  kind: 'kernel',
  name: 'iswt2Step',
  summary: "one level of pywt.iswt2: the mean of the four sub-grid periodization inverses, computed as one periodic convolution per axis",
  inputs: [
    { name: 'a', doc: 'approximation of this level' },
    { name: 'details', doc: 'details [3C, H, W] of this level, band-major' },
  ],
  outputs: () => ['y'],
  params: [WAVELET_PARAM, LEVEL_PARAM],
  shapes: ({ a, details }, p) => {
    swtCheck('iswt2Step', a, p);
    if (details[0] !== 3 * a[0] || details[1] !== a[1] || details[2] !== a[2]) fail('shape', `iswt2Step: 'details' ${fmtShape(details)} must be [3C, H, W] for 'a' ${fmtShape(a)}`);
    return { y: a };
  },
  reference: ({ a, details }, p) => ({ y: iswt2StepRef(a, details, wav(p), num(p, 'level')) }),
  gpu: ({ a }, _o, p) => {
    const w = wav(p);
    const dil = dilation(p);
    const geo = { per: false, dil, step: 1, off: dil * (w.length / 2 - 1) };
    const uniforms = { ...baseUniforms(a, [a[1], a[2]], { ...geo, mode: 4 }), scale: 0.25, ...filters(w.recLo, w.recHi) };
    // Widths that are not multiples of 4 keep one output per invocation: synthesis from column
    // pairs (as swtPairs reads them) was faster on llvmpipe at dilations 1 and 2 (50 -> 32, 49 ->
    // 39 ms at 638 wide, db2) but slower at 4 (41 -> 57) and 3.1x slower on SwiftShader.
    if (a[2] % 4 !== 0) {
      const constants = { TAPS: w.length, GENERAL: analysisGeneral(a, [a[1], a[2]], w.length, geo) ? 1 : 0 };
      return { passes: [{ shader: 'dwt', entry: 'swtSynthesis', bindings: { src: 'a', det: 'details', dst: 'y' }, uniforms, constants, grid: pixelGrid(a) }] };
    }
    const constants = { TAPS: w.length, GENERAL: swtBlockGeneral(a, w.length, geo) ? 1 : 0, DIL: dil };
    const pass: GpuPass = { shader: 'dwt', entry: 'swtSynthesisQuads', uniforms, constants, grid: [a[2] / 4, a[1], a[0]], bindings: { src4: 'a', srcB4: 'details', dst4: 'y' } };
    return { passes: [pass] };
  },
  accuracy: (p) => separableAccuracy(2 * wav(p).length, synthesisMass(wav(p)), 0.25, 'iswt2Step (two bands per axis, all taps)'),
};
