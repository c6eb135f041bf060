// VIFF (Han et al. 2013), Nabf (Shreyamsha Kumar's modified fusion artifacts) and FMI
// (Haghighat and Razian's Fast-FMI, pixel and gradient): identities their definitions imply,
// on synthetic 0..255 images. (During development each CPU reference was checked against a
// literal NumPy transcription of VIFF_Public.m, objective_fusion_perform_fn.m with sobel_fn /
// per_extn_im_fn, and fmi.m on a VIFB fixture triple: agreement 1e-14.)
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../src/core/tensor.js';
import { VIFF_C, VIFF_NOISE, VIFF_WEIGHTS, vifWindowTerms } from '../src/metrics/extra-reference.js';
import { vifbMetrics } from '../src/metrics/vifb.js';
import { summarise, toMarkdown } from '../src/metrics/report.js';
import { kumarQ, kumarSobel, kumarWeight } from '../src/reference/nabf.js';
import { fmiFeature } from '../src/reference/fmi.js';
import { rng } from './helpers/gpu.js';
import { mapValues, texture as makeTexture } from './helpers/texture.js';

// VIFF's coarsest scale needs a 3 x 3 window after three 'valid' filterings and decimations: >= 41 pixels a side
const [h, w] = [72, 80];
const texture = (seed: number, c = 1) => makeTexture(seed, h, w, c);
const map = mapValues;
const close = (x: number, y: number, tol = 1e-12) => expect(Math.abs(x - y), `${x} vs ${y}`).toBeLessThan(tol);
const plane = (t: Tensor) => ({ h, w, d: Float64Array.from(t.data) });

describe('VIFF', () => {
  const [a, b] = [texture(1), texture(2)];
  it('weights the four scales by [1, 0, 0.15, 1] / 2.15 (summing to 1); visual noise 0.005 x 255^2', () => {
    close(VIFF_WEIGHTS.reduce((s, v) => s + v, 0), 1);
    expect(VIFF_WEIGHTS[1]).toBe(0);
    close(VIFF_NOISE, 325.125);
  });
  it('a source fused with itself keeps all its information: VIFF(A, A, A) = 1', () => {
    // not exactly: the gain is sigma12 / (sigma1^2 + 1e-10)
    close(vifbMetrics(a, a, a, ['VIFF']).VIFF, 1, 1e-9);
  });
  it('per window the source with the smaller gain counts; with equal sources (ties) that is one ratio per scale', () => {
    const f = map(a, (v, i) => Math.round((v + b.data[i]) / 2));
    const t = vifWindowTerms(plane(a), plane(f), VIFF_NOISE);
    const sum = (v: Float64Array) => v.reduce((p, x) => p + x + VIFF_C, 0);
    const want = t.reduce((s, x, i) => s + VIFF_WEIGHTS[i] * (sum(x.num) / sum(x.den)), 0);
    close(vifbMetrics(a, a, f, ['VIFF']).VIFF, want);
    // a noise source has smaller gains nearly everywhere, so it pulls VIFF down
    const r = rng(5);
    const noise = map(a, () => Math.floor(256 * r()));
    expect(vifbMetrics(a, noise, f, ['VIFF']).VIFF).toBeLessThan(0.5 * vifbMetrics(a, a, f, ['VIFF']).VIFF);
  });
  it("is undefined (NaN, VIFF_Public's 0 / 0) when a scale has no window, and reports say why", () => {
    const small = tensor([1, 40, 40], a.data.slice(0, 40 * 40));
    const v = vifbMetrics(small, small, small, ['VIFF', 'Entropy']);
    expect(v.VIFF).toBeNaN();
    const md = toMarkdown(summarise(['VIFF', 'Entropy'], [{ image: 'tiny', method: 'm', values: v }], []));
    expect(md).toMatch(/NaN: the metric is undefined.*\n- VIFF for tiny \(m\): VIFF needs at least 41 pixels a side/);
    expect(md).not.toMatch(/- EN for tiny/);
  });
});

