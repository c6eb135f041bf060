// shaders/common/atan_ratio.wgsl states an error bound that kernel tolerances (nabfTerms, qabfTerms) rest
// on: its polynomial, evaluated by Horner in float32 as the kernel does, must stay within
// 8.9e-8 of atan on [0, 1], and atanRatio within 2.3e-7 of atan(v / h) with its own float32
// division. The coefficients are read from the WGSL itself, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { SHADERS } from '../src/generated/shaders.js';

const f = Math.fround;
const src = SHADERS.nabf;
const body = src.slice(src.indexOf('fn atanUnit'), src.indexOf('fn atanRatio'));
// "var p = c8;" then "p = p * z (+|-) ck;" down to c0
const coeffs = [...body.matchAll(/(?:var p = |p = p \* z ([+-]) )(\d\.\d+)/g)].map((m) => (m[1] === '-' ? -1 : 1) * Number(m[2]));

function atanUnit(t: number): number {
  const z = f(t * t);
  let p = f(coeffs[0]);
  for (const c of coeffs.slice(1)) p = f(f(p * z) + f(c));
  return f(t * p);
}

function atanRatio(v: number, h: number): number {
  const [av, ah] = [Math.abs(v), Math.abs(h)];
  const r = av <= ah ? atanUnit(f(av / ah)) : f(f(Math.PI / 2) - atanUnit(f(ah / av)));
  return (v < 0) !== (h < 0) ? -r : r;
}

describe('atanRatio (shaders/common/atan_ratio.wgsl)', () => {
  it('has the nine coefficients of a degree-8 polynomial in t^2', () => {
    expect(coeffs).toHaveLength(9);
    // atan(t) / t -> 1 as t -> 0: the constant term (parsed last) must be 1 to the fit's 1e-7,
    // which catches a parse that picked up the wrong numbers or order
    expect(coeffs[8]).toBeCloseTo(1, 6);
  });
  it('is within 8.9e-8 of atan on [0, 1] in float32 Horner (unfused multiply-adds: the looser case)', () => {
    let worst = 0;
    for (let i = 0; i <= 200000; i++) {
      const t = f(i / 200000);
      worst = Math.max(worst, Math.abs(atanUnit(t) - Math.atan(t)));
    }
    expect(worst).toBeLessThan(8.9e-8);
  });
  it('is within 2.3e-7 of atan(v / h) for float32 ratios of every sign and magnitude', () => {
    let worst = 0;
    for (let i = 0; i < 100000; i++) {
      const v = f(Math.sin(i * 12.9898) * 1020);
      const h = f(Math.cos(i * 78.233) * 1020) || 1;
      worst = Math.max(worst, Math.abs(atanRatio(v, h) - Math.atan(v / h)));
    }
    expect(worst).toBeLessThan(2.3e-7);
  });
});
