import type { MacroDescriptor, MacroNode } from '../core/op.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { RULE_TUNING, needsActivity, ruleParams } from './fuse-rules.js';
import { DELTA_PARAM } from './ycrcb.js';

const LEVELS: ParamSpec = { name: 'levels', type: 'int', default: 5, min: 1, max: 16, doc: 'pyramid levels: levels-1 band-pass arrays plus the low-pass residual' };
const bandNames = (n: number) => Array.from({ length: n }, (_, k) => `L${k}`);

/** Gaussian levels g1..g{n-1} of `src` as pyrDown nodes; returns the refs g0..g{n-1}. */
function gaussianChain(nodes: MacroNode[], src: string, prefix: string, levels: number): string[] {
  const g = [src];
  for (let k = 1; k < levels; k++) {
    nodes.push({ id: `${prefix}${k}`, op: 'pyrDown', inputs: { x: g[k - 1] } });
    g.push(`${prefix}${k}`);
  }
  return g;
}

/** Collapse from the top: F = top; F_k = band_k + pyrUp(F_{k+1}). Returns the ref of F_0. */
function collapseChain(nodes: MacroNode[], bands: string[], top: string, prefix: string): string {
  let f = top;
  for (let k = bands.length - 1; k >= 0; k--) {
    nodes.push({ id: `${prefix}${k}`, op: 'pyrUpAdd', inputs: { band: bands[k], coarse: f } });
    f = `${prefix}${k}`;
  }
  return f;
}

export const laplacianBuild: MacroDescriptor = {
  kind: 'macro',
  name: 'laplacianBuild',
  summary: 'Laplacian pyramid as OpenCV users build it: L_k = G_k - pyrUp(G_{k+1}), last = G_{n-1}; outputs L0..L{n-1}',
  inputs: () => [{ name: 'x', doc: 'image' }],
  outputs: (p) => bandNames(num(p, 'levels')),
  params: [LEVELS],
  expand: (p) => {
    const n = num(p, 'levels');
    const nodes: MacroNode[] = [];
    const g = gaussianChain(nodes, 'x', 'g', n);
    const outputs: Record<string, string> = { [`L${n - 1}`]: g[n - 1] };
    for (let k = 0; k < n - 1; k++) {
      nodes.push({ id: `band${k}`, op: 'laplacianBand', inputs: { fine: g[k], coarse: g[k + 1] } });
      outputs[`L${k}`] = `band${k}`;
    }
    return { nodes, outputs };
  },
};

export const laplacianCollapse: MacroDescriptor = {
  kind: 'macro',
  name: 'laplacianCollapse',
  summary: 'inverse of laplacianBuild: F = L{n-1}; F_k = L_k + pyrUp(F_{k+1}, size of L_k)',
  inputs: (p) => bandNames(num(p, 'levels')).map((name) => ({ name, doc: 'pyramid level' })),
  outputs: () => ['y'],
  params: [LEVELS],
  expand: (p) => {
    const n = num(p, 'levels');
    const nodes: MacroNode[] = [];
    const bands = bandNames(n);
    const y = collapseChain(nodes, bands.slice(0, n - 1), bands[n - 1], 'up');
    return { nodes, outputs: { y } };
  },
};

/**
 * laplacianFusion's nodes; with `chroma` (the visible chroma), the output is RGB: pixel rules
 * fold the conversion into the finest level (laplacianFuseUpRgb), window rules end with
 * ycrcbToRgb.
 */
function fusionNodes(p: Params, chroma?: string): { nodes: MacroNode[]; y: string } {
  const n = num(p, 'levels');
  const tuning = { weight: p.weight, radius: p.radius };
  const nodes: MacroNode[] = [];
  const ga = gaussianChain(nodes, 'a', 'ga', n);
  const gb = gaussianChain(nodes, 'b', 'gb', n);
  const highRule = str(p, 'highRule');
  const delta = { delta: p.delta };
  if (!needsActivity(highRule)) {
    // pixel rules: each level fused and collapsed in one pass, the bands never stored
    nodes.push({ id: 'low', op: 'fuse', inputs: { a: ga[n - 1], b: gb[n - 1] }, params: { rule: str(p, 'lowRule'), ...tuning } });
    let top = 'low';
    for (let k = n - 2; k >= 0; k--) {
      const inputs = { a: ga[k], aCoarse: ga[k + 1], b: gb[k], bCoarse: gb[k + 1], top };
      const params = { rule: highRule, weight: p.weight };
      if (k === 0 && chroma) nodes.push({ id: 'up0', op: 'laplacianFuseUpRgb', inputs: { ...inputs, chroma }, params: { ...params, ...delta } });
      else nodes.push({ id: `up${k}`, op: 'laplacianFuseUp', inputs, params });
      top = `up${k}`;
    }
    if (n === 1 && chroma) {
      nodes.push({ id: 'rgb', op: 'ycrcbToRgb', inputs: { luma: top, chroma }, params: delta });
      top = 'rgb';
    }
    return { nodes, y: top };
  }
  const bands: string[] = [];
  for (let k = 0; k < n - 1; k++) {
    nodes.push({ id: `band${k}`, op: 'laplacianFuse', inputs: { a: ga[k], aCoarse: ga[k + 1], b: gb[k], bCoarse: gb[k + 1] }, params: { rule: highRule, ...tuning } });
    bands.push(`band${k}`);
  }
  nodes.push({ id: 'low', op: 'fuse', inputs: { a: ga[n - 1], b: gb[n - 1] }, params: { rule: str(p, 'lowRule'), ...tuning } });
  const y = collapseChain(nodes, bands, 'low', 'up');
  if (!chroma) return { nodes, y };
  nodes.push({ id: 'rgb', op: 'ycrcbToRgb', inputs: { luma: y, chroma }, params: delta });
  return { nodes, y: 'rgb' };
}

const FUSION_PARAMS = [LEVELS, ...ruleParams('highRule', 'maxAbs'), ...ruleParams('lowRule', 'mean'), ...RULE_TUNING];

export const laplacianFusion: MacroDescriptor = {
  kind: 'macro',
  name: 'laplacianFusion',
  summary: 'Laplacian-pyramid fusion of two same-size images: band levels by highRule, low-pass by lowRule, collapsed; pixel rules fuse and collapse each level in one pass (laplacianFuseUp)',
  inputs: () => [
    { name: 'a', doc: 'first source (infrared)' },
    { name: 'b', doc: 'second source (visible luminance)' },
  ],
  outputs: () => ['y'],
  params: FUSION_PARAMS,
  expand: (p) => {
    const { nodes, y } = fusionNodes(p);
    return { nodes, outputs: { y } };
  },
};

export const laplacianFusionRgb: MacroDescriptor = {
  kind: 'macro',
  name: 'laplacianFusionRgb',
  summary: "laplacianFusion of the infrared and the visible luma, output as RGB with the visible chroma (ycrcbToRgb's arithmetic); pixel rules convert in the finest level's pass (laplacianFuseUpRgb)",
  inputs: () => [
    { name: 'a', doc: 'first source (infrared, 1 plane)' },
    { name: 'b', doc: 'visible luma (rgbToYcrcb luma)' },
    { name: 'chroma', doc: 'visible chroma (rgbToYcrcb chroma: Cr, Cb)' },
  ],
  outputs: () => ['y'],
  params: [...FUSION_PARAMS, DELTA_PARAM],
  expand: (p) => {
    const { nodes, y } = fusionNodes(p, 'chroma');
    return { nodes, outputs: { y } };
  },
};
