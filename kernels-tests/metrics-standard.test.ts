// The 'standard' profile: VIFB's metrics with their papers' definitions
// (src/metrics/standard-reference.ts) and CC, SCD and VIF (src/metrics/extra-reference.ts):
// identities their definitions imply, on synthetic 0..255 images, and the colour wrapper they
// share with VIFB's.
// (During development the three were checked against an independent NumPy/SciPy transcription
// of corr2 and LIVE's vifp_mscale.m on two VIFB fixture triples: agreement to 1e-12.)
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../src/core/tensor.js';
import { corr2, vifpScales, vifTerm, vifWindow } from '../src/metrics/extra-reference.js';
import { VIFB_METRICS, vifbMetrics } from '../src/metrics/vifb.js';
import { parseMetricList, summarise, toCsv, toMarkdown } from '../src/metrics/report.js';
import { rng } from './helpers/gpu.js';
import { mapValues, texture as makeTexture } from './helpers/texture.js';

const [h, w] = [48, 56];
const texture = (seed: number, c = 1) => makeTexture(seed, h, w, c);
const map = mapValues;
const close = (x: number, y: number, tol = 1e-12) => expect(Math.abs(x - y), `${x} vs ${y}`).toBeLessThan(tol);

describe('CC and SCD', () => {
  const [a, b] = [texture(1), texture(2)];
  it('CC is 1 for a fused image that is an affine copy of both sources, and symmetric in them', () => {
    close(vifbMetrics(a, a, map(a, (v) => 2 * v + 3), ['CC']).CC, 1);
    const f = map(a, (v, i) => Math.round((v + b.data[i]) / 2));
    close(vifbMetrics(a, b, f, ['CC']).CC, vifbMetrics(b, a, f, ['CC']).CC);
  });
  it('SCD is 2 when the fused image is the sum of the sources (each difference is the other source)', () => {
    close(vifbMetrics(a, b, map(a, (v, i) => v + b.data[i]), ['SCD']).SCD, 2, 1e-12);
  });
  it('corr2 is invariant to affine maps and bounded by 1', () => {
    close(corr2(a.data, map(b, (v) => 3 * v - 7).data), corr2(a.data, b.data));
    expect(Math.abs(corr2(a.data, b.data))).toBeLessThanOrEqual(1);
  });
});

describe('VIF (Sheikh-Bovik pixel domain, summed over the sources)', () => {
  const plane = (t: Tensor) => ({ h, w, d: Float64Array.from(t.data) });
  const [a, b] = [texture(3), texture(4)];
  it('windows are fspecial Gaussians of 17, 9, 5, 3 taps with sigma taps / 5, normalised', () => {
    for (const n of [17, 9, 5, 3]) {
      const g = vifWindow(n);
      close(g.reduce((s, v) => s + v, 0), 1);
      close(g[0] / g[(n - 1) / 2], Math.exp(-(((n - 1) / 2) ** 2) / (2 * (n / 5) ** 2)));
    }
  });
  it('a source against itself carries all its information (vifp = 1), so VIF(A, A, A) = 2', () => {
    // not exactly 2: vifp_mscale.m floors the distortion variance at 1e-10 beside sigma_n^2 = 2
    close(vifbMetrics(a, a, a, ['VIF']).VIF, 2, 1e-9);
  });
  it('a brightness shift loses nothing; an added noise field loses information; a contrast gain scores above 1', () => {
    const pa = plane(a);
    const ratio = (f: Tensor) => {
      const s = vifpScales(pa, plane(f));
      return s.reduce((p, v) => p + v.num, 0) / s.reduce((p, v) => p + v.den, 0);
    };
    close(ratio(map(a, (v) => v + 20)), 1, 1e-9);
    const r = rng(9);
    expect(ratio(map(a, (v) => v + 40 * (r() - 0.5)))).toBeLessThan(0.9);
    expect(ratio(map(a, (v) => 1.5 * (v - 128) + 128))).toBeGreaterThan(1);
  });
  it("follows vifp_mscale.m's guards: flat reference windows give 0 / 0, a flat distorted window zero gain", () => {
    expect(vifTerm(0, 5, 0, 2)).toEqual([0, 0, 0]);
    expect(vifTerm(10, 0, 0, 2)[0]).toBe(0);
    // negative correlation: the gain is clipped to 0 and the distortion variance is the whole variance
    expect(vifTerm(10, 10, -5, 2)[0]).toBe(0);
  });
  it('scales whose window does not fit the image contribute nothing', () => {
    const ramp = (n: number) => ({ h: n, w: n, d: Float64Array.from({ length: n * n }, (_, i) => (i * 37) % 255) });
    // 12 pixels: no 17-tap window fits, and 9-tap filtering leaves 4 pixels, 2 after decimation
    expect(vifpScales(ramp(12), ramp(12))).toEqual([0, 1, 2, 3].map(() => ({ num: 0, den: 0 })));
    // 20 pixels: 4 x 4 windows at scale 1, none below
    const s = vifpScales(ramp(20), ramp(20));
    expect(s[0].den).toBeGreaterThan(0);
    expect(s.slice(1)).toEqual([1, 2, 3].map(() => ({ num: 0, den: 0 })));
  });
  it('colour: channel by channel against the matching source channel, grey sources shared, then the mean', () => {
    const [ac, bc] = [texture(5, 3), texture(6, 1)];
    const f = map(ac, (v, i) => Math.round((v + bc.data[i % (h * w)]) / 2));
    const whole = vifbMetrics(ac, bc, f, ['VIF', 'CC', 'SCD']);
    const slice = (t: Tensor, k: number) => tensor([1, h, w], t.data.slice(k * h * w, (k + 1) * h * w));
    for (const m of ['VIF', 'CC', 'SCD'] as const) {
      const per = [0, 1, 2].map((k) => vifbMetrics(slice(ac, k), bc, slice(f, k), [m])[m]);
      close(whole[m], per.reduce((p, v) => p + v, 0) / 3, 1e-12);
    }
  });
});

