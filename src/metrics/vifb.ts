// VIFB's metric table for one (visible, infrared, fused) triple, with VIFB's colour handling
// (compute_metrics.m and each metrics*.m, ../shared/fixtures/METRICS.md): a colour fused image
// is scored channel by channel against the matching visible and infrared channels (a grey
// infrared plane is reused for every channel) and the channel scores are averaged, except
// Avg_gradient, Edge_intensity and Spatial_frequency, which handle the bands themselves.
// Inputs are 8-bit grey levels 0..255 (what MATLAB's imread gives); toLevels converts the
// engine's [0, 1] tensors of 8-bit images.
import { fail } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as m from './vifb-reference.js';
import { correlation, fmi, nabf, scd, vif, viff } from './extra-reference.js';
import * as std from './standard-reference.js';

export const VIFB_METRICS = [
  'Avg_gradient', 'Cross_entropy', 'Edge_intensity', 'Entropy', 'Mutinf', 'Psnr', 'Qabf',
  'Qcb', 'Qcv', 'Rmse', 'Spatial_frequency', 'Ssim', 'Variance',
] as const;
/** Metrics VIFB lacks, with their original papers' definitions (src/metrics/extra-reference.ts). */
export const EXTRA_METRICS = ['CC', 'SCD', 'VIF', 'VIFF', 'Nabf', 'FMI_pixel', 'FMI_gradient'] as const;
export const METRICS = [...VIFB_METRICS, ...EXTRA_METRICS] as const;
export type VifbMetric = (typeof METRICS)[number];

export const PROFILES = ['vifb', 'standard'] as const;
export type Profile = (typeof PROFILES)[number];

/** Which definitions a metric's number follows: VIFB's code, or the metric's own paper (always, for the metrics VIFB lacks). */
export const profileOf = (name: VifbMetric, profile: Profile = 'vifb'): Profile => ((EXTRA_METRICS as readonly string[]).includes(name) ? 'standard' : profile);

/** Higher is better for every metric except these. */
export const LOWER_IS_BETTER: readonly VifbMetric[] = ['Cross_entropy', 'Qcv', 'Rmse', 'Nabf'];

type Triple = (vi: m.Plane, ir: m.Plane, f: m.Plane) => number;

const WRAPPED: Partial<Record<VifbMetric, Triple>> = {
  CC: correlation,
  SCD: scd,
  VIF: vif,
  VIFF: viff,
  Nabf: nabf,
  FMI_pixel: (a, b, f) => fmi(a, b, f, 'none'),
  FMI_gradient: (a, b, f) => fmi(a, b, f, 'gradient'),
  Cross_entropy: m.crossEntropy,
  Entropy: (_vi, _ir, f) => m.entropy(f),
  Mutinf: m.mutualInfo,
  Psnr: m.psnr,
  Qabf: m.qabf,
  Qcb: m.qcb,
  Qcv: m.qcv,
  Rmse: m.rmse,
  Ssim: m.ssim,
  Variance: (_vi, _ir, f) => m.standardDeviation(f),
};

const BANDS: Partial<Record<VifbMetric, (bands: m.Plane[]) => number>> = {
  Avg_gradient: m.averageGradient,
  Edge_intensity: m.edgeIntensity,
  Spatial_frequency: m.spatialFrequency,
};

/** The 'standard' profile: where the papers' definitions differ from VIFB's code. */
const STANDARD: Partial<Record<VifbMetric, Triple>> = {
  Mutinf: std.mutualInfoStd,
  Psnr: std.psnrStd,
  Rmse: std.rmseStd,
  Ssim: m.ssimMean,
  Qabf: (a, b, f) => m.qabf(a, b, f, false),
};
const STANDARD_BANDS: Partial<Record<VifbMetric, (bands: m.Plane[]) => number>> = {
  Avg_gradient: std.averageGradientStd,
  Spatial_frequency: std.spatialFrequencyStd,
};

/** A [0, 1] tensor as 8-bit grey levels: an 8-bit image's own levels, or a float result as an 8-bit PNG would store it. */
export function toLevels(t: Tensor): Tensor {
  return { shape: t.shape, data: t.data.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) };
}

function plane(t: Tensor, c: number): m.Plane {
  const [, h, w] = t.shape;
  return { h, w, d: Float64Array.from(t.data.subarray(c * h * w, (c + 1) * h * w)) };
}

/** MATLAB rgb2gray on uint8 input: weighted sum rounded to an integer level. */
function grey(t: Tensor): m.Plane {
  if (t.shape[0] === 1) return plane(t, 0);
  const [r, g, b] = [plane(t, 0), plane(t, 1), plane(t, 2)];
  return { h: r.h, w: r.w, d: r.d.map((v, i) => Math.round(0.298936021293775 * v + 0.587043074451121 * g.d[i] + 0.114020904255103 * b.d[i])) };
}

/**
 * The metrics of one triple (VIFB's 13 by default), on 0..255 levels, with the chosen profile's
 * definitions (VIFB's code, or the papers'); VIFB's colour handling for all.
 */
export function vifbMetrics(vi: Tensor, ir: Tensor, fused: Tensor, which: readonly VifbMetric[] = VIFB_METRICS, profile: Profile = 'vifb'): Record<VifbMetric, number> {
  const [c, h, w] = fused.shape;
  for (const [name, t] of [['visible', vi], ['infrared', ir]] as const) {
    if (t.shape[1] !== h || t.shape[2] !== w) fail('shape', `${name} image is ${t.shape[2]}x${t.shape[1]} but the fused image is ${w}x${h}`);
    if (t.shape[0] !== 1 && t.shape[0] !== 3) fail('shape', `${name} image must have 1 or 3 channels, got ${t.shape[0]}`);
  }
  if (c !== 1 && c !== 3) fail('shape', `fused image must have 1 or 3 channels, got ${c}`);
  const out = {} as Record<VifbMetric, number>;
  const bands = Array.from({ length: c }, (_, k) => plane(fused, k));
  for (const name of which) {
    const banded = (profile === 'standard' ? STANDARD_BANDS[name] : undefined) ?? BANDS[name];
    if (banded) {
      out[name] = banded(bands);
      continue;
    }
    const f = (profile === 'standard' ? STANDARD[name] : undefined) ?? WRAPPED[name]!;
    if (c === 1) {
      out[name] = f(grey(vi), grey(ir), bands[0]);
    } else {
      let s = 0;
      for (let k = 0; k < 3; k++) s += f(plane(vi, vi.shape[0] === 1 ? 0 : k), plane(ir, ir.shape[0] === 1 ? 0 : k), bands[k]);
      out[name] = s / 3;
    }
  }
  return out;
}
