// The GPU ops of Sheikh-Bovik VIF and Han et al.'s VIFF (shaders/vif.wgsl): centred window
// sums of the stack [A | B | F] along rows, then per window VIF's numerator and denominator
// terms for both sources (or VIFF's of the source with the smaller gain), and the 2x
// decimation between scales. The pipeline is src/metrics/vifb-gpu.ts.
import type { OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { vifWindow } from '../metrics/extra-reference.js';
import { subsample2Ref, subsampledSize, vifRowsRef, vifWindowsRef } from '../reference/vif.js';
import { pixelGrid } from './shape-rules.js';

const VARIANT = { name: 'variant', type: 'enum', values: ['vif', 'viff'], default: 'vif', doc: "'vif': Sheikh-Bovik's terms of both sources (sigma_n^2 = 2); 'viff': Han et al.'s, sigma_n^2 = 0.005 x 255^2, the source with the smaller gain" } as const;
const variantOf = (p: Params) => str(p, 'variant') as 'vif' | 'viff';

const TAPS = { name: 'taps', type: 'int', default: 17, min: 3, max: 17, doc: 'window taps N (odd): fspecial Gaussian with sigma N / 5 (vifp_mscale: 17, 9, 5, 3)' } as const;

function taps(p: Params): number[] {
  const n = num(p, 'taps');
  if (n % 2 === 0) fail('bad-param', `VIF window taps must be odd, got ${n}`);
  return [...vifWindow(n)];
}

function stackChannels(s: Shape, op: string): number {
  if (s[0] % 3 !== 0) fail('shape', `${op}: 'stack' ${fmtShape(s)} must hold [A | B | F], 3 planes per channel`);
  return s[0] / 3;
}

const u = (s: Shape, c: number, p: Params, extra: Record<string, number> = {}) => {
  const t = new Array(20).fill(0);
  taps(p).forEach((v, i) => (t[i] = v));
  return { width: s[2], height: s[1], channels: c, radius: (num(p, 'taps') - 1) / 2, offset: 0, outWidth: 0, outHeight: 0, variant: 0, taps: t, ...extra };
};

export const vifRows: OpDescriptor = {
  kind: 'kernel',
  name: 'vifRows',
  summary: "VIF's row window sums about each segment's centre pixel: Sa, Sb, Sf, Saa, Sbb, Sff, Saf, Sbf of the stack [A | B | F] (band-major [8C]), zero where the window leaves the row",
  inputs: [{ name: 'stack', doc: 'sources and fused image [3C, H, W], 0..255 levels' }],
  outputs: () => ['y'],
  params: [TAPS],
  shapes: ({ stack }, p) => {
    taps(p);
    return { y: [8 * stackChannels(stack, 'vifRows'), stack[1], stack[2]] };
  },
  reference: ({ stack }, p) => ({ y: vifRowsRef(stack, taps(p)) }),
  gpu: ({ stack }, _o, p) => {
    const c = stack[0] / 3;
    return { passes: [{ shader: 'vif', entry: 'vifRows', bindings: { src: 'stack', dst: 'y' }, uniforms: u(stack, c, p), grid: pixelGrid(stack, c) }] };
  },
  // N products of differences |d| <= 2 (sample inputs in [-1, 1]) with normalised taps: each
  // sum within ~N roundings of its terms' magnitude (<= 4)
  accuracy: (p) => ({ atol: 4 * 2 * num(p, 'taps') * 2 ** -24, rtol: 0, why: 'N-tap float32 sums of products of differences <= 2, normalised positive taps' }),
};

export const vifWindows: OpDescriptor = {
  kind: 'kernel',
  name: 'vifWindows',
  summary: "vifp_mscale's per-window terms from vifRows' sums moved to each window's centre: numA, denA, numB, denB (band-major [4C]); or VIFF's VID, VIND of the source with the smaller gain ([2C]); zero where the window does not fit",
  inputs: [
    { name: 'rows', doc: 'vifRows(stack) [8C, H, W]' },
    { name: 'stack', doc: 'the same stack [3C, H, W]' },
  ],
  outputs: () => ['y'],
  params: [TAPS, VARIANT],
  shapes: ({ rows, stack }, p) => {
    taps(p);
    const c = stackChannels(stack, 'vifWindows');
    if (rows[0] !== 8 * c || rows[1] !== stack[1] || rows[2] !== stack[2]) fail('shape', `vifWindows: 'rows' ${fmtShape(rows)} must be vifRows of 'stack' ${fmtShape(stack)}`);
    return { y: [(variantOf(p) === 'vif' ? 4 : 2) * c, stack[1], stack[2]] };
  },
  reference: ({ rows, stack }, p) => ({ y: vifWindowsRef(rows, stack, taps(p), variantOf(p)) }),
  gpu: ({ stack }, _o, p) => {
    const c = stack[0] / 3;
    return { passes: [{ shader: 'vif', entry: 'vifWindows', bindings: { src: 'stack', rows: 'rows', dst: 'y' }, uniforms: u(stack, c, p, { variant: variantOf(p) === 'vif' ? 0 : 1 }), grid: pixelGrid(stack, c) }] };
  },
  // The terms are log10(1 + ratio) of window variances; with the sample (random) inputs a
  // variance can sit near a guard threshold or near 0 where the ratio's conditioning is
  // unbounded, so the contract is on well-conditioned windows: variances of O(1) from sums
  // within ~4N ulp, through one ratio and WGSL's log2 (3 ulp, or 2^-21 absolute near 1).
  accuracy: (p) => ({ atol: 2 ** -18, rtol: 16 * num(p, 'taps') * 2 ** -24, why: 'shifted-moment variances within ~4N ulp, a ratio, and log2 (2^-21 absolute near 1)', maxMismatchFraction: 0.002 }),
};

export const subsample2: OpDescriptor = {
  kind: 'kernel',
  name: 'subsample2',
  summary: "every second pixel from an offset along both axes: y(i, j) = x(offset + 2i, offset + 2j) (MATLAB's filter2 'valid' then (1:2:end, 1:2:end) of a 'same'-size filtered image)",
  inputs: [{ name: 'x', doc: 'any number of channels' }],
  outputs: () => ['y'],
  params: [{ name: 'offset', type: 'int', default: 0, min: 0, max: 1024, doc: 'first row and column taken' }],
  shapes: ({ x }, p) => {
    const [oh, ow] = [subsampledSize(x[1], num(p, 'offset')), subsampledSize(x[2], num(p, 'offset'))];
    if (oh <= 0 || ow <= 0) fail('shape', `subsample2: offset ${num(p, 'offset')} leaves nothing of ${fmtShape(x)}`);
    return { y: [x[0], oh, ow] };
  },
  reference: ({ x }, p) => ({ y: subsample2Ref(x, num(p, 'offset')) }),
  gpu: ({ x }, { y }, p) => ({
    passes: [{ shader: 'vif', entry: 'subsample2', bindings: { src: 'x', dst: 'y' }, uniforms: { width: x[2], height: x[1], channels: x[0], radius: 0, offset: num(p, 'offset'), outWidth: y[2], outHeight: y[1], variant: 0, taps: new Array(20).fill(0) }, grid: pixelGrid(y) }],
  }),
  accuracy: () => ({ atol: 0, rtol: 0, why: 'a copy' }),
};
