// Multi-level wavelet transforms (pywt.wavedec2 / waverec2 / swt2 / iswt2) and the wavelet
// fusion methods, as chains of the one-level kernels in ./wavelets.ts.
//   DWT fusion: Li, Manjunath, Mitra, "Multisensor image fusion using the wavelet transform",
//   Graphical Models and Image Processing 57(3), 1995: decompose both sources, choose each
//   detail coefficient by maximum absolute value (or by windowed activity), average the
//   approximation, invert. SWT fusion: the same rules on the undecimated transform
//   (Rockinger, "Image sequence fusion using a shift-invariant wavelet transform", ICIP 1997),
//   which removes the DWT's shift-variance artefacts.
// With a pixel detail rule the forward steps are dwt2Fuse / swt2Fuse (both sources, details
// fused as they are made): the bands are written once instead of twice and read back by a fuse
// pass.
import type { MacroDescriptor, MacroNode } from '../core/op.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { RULE_TUNING, needsActivity, ruleParams } from './fuse-rules.js';
import { MODE_PARAM, WAVELET_PARAM } from './wavelets.js';

const LEVELS: ParamSpec = { name: 'levels', type: 'int', default: 3, min: 1, max: 16, doc: 'decomposition levels' };
const detailNames = (n: number) => Array.from({ length: n }, (_, k) => `d${k + 1}`);
const dwtParams = (p: Params) => ({ wavelet: str(p, 'wavelet'), mode: str(p, 'mode') });
const swtParams = (p: Params, level: number) => ({ wavelet: str(p, 'wavelet'), level });

/** Forward chain: returns [approximation ref, detail refs of levels 1..n]. */
function forward(nodes: MacroNode[], src: string, prefix: string, p: Params, stationary: boolean): [string, string[]] {
  let a = src;
  const d: string[] = [];
  for (let k = 1; k <= num(p, 'levels'); k++) {
    nodes.push(stationary
      ? { id: `${prefix}${k}`, op: 'swt2Step', inputs: { x: a }, params: swtParams(p, k) }
      : { id: `${prefix}${k}`, op: 'dwt2', inputs: { x: a }, params: { ...dwtParams(p), level: k } });
    a = `${prefix}${k}.a`;
    d.push(`${prefix}${k}.details`);
  }
  return [a, d];
}

/** dwt2Fuse / swt2Fuse chain of two sources: returns [approximation refs of a and b, fused detail refs of levels 1..n]. */
function fusedForward(nodes: MacroNode[], p: Params, stationary: boolean): [string, string, string[]] {
  let a = 'a';
  let b = 'b';
  const d: string[] = [];
  for (let k = 1; k <= num(p, 'levels'); k++) {
    const rule = { rule: str(p, 'highRule'), weight: p.weight };
    nodes.push(stationary
      ? { id: `f${k}`, op: 'swt2Fuse', inputs: { a, b }, params: { ...swtParams(p, k), ...rule } }
      : { id: `f${k}`, op: 'dwt2Fuse', inputs: { a, b }, params: { ...dwtParams(p), level: k, ...rule } });
    a = `f${k}.lowA`;
    b = `f${k}.lowB`;
    d.push(`f${k}.details`);
  }
  return [a, b, d];
}

/** Inverse chain from the coarsest level; `like` crops the last DWT step to the source size. */
function inverse(nodes: MacroNode[], a: string, d: string[], p: Params, stationary: boolean, like?: string): string {
  let y = a;
  for (let k = d.length; k >= 1; k--) {
    const inputs: Record<string, string> = { a: y, details: d[k - 1] };
    if (like && k === 1) inputs.like = like;
    nodes.push(stationary
      ? { id: `inv${k}`, op: 'iswt2Step', inputs, params: swtParams(p, k) }
      : { id: `inv${k}`, op: 'idwt2', inputs, params: dwtParams(p) });
    y = `inv${k}`;
  }
  return y;
}

