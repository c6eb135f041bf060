import { fail } from '../core/errors.js';
import { WAVELET_BANKS } from './banks.js';

/** PyWavelets' signal extension modes that fusegpu implements, with pywt's names. */
export const WAVELET_MODES = ['symmetric', 'reflect', 'periodic', 'periodization', 'zero', 'constant'] as const;
export type WaveletMode = (typeof WAVELET_MODES)[number];
export const WAVELETS = Object.keys(WAVELET_BANKS);

/** The border id of shaders/common/border.wgsl for a pywt mode (pywt symmetric = OpenCV reflect, pywt reflect = reflect-101). */
export function modeBorder(mode: WaveletMode): number {
  return { reflect: 0, symmetric: 1, constant: 2, zero: 3, periodic: 4, periodization: 4 }[mode];
}

export interface Wavelet {
  name: string;
  /** Filter length (pywt dec_len; every bank here has equal, even lengths). */
  length: number;
  decLo: readonly number[];
  decHi: readonly number[];
  recLo: readonly number[];
  recHi: readonly number[];
}

export function getWavelet(name: string): Wavelet {
  const bank = WAVELET_BANKS[name] ?? fail('bad-param', `unknown wavelet '${name}' (known: haar, db1-db20, sym2-sym20, coif1-coif10, bior*, rbio*, dmey)`);
  const [decLo, decHi, recLo, recHi] = bank;
  return { name, length: decLo.length, decLo, decHi, recLo, recHi };
}

/** pywt.dwt_coeff_len: floor((n + L - 1) / 2), or ceil(n / 2) for periodization. */
export function dwtLength(n: number, length: number, mode: WaveletMode): number {
  return mode === 'periodization' ? Math.ceil(n / 2) : Math.floor((n + length - 1) / 2);
}

/** pywt idwt output length from n coefficients: 2n - L + 2, or 2n for periodization. */
export function idwtLength(n: number, length: number, mode: WaveletMode): number {
  return mode === 'periodization' ? 2 * n : 2 * n - length + 2;
}

/**
 * Levels an axis of n samples can take: each level halves it, so floor(log2 n). pywt only
 * warns past its own dwt_max_level (where border effects reach every coefficient) and still
 * computes, so fusegpu does too; it refuses only levels that would halve a single sample.
 */
export function maxLevels(n: number): number {
  return Math.max(0, Math.floor(Math.log2(n)));
}

export function checkLevels(op: string, h: number, w: number, levels: number): void {
  const max = maxLevels(Math.min(h, w));
  if (levels > max) fail('bad-param', `${op}: ${levels} levels is too many for ${w}x${h} (each level halves the image; at most ${max})`);
}
