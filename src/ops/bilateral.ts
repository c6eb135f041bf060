import type { GpuPass, GpuPlan, OpDescriptor } from '../core/op.js';
import { fail } from '../core/errors.js';
import { num, str, type Params } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { borderId, type Border } from '../reference/border.js';
import { BILATERAL_MAX_RADIUS, LUT_BINS_PER_CHANNEL, bilateralRadius, bilateralRef, spaceWeights, type BilateralSpec } from '../reference/bilateral.js';
import { flatGrid } from './shape-rules.js';
import { sumsPlan } from './stats.js';

// Params.space: vec4 slots, enough for the largest window (63 rows of 16).
const SPACE_SLOTS = 1008;

/** The space weights as the kernel reads them: each window row padded with zeros to whole vec4s. */
function paddedSpace(space: Float32Array, radius: number): { spaceRow: number; space: number[] } {
  const side = 2 * radius + 1;
  const spaceRow = Math.ceil(side / 4);
  const out = new Array<number>(SPACE_SLOTS * 4).fill(0);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[r * spaceRow * 4 + c] = space[r * side + c];
  return { spaceRow, space: out };
}

function spec(p: Params): BilateralSpec {
  const radius = bilateralRadius(num(p, 'd'), num(p, 'sigmaSpace'));
  return { radius, space: spaceWeights(radius, num(p, 'sigmaSpace'), str(p, 'window') === 'disc'), sigmaColor: num(p, 'sigmaColor'), border: borderId(str(p, 'border') as Border), lut: str(p, 'rangeWeight') === 'lut' };
}

/**
 * Whether the fast path may take block column bx: every column its loads read lies in the row.
 * Unaligned, the window and up to 3 extra columns of a row's last 4-float load; aligned
 * (bilateral.wgsl's ALIGNED), the vec4s from the one the window starts in (lead columns
 * before it) through the last one its streamNext loads reach.
 */
function insideColumns(bx: number, w: number, r: number, aligned: boolean): boolean {
  if (!aligned) return 4 * bx >= r && 4 * bx + 6 + r < w;
  const side = 2 * r + 1;
  const lead = (4 - (r % 4)) % 4;
  const steps = Math.floor(side / 4) + (side % 4 > 1 ? 1 : 0);
  const first = 4 * bx - r - lead;
  return first >= 0 && first + 4 * (steps + (lead > 0 ? 1 : 0)) + 3 < w;
}

/**
 * The blocks of four outputs the kernel's fast path leaves (insideColumns, and the window's
 * rows within the image), as the compact list `weightedBorder` walks.
 */
function borderBlocks(h: number, w: number, r: number, aligned: boolean) {
  const nbx = Math.ceil(w / 4);
  const insideX = (bx: number) => insideColumns(bx, w, r, aligned);
  let bxLo = 0;
  while (bxLo < nbx && !insideX(bxLo)) bxLo++;
  let bxHi = bxLo;
  while (bxHi < nbx && insideX(bxHi)) bxHi++;
  const yTop = Math.min(r, h);
  const yBot = Math.max(h - r, yTop);
  const ringCount = (yTop + h - yBot) * nbx + (yBot - yTop) * (bxLo + nbx - bxHi);
  const { rowLen, grid } = flatGrid(ringCount);
  return { nbx, bxLo, bxHi, yTop, yBot, ringRow: rowLen, ringCount, pad: 0, grid: [grid[0], grid[1]] as const };
}

function guideShape(x: Shape, guide: Shape | undefined): Shape {
  const g = guide ?? x;
  if (g[1] !== x[1] || g[2] !== x[2]) fail('shape', `bilateralFilter: 'guide' ${fmtShape(g)} must have the size of 'x' ${fmtShape(x)}`);
  if (g[0] !== 1 && g[0] !== 3) fail('shape', `bilateralFilter: the range weight compares 1 (grey) or 3 (colour) channels, got ${g[0]} in ${guide ? "'guide'" : "'x' (give a 1- or 3-channel 'guide')"}`);
  return g;
}