describe("VIFB's metrics with the papers' definitions", () => {
  const [a, b] = [texture(11), texture(12)];
  const f = map(a, (v, i) => Math.round((v + b.data[i]) / 2));
  const both = (x: Tensor, y: Tensor, z: Tensor) => [vifbMetrics(x, y, z, VIFB_METRICS, 'vifb'), vifbMetrics(x, y, z, VIFB_METRICS, 'standard')];
  it('EN, CE, SD, EI, Qcb and Qcv are the same in both profiles (VIFB follows the papers there)', () => {
    const [v, s] = both(a, b, f);
    for (const m of ['Entropy', 'Cross_entropy', 'Variance', 'Edge_intensity', 'Qcb', 'Qcv'] as const) expect(s[m], m).toBe(v[m]);
  });
  it('MI (Qu et al.) in bits of the levels: a source fused with itself gives twice its entropy', () => {
    const s = vifbMetrics(a, a, a, ['Mutinf', 'Entropy'], 'standard');
    close(s.Mutinf, 2 * s.Entropy, 1e-12);
  });
  it("PSNR and RMSE from the sources' mean squared error", () => {
    const s = vifbMetrics(a, map(a, (v) => v + 4), map(a, (v) => v + 2), ['Psnr', 'Rmse'], 'standard');
    close(s.Rmse, 2);
    close(s.Psnr, 10 * Math.log10((255 * 255) / 4));
  });
  it('SSIM is the mean of the two (VIFB: their sum)', () => {
    const [v, s] = both(a, b, f);
    close(s.Ssim, v.Ssim / 2);
  });
  it('AG from forward differences: a ramp of slope 3 along x has 3 / sqrt 2 everywhere', () => {
    const ramp = tensor([1, h, w], Float32Array.from({ length: h * w }, (_, i) => 3 * (i % w)));
    close(vifbMetrics(ramp, ramp, ramp, ['Avg_gradient'], 'standard').Avg_gradient, 3 / Math.SQRT2, 1e-12);
  });
  it('SF per band, then the mean (VIFB: one strip of all bands)', () => {
    const c3 = texture(13, 3);
    const slice = (k: number) => tensor([1, h, w], c3.data.slice(k * h * w, (k + 1) * h * w));
    const per = [0, 1, 2].map((k) => vifbMetrics(slice(k), slice(k), slice(k), ['Spatial_frequency'], 'standard').Spatial_frequency);
    close(vifbMetrics(c3, c3, c3, ['Spatial_frequency'], 'standard').Spatial_frequency, per.reduce((p, v) => p + v, 0) / 3);
  });
  it("Qabf with the paper's strength ratio: a fused image equal to both sources scores Q(G = 1, alpha = 0) everywhere", () => {
    const q = (0.9994 / (1 + Math.exp(-15 * 0.5))) * (0.9879 / (1 + Math.exp(-22 * 0.2)));
    close(vifbMetrics(a, a, a, ['Qabf'], 'standard').Qabf, q, 1e-12);
    // VIFB's quirk takes G = g_F there, which saturates its sigmoid differently
    expect(Math.abs(vifbMetrics(a, a, a, ['Qabf'], 'vifb').Qabf - q)).toBeGreaterThan(1e-4);
  });
});

describe('reports name the profile of every metric', () => {
  it('parses the standard-profile metrics and marks them in CSV and Markdown', () => {
    const metrics = parseMetricList('EN,cc,SCD,vif');
    expect(metrics).toEqual(['Entropy', 'CC', 'SCD', 'VIF']);
    const r = summarise(metrics, [{ image: 'x', method: 'm', values: { Entropy: 7, CC: 0.5, SCD: 1, VIF: 0.4 } }], []);
    expect(r.profiles).toEqual({ Entropy: 'vifb', CC: 'standard', SCD: 'standard', VIF: 'standard' });
    expect(toCsv(r).split('\n')[0]).toBe('image,method,profile,EN,CC [standard],SCD [standard],VIF [standard]');
    expect(toCsv(r).split('\n')[1]).toMatch(/^x,m,vifb\+standard,/);
    expect(toMarkdown(r)).toMatch(/\*\*vifb\*\* profile.*\*\*standard\*\* profile/);
    const s = summarise(['Entropy', 'Mutinf'], [{ image: 'x', method: 'm', values: { Entropy: 7, Mutinf: 2 } }], [], 'standard');
    expect(toCsv(s).split('\n')[0]).toBe('image,method,profile,EN [standard],MI [standard]');
    expect(toCsv(s).split('\n')[1]).toMatch(/^x,m,standard,/);
  });
});
