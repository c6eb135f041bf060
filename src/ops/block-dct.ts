// DCT fusion: Haghighat, Aghagolzadeh, Seyedarabi, "Multi-focus image fusion for visual
// sensor networks in DCT domain", Computers & Electrical Engineering 37(5), 2011: per 8x8
// block, the source block of larger variance (computed from its AC coefficients) is kept
// ("DCT+Variance"); the coefficient-wise alternative averages the DC and keeps the larger
// |AC| coefficient. Inverse block DCT of the fused coefficients.
import type { GpuPass, MacroDescriptor, MacroNode, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import type { Shape } from '../core/tensor.js';
import { blockDctRef, dctBasis, dctFuseRef } from '../reference/dct.js';
import { requireSame } from './shape-rules.js';

const BLOCK: ParamSpec = { name: 'block', type: 'int', default: 8, min: 2, max: 16, doc: 'tile side (8 = JPEG blocks); edge tiles may be smaller' };
const DCT_RULES = ['variance', 'maxAbs'] as const;
const BASIS_FLOATS = 3072;

/** Bases for the full tile and each axis's short remainder tile, and where each starts. */
function bases(s: Shape, block: number) {
  const remH = s[1] % block || block;
  const remW = s[2] % block || block;
  const data: number[] = [...dctBasis(block)];
  const remRowAt = data.length;
  data.push(...dctBasis(remH));
  const remColAt = data.length;
  data.push(...dctBasis(remW));
  if (data.length > BASIS_FLOATS) fail('bad-param', `block ${block} needs ${data.length} basis values, more than ${BASIS_FLOATS}`);
  return { remH, remW, remRowAt, remColAt, basis: [...data, ...new Array(BASIS_FLOATS - data.length).fill(0)] };
}

function uniforms(s: Shape, p: Params, extra: Record<string, number>) {
  return { width: s[2], height: s[1], channels: s[0], pad2: 0, inverse: 0, rule: 0, colFrom: 0, tileRowFrom: 0, ...bases(s, num(p, 'block')), ...extra };
}

/**
 * blockDct's passes: with 8x8 tiles, the whole tiles one per invocation (transformTiles, from
 * vec4s where the rows are whole vec4s), then the short last tile column and tile row, if any,
 * by the column-per-invocation form; other tile sizes and images under 8x8 by that form alone.
 */
function dctPasses(x: Shape, p: Params): GpuPass[] {
  const block = num(p, 'block');
  const base = { shader: 'block_dct', bindings: { src: 'x', dst: 'y' }, constants: { BLOCK: block } };
  const u = (extra: Record<string, number>) => uniforms(x, p, { inverse: p.inverse ? 1 : 0, ...extra });
  const tileRows = Math.ceil(x[1] / block);
  if (block !== 8 || x[2] < 8 || x[1] < 8) return [{ ...base, entry: 'transform', uniforms: u({}), grid: [x[2], tileRows, x[0]] }];
  const fullW = 8 * Math.floor(x[2] / 8);
  const fullRows = Math.floor(x[1] / 8);
  const tiles = x[2] % 4 === 0 ? { entry: 'transformTiles', bindings: { src4: 'x', dst4: 'y' } } : { entry: 'transformTilesAnyWidth' };
  const passes: GpuPass[] = [{ ...base, ...tiles, uniforms: u({}), grid: [fullW / 8, fullRows, x[0]] }];
  if (fullW < x[2]) passes.push({ ...base, entry: 'transform', uniforms: u({ colFrom: fullW }), grid: [x[2] - fullW, tileRows, x[0]] });
  if (fullRows < tileRows) passes.push({ ...base, entry: 'transform', uniforms: u({ tileRowFrom: fullRows }), grid: [fullW, 1, x[0]] });
  return passes;
}

export const blockDct: OpDescriptor = {
  kind: 'kernel',
  name: 'blockDct',
  summary: "block DCT-II, orthonormal (scipy.fft.dctn(tile, norm='ortho') per tile, coefficients in place), or its inverse",
  inputs: [{ name: 'x', doc: 'image (forward) or tile coefficients (inverse)' }],
  outputs: () => ['y'],
  params: [BLOCK, { name: 'inverse', type: 'bool', default: false, doc: 'inverse transform (scipy.fft.idctn per tile)' }],
  shapes: ({ x }) => ({ y: x }),
  reference: ({ x }, p) => ({ y: blockDctRef(x, num(p, 'block'), !!p.inverse) }),
  gpu: ({ x }, _o, p) => ({ passes: dctPasses(x, p) }),
  // Each output sums block^2 float32 products with basis rows of unit 2-norm (L1 <= sqrt(block)),
  // so |y| <= block for |x| <= 1; 2 block partial-sum roundings plus the float32 bases.
  accuracy: (p) => {
    const n = num(p, 'block');
    return { atol: (2 * n + 4) * n * 2 ** -24, rtol: 0, why: `${n}x${n} tiles: 2x${n} float32 partial sums of |values| <= ${n}` };
  },
};

export const dctFuse: OpDescriptor = {
  kind: 'kernel',
  name: 'dctFuse',
  summary: 'fuses two block-DCT coefficient images tile by tile: variance (keep the tile of larger AC energy) or maxAbs (mean DC, larger |AC|)',
  inputs: [
    { name: 'a', doc: 'tile coefficients of the first source' },
    { name: 'b', doc: 'tile coefficients of the second source' },
  ],
  outputs: () => ['y'],
  params: [BLOCK, { name: 'rule', type: 'enum', values: DCT_RULES, default: 'variance', doc: 'variance (Haghighat 2011) | maxAbs' }],
  shapes: ({ a, b }) => {
    requireSame('dctFuse', ['a', a], ['b', b]);
    return { y: a };
  },
  reference: ({ a, b }, p) => ({ y: dctFuseRef(a, b, num(p, 'block'), str(p, 'rule') as never) }),
  gpu: ({ a }, _o, p) => ({
    passes: [{ shader: 'block_dct', entry: 'fuseBlocks', bindings: { src: 'a', other: 'b', dst: 'y' }, uniforms: uniforms(a, p, { rule: DCT_RULES.indexOf(str(p, 'rule') as never) }), constants: { BLOCK: num(p, 'block') }, grid: [Math.ceil(a[2] / num(p, 'block')), Math.ceil(a[1] / num(p, 'block')), a[0]] }],
  }),
  // Choices copy an input exactly; the energies are the same float32 sums in the same order
  // on both sides, but a backend may contract v*v + e into an fma, which can flip a tile
  // whose two energies tie to the last bit (one tile in 10^4 admitted); the DC mean is one rounding.
  accuracy: () => ({ atol: 2 ** -24 * 2, rtol: 2 ** -24, why: 'copies, or the mean of two values (one rounding)', maxMismatchFraction: 0.0001 }),
};

export const dctFusion: MacroDescriptor = {
  kind: 'macro',
  name: 'dctFusion',
  summary: 'block-DCT fusion of two same-size images (Haghighat 2011): forward tiles, dctFuse, inverse',
  inputs: () => [
    { name: 'a', doc: 'first source (infrared)' },
    { name: 'b', doc: 'second source (visible luminance)' },
  ],
  outputs: () => ['y'],
  params: [BLOCK, dctFuse.params[1]],
  expand: (p) => {
    const block = num(p, 'block');
    const nodes: MacroNode[] = [
        { id: 'ta', op: 'blockDct', inputs: { x: 'a' }, params: { block } },
        { id: 'tb', op: 'blockDct', inputs: { x: 'b' }, params: { block } },
        { id: 'f', op: 'dctFuse', inputs: { a: 'ta', b: 'tb' }, params: { block, rule: str(p, 'rule') } },
      { id: 'inv', op: 'blockDct', inputs: { x: 'f' }, params: { block, inverse: true } },
    ];
    return { nodes, outputs: { y: 'inv' } };
  },
};