export const bilateralFilter: OpDescriptor = {
  kind: 'kernel',
  name: 'bilateralFilter',
  summary: "bilateral filter with cv2.bilateralFilter's float32 semantics (radius rule, disc support, 4096-bin colour LUT); with 'guide', the cross (joint) bilateral filter; window 'square' + rangeWeight 'exact' is the MATLAB cross-bilateral filter of CBF",
  inputs: [
    { name: 'x', doc: 'image to filter (any channels when a guide is given; 1 or 3 otherwise)' },
    { name: 'guide', optional: true, doc: 'range image (1 or 3 channels, same size): weights compare its values instead of x' },
  ],
  outputs: () => ['y'],
  params: [
    { name: 'd', type: 'int', default: 9, min: -1, max: 2 * BILATERAL_MAX_RADIUS + 1, doc: 'window diameter; <= 0 takes the radius from sigmaSpace (cvRound(1.5 sigmaSpace)), as OpenCV' },
    { name: 'sigmaColor', type: 'number', default: 0.1, min: 0, exclusiveMin: true, doc: 'range sigma, in the units of the guide (0..1 images: e.g. 0.1; OpenCV tutorials on 0..255 use 75)' },
    { name: 'sigmaSpace', type: 'number', default: 2, min: 0, exclusiveMin: true, doc: 'space sigma in pixels' },
    { name: 'border', type: 'enum', values: ['reflect101', 'reflect', 'replicate', 'wrap'], default: 'reflect101', doc: "border rule (OpenCV's default reflect101; MATLAB CBF's per_extn_im_fn is reflect101 too)" },
    { name: 'window', type: 'enum', values: ['disc', 'square'], default: 'disc', doc: "support: OpenCV's disc i^2 + j^2 <= r^2, or the full square" },
    { name: 'rangeWeight', type: 'enum', values: ['lut', 'exact'], default: 'lut', doc: "OpenCV's 4096-bin table over the image range, or exp(-d^2 / 2 sigmaColor^2) exactly" },
  ],
  shapes: ({ x, guide }, p) => {
    guideShape(x, guide);
    spec(p);
    return { y: x };
  },
  reference: ({ x, guide }, p) => ({ y: bilateralRef(x, guide ?? x, spec(p)) }),
  gpu: ({ x, guide }, _o, p): GpuPlan => {
    const g = guideShape(x, guide);
    const s = spec(p);
    const bins = LUT_BINS_PER_CHANNEL * g[0];
    // rows of whole vec4s: window rows stream as aligned vec4s (a quarter of the loads)
    const aligned = x[2] % 4 === 0;
    const { grid: ringGrid, ...ring } = borderBlocks(x[1], x[2], s.radius, aligned);
    const uniforms = {
      width: x[2], height: x[1], channels: x[0], guides: g[0], border: s.border, bins,
      gcc: -0.5 / (s.sigmaColor * s.sigmaColor), ...paddedSpace(s.space, s.radius), ...ring,
    };
    const guideRef = guide ? 'guide' : 'x';
    const disc = str(p, 'window') === 'disc';
    // small discs on large images: taps outside the disc compiled away (bilateral.wgsl, UNROLL)
    const unroll = disc && s.radius <= 4 && x[1] * x[2] >= 1 << 13;
    const constants = { RADIUS: s.radius, DISC: disc ? 1 : 0, UNROLL: unroll ? 1 : 0, GUIDES: g[0], LUT: s.lut ? 1 : 0, SAME: !guide && x[0] === 1 ? 1 : 0, ALIGNED: aligned ? 1 : 0 };
    const filterPass = (entry: string, grid: [number, number, number]): GpuPass => ({ shader: 'bilateral', entry, bindings: { src: 'x', guide: guideRef, dst: 'y', table: 'table', src4: 'x', guide4: guideRef }, uniforms, constants, grid });
    const filter = [filterPass('weighted', [Math.ceil(x[2] / 4), x[1], x[0]]), filterPass('weightedBorder', [...ringGrid, x[0]])];
    if (!s.lut) return { temps: { table: [1, 1, 4] as Shape }, passes: filter };
    // the guide's range from channelSums' reduction, then the LUT, then the filter
    const sums = sumsPlan(g, guideRef, 'range');
    return {
      temps: { ...sums.temps, range: [g[0], 1, 4] as Shape, table: [1, 1, 4] as Shape },
      passes: [
        ...sums.passes,
        { shader: 'bilateral', entry: 'rangeLut', bindings: { range: 'range', table: 'table' }, uniforms, grid: [1, 1, 1] },
        ...filter,
      ],
    };
  },
  // A weighted mean of values in [-1, 1]: the result is off by the relative error of the
  // weights times the spread of the values (2). Weights: WGSL exp is within 3 + 2|x| ulp
  // (|x| <= 88: smaller weights vanish next to the centre's weight 1), the LUT's
  // interpolation and the product with the space weight add a few roundings; the sums round
  // once per tap (taps <= (2r+1)^2) and the division is within 2.5 ulp.
  accuracy: (p) => {
    const r = bilateralRadius(num(p, 'd'), num(p, 'sigmaSpace'));
    const taps = (2 * r + 1) ** 2;
    const weight = 3 + 2 * 88 + 8;
    return { atol: 2 * (weight + 2 * taps + 3) * 2 ** -24, rtol: 0, why: `weighted mean over ${taps} taps; float32 weights within ${weight} ulp (WGSL exp)` };
  },
};