describe('Nabf (Kumar)', () => {
  const [a, b] = [texture(3), texture(4)];
  it('sobel_fn: Sobel / 8 on a reflect-101 extension, so a ramp has its slope inside and 0 across the border', () => {
    const ramp = Float64Array.from({ length: 3 * 5 }, (_, i) => 5 * (i % 5));
    expect(kumarSobel(ramp, 0, 3, 5, 1, 2)).toEqual([40, 0]);
    expect(kumarSobel(ramp, 0, 3, 5, 1, 0)).toEqual([0, 0]);
    // a 1-pixel axis: the MATLAB extension reads zeros above and below, so only the middle row (x 2) counts
    expect(kumarSobel(Float64Array.of(1, 2, 3), 0, 1, 3, 0, 1)).toEqual([4, 0]);
  });
  it("Q at equal edges is sqrt of the two sigmoids at ratio 1 and alpha 1; weights g^1.5 from g >= 2", () => {
    close(kumarQ([3, 4], [3, 4]), Math.sqrt((0.9999 / (1 + Math.exp(-19 * 0.5))) * (0.9995 / (1 + Math.exp(-22 * 0.5)))));
    // perpendicular edges of equal strength: alpha = 0
    close(kumarQ([3, 4], [-4, 3]), Math.sqrt((0.9999 / (1 + Math.exp(-19 * 0.5))) * (0.9995 / (1 + Math.exp(22 * 0.5)))));
    expect(kumarWeight(255)).toBe(0.001);
    close(kumarWeight(256), 2 ** 1.5);
  });
  it('is 0 when the fused image is a source (never stronger than it), symmetric in the sources, and in (0, 1] with artefacts', () => {
    expect(vifbMetrics(a, b, a, ['Nabf']).Nabf).toBe(0);
    const r = rng(6);
    const f = map(a, (v, i) => Math.min(255, Math.max(0, Math.round((v + b.data[i]) / 2 + 60 * (r() - 0.5)))));
    const n = vifbMetrics(a, b, f, ['Nabf']).Nabf;
    expect(vifbMetrics(b, a, f, ['Nabf']).Nabf).toBe(n);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(1);
    // a clean average has fewer artefacts than the noisy one
    expect(vifbMetrics(a, b, map(a, (v, i) => Math.round((v + b.data[i]) / 2)), ['Nabf']).Nabf).toBeLessThan(n);
  });
});

describe('FMI (Fast-FMI, 3 x 3 windows)', () => {
  const [a, b] = [texture(7), texture(8)];
  it('is 1 for identical images and for flat windows (fmi.m: identical windows, and flat ones correlate at 1)', () => {
    for (const m of ['FMI_pixel', 'FMI_gradient'] as const) expect(vifbMetrics(a, a, a, [m])[m]).toBe(1);
    const flat = (v: number) => tensor([1, h, w], new Float32Array(h * w).fill(v));
    expect(vifbMetrics(flat(10), flat(200), flat(90), ['FMI_pixel']).FMI_pixel).toBe(1);
  });
  it("gradient is MATLAB's gradient(I): central differences inside, one-sided at the first and last column", () => {
    const sq = Float64Array.from({ length: 6 }, (_, x) => x * x);
    expect([...fmiFeature(sq, 0, 1, 6, 'gradient')]).toEqual([1, 2, 4, 6, 8, 9]);
    expect([...fmiFeature(Float64Array.of(4), 0, 1, 1, 'gradient')]).toEqual([0]);
  });
  it('a fused image equal to one source scores above one unrelated to both; below 3 x 3 it is undefined (NaN)', () => {
    const r = rng(9);
    const noise = map(a, () => Math.floor(256 * r()));
    for (const m of ['FMI_pixel', 'FMI_gradient'] as const) {
      expect(vifbMetrics(a, b, a, [m])[m]).toBeGreaterThan(vifbMetrics(a, b, noise, [m])[m]);
      expect(vifbMetrics(a, b, a, [m])[m]).toBeGreaterThan(0.5);
    }
    const tiny = tensor([1, 2, 9], new Float32Array(18).fill(3));
    expect(vifbMetrics(tiny, tiny, tiny, ['FMI_pixel']).FMI_pixel).toBeNaN();
  });
});
