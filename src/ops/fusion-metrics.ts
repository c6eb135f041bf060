// GPU ops of the fusion metrics VIFB lacks whose terms are per pixel or per window: Kumar's
// N_ABF (shaders/nabf.wgsl) and Fast-FMI (shaders/fmi.wgsl). Definitions and sources in
// src/reference/nabf.ts and src/reference/fmi.ts; the pipeline is src/metrics/vifb-gpu.ts.
import { fail } from '../core/errors.js';
import { str } from '../core/params.js';
import type { OpDescriptor, Shapes } from '../core/op.js';
import { fmtShape } from '../core/tensor.js';
import { nabfTermsRef } from '../reference/nabf.js';
import { FMI_FEATURES, fmiMapRef, type FmiFeature } from '../reference/fmi.js';
import { pixelGrid } from './shape-rules.js';

const TRIPLE = [
  { name: 'a', doc: 'first source, 0..255 levels, the channels of f' },
  { name: 'b', doc: 'second source' },
  { name: 'f', doc: 'fused image' },
] as const;

function sameShapes({ a, b, f }: Shapes, op: string): void {
  if (a.join() !== f.join() || b.join() !== f.join()) fail('shape', `${op}: 'a' ${fmtShape(a)}, 'b' ${fmtShape(b)} and 'f' ${fmtShape(f)} must match`);
}

/** Largest Kumar weight for 0..255 levels: g = |Sobel| / 8 <= sqrt(2) x 1020 / 8, w = g^1.5. */
const MAX_WEIGHT = (Math.SQRT2 * 1020 / 8) ** 1.5;

export const nabfTerms: OpDescriptor = {
  kind: 'kernel',
  name: 'nabfTerms',
  summary: "Kumar's modified fusion artifacts N_ABF per pixel: planes c = na ((1 - Q_AF) w_A + (1 - Q_BF) w_B) and C + c = w_A + w_B (Sobel / 8, reflect-101); N_ABF = the ratio of their sums",
  inputs: TRIPLE,
  outputs: () => ['y'],
  params: [],
  shapes: (s) => {
    sameShapes(s, 'nabfTerms');
    return { y: [2 * s.f[0], s.f[1], s.f[2]] };
  },
  reference: ({ a, b, f }) => ({ y: nabfTermsRef(a, b, f) }),
  gpu: ({ f }) => ({ passes: [{ shader: 'nabf', entry: 'nabfTerms', bindings: { a: 'a', b: 'b', f: 'f', dst: 'y' }, uniforms: { width: f[2], height: f[1], channels: f[0], pad0: 0 }, grid: pixelGrid(f) }] }),
  // Sobel sums of levels are exact integers and the strength tests exact. Angles come from
  // atanRatio (<= 2.3e-7, shaders/common/atan_ratio.wgsl), so alpha is within (2/pi)(2 x 2.3e-7
  // + 2 roundings) <= 1e-6; log Qa has slope <= 22 in alpha (2.2e-5), log Qg slope <= 19 in the
  // ratio (sqrt and division, 5 u: 6e-6); exp within 3 + 2|x| <= 25 ulp, the quotients 2.5: Q =
  // sqrt(Qg Qa) within 2e-5 absolute; the weights' pow within ~50 u (3e-6). So a numerator is
  // within 2e-5 (w_A + w_B) + 3e-6 of itself, at most 4e-5 MAX_WEIGHT for sample levels.
  accuracy: () => ({ atol: 4e-5 * MAX_WEIGHT, rtol: 3e-6, why: 'exact Sobel sums, atanRatio (2.3e-7) through the sigmoids: Q within 2e-5, times the weights' }),
};

export const fmiMap: OpDescriptor = {
  kind: 'kernel',
  name: 'fmiMap',
  summary: "Fast-FMI per 3 x 3 window (fmi.m, Haghighat and Razian 2014): (FMI_AF + FMI_BF) / 2 at each valid window's centre, 0 on the 1-pixel frame; feature 'none' (FMI_pixel) or 'gradient' (FMI_gradient)",
  inputs: TRIPLE,
  outputs: () => ['y'],
  params: [{ name: 'feature', type: 'enum', values: FMI_FEATURES, default: 'none', doc: "'none': the levels; 'gradient': MATLAB's gradient(I), the horizontal derivative" }],
  shapes: (s) => {
    sameShapes(s, 'fmiMap');
    return { y: [...s.f] };
  },
  reference: ({ a, b, f }, p) => ({ y: fmiMapRef(a, b, f, str(p, 'feature') as FmiFeature) }),
  gpu: ({ f }, _o, p) => ({ passes: [{ shader: 'fmi', entry: 'fmiMap', bindings: { a: 'a', b: 'b', f: 'f', dst: 'y' }, uniforms: { width: f[2], height: f[1], channels: f[0], feature: FMI_FEATURES.indexOf(str(p, 'feature') as FmiFeature) }, grid: pixelGrid(f) }] }),
  // Window values are in [0, 1] up to rounding; the PDFs and CDFs (sums of 9 values <= 1)
  // are within ~10 u, the entropies sums of 81 terms -p log2 |p| (log2: 3 ulp, or 2^-21
  // absolute near 1) within ~100 u x 6.4 bits, so MI = H_X + H_F - H_XF within ~1e-4 absolute
  // at worst and the ratio 2 MI / (H_X + H_F) likewise. The Nelsen weight c / corrUp divides
  // by a correlation that can be small where c is: such windows are ill-conditioned, hence the
  // mismatch fraction.
  accuracy: () => ({ atol: 1e-4, rtol: 0, why: 'float32 PDFs, CDFs and 81-term entropies (~100 u x log2 81) per window', maxMismatchFraction: 0.002 }),
};