function decomposition(name: string, pywt: string, stationary: boolean): MacroDescriptor {
  return {
    kind: 'macro',
    name,
    summary: `${pywt}: outputs a (the coarsest approximation) and d1..dn (details of level k, [3C]: H, V, D band-major)`,
    inputs: () => [{ name: 'x', doc: 'image' }],
    outputs: (p) => ['a', ...detailNames(num(p, 'levels'))],
    params: stationary ? [WAVELET_PARAM, LEVELS] : [WAVELET_PARAM, MODE_PARAM, LEVELS],
    expand: (p) => {
      const nodes: MacroNode[] = [];
      const [a, d] = forward(nodes, 'x', 'lv', p, stationary);
      return { nodes, outputs: { a, ...Object.fromEntries(d.map((r, k) => [`d${k + 1}`, r])) } };
    },
  };
}

function reconstruction(name: string, pywt: string, stationary: boolean): MacroDescriptor {
  return {
    kind: 'macro',
    name,
    summary: `${pywt}: inverse of ${stationary ? 'swt2' : 'wavedec2'} from a and d1..dn`,
    inputs: (p) => [{ name: 'a', doc: 'coarsest approximation' }, ...detailNames(num(p, 'levels')).map((n) => ({ name: n, doc: 'details of that level' }))],
    outputs: () => ['y'],
    params: stationary ? [WAVELET_PARAM, LEVELS] : [WAVELET_PARAM, MODE_PARAM, LEVELS],
    expand: (p) => {
      const nodes: MacroNode[] = [];
      return { nodes, outputs: { y: inverse(nodes, 'a', detailNames(num(p, 'levels')), p, stationary) } };
    },
  };
}

export const wavedec2 = decomposition('wavedec2', 'pywt.wavedec2', false);
export const waverec2 = reconstruction('waverec2', 'pywt.waverec2', false);
export const swt2 = decomposition('swt2', 'pywt.swt2 (trim_approx: only the coarsest approximation)', true);
export const iswt2 = reconstruction('iswt2', 'pywt.iswt2', true);

function fusion(name: string, stationary: boolean): MacroDescriptor {
  return {
    kind: 'macro',
    name,
    summary: `${stationary ? 'stationary' : 'discrete'} wavelet fusion of two same-size images: details by highRule, approximation by lowRule, inverse transform${stationary ? '' : ' cropped to the source size'}`,
    inputs: () => [
      { name: 'a', doc: 'first source (infrared)' },
      { name: 'b', doc: 'second source (visible luminance)' },
    ],
    outputs: () => ['y'],
    params: [WAVELET_PARAM, ...(stationary ? [] : [MODE_PARAM]), LEVELS, ...ruleParams('highRule', 'maxAbs'), ...ruleParams('lowRule', 'mean'), ...RULE_TUNING],
    expand: (p) => {
      const nodes: MacroNode[] = [];
      const tuning = { weight: p.weight, radius: p.radius };
      if (!needsActivity(str(p, 'highRule'))) {
        // pixel rules: each level's forward step of both sources fuses its details as it makes them
        const [aa, ab, d] = fusedForward(nodes, p, stationary);
        nodes.push({ id: 'low', op: 'fuse', inputs: { a: aa, b: ab }, params: { rule: str(p, 'lowRule'), ...tuning } });
        return { nodes, outputs: { y: inverse(nodes, 'low', d, p, stationary, stationary ? undefined : 'a') } };
      }
      const [aa, da] = forward(nodes, 'a', 'fa', p, stationary);
      const [ab, db] = forward(nodes, 'b', 'fb', p, stationary);
      const d = da.map((r, k) => {
        nodes.push({ id: `fd${k + 1}`, op: 'fuse', inputs: { a: r, b: db[k] }, params: { rule: str(p, 'highRule'), ...tuning } });
        return `fd${k + 1}`;
      });
      nodes.push({ id: 'low', op: 'fuse', inputs: { a: aa, b: ab }, params: { rule: str(p, 'lowRule'), ...tuning } });
      return { nodes, outputs: { y: inverse(nodes, 'low', d, p, stationary, stationary ? undefined : 'a') } };
    },
  };
}

export const dwtFusion = fusion('dwtFusion', false);
export const swtFusion = fusion('swtFusion', true);
