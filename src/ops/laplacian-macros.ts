import type { MacroDescriptor, MacroNode } from '../core/op.js';
import { num, str, type ParamSpec, type Params } from '../core/params.js';
import { RULE_TUNING, needsActivity, ruleParams } from './fuse-rules.js';
import { DELTA_PARAM } from './ycrcb.js';

const LEVELS: ParamSpec = { name: 'levels', type: 'int', default: 5, min: 1, max: 16, doc: 'pyramid levels: levels-1 band-pass arrays plus the low-pass residual' };
const bandNames = (n: number) => Array.from({ length: n }, (_, k) => `L${k}`);

/** Gaussian levels of `src` as pyrDown nodes after the `known` ones; returns the refs g0..g{n-1}. */
function gaussianChain(nodes: MacroNode[], src: string, prefix: string, levels: number, known = [src]): string[] {
  const g = [...known];
  for (let k = g.length; k < levels; k++) {
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
 * laplacianFusion's nodes; with `rgb` (the name of a colour second source), b's luma is fused
 * and the output is RGB with b's chroma. Pixel rules over 2+ levels (`stacked`): both pyramids
 * are one tensor of two channels per level, from pyrDownPair(Luma) on, so each level of both
 * costs one dispatch, and the coarsest fuseUp makes the fused top itself: 2 (levels - 1)
 * dispatches (llvmpipe pays about 0.09 ms per dispatch here); b's full-size luma or chroma is
 * never formed (laplacianFuseUpRgb converts in the finest level's pass). Otherwise each source
 * has its own pyramid; b's luma and chroma are passes of their own (rgbToYcrcb, ycrcbToRgb)
 * only where the high rule needs windows or there is one level.
 */
function fusionNodes(p: Params, rgb?: string): { nodes: MacroNode[]; y: string } {
  const n = num(p, 'levels');
  const tuning = { weight: p.weight, radius: p.radius };
  const delta = { delta: p.delta };
  const highRule = str(p, 'highRule');
  const lowRule = str(p, 'lowRule');
  const nodes: MacroNode[] = [];
  const stacked = !needsActivity(highRule) && !needsActivity(lowRule) && n >= 2;
  if (stacked) {
    // g[k] (k >= 1): level k of a (channel 0) and of b (channel 1)
    nodes.push({ id: 'g1', op: rgb === undefined ? 'pyrDownPair' : 'pyrDownPairLuma', inputs: { a: 'a', b: rgb ?? 'b' } });
    // g[0]: the sources themselves, separate (level 0 reads a and b)
    const g = gaussianChain(nodes, 'a', 'g', n, ['a', 'g1']);
    let top: string | undefined;
    for (let k = n - 2; k >= 0; k--) {
      const inputs: Record<string, string> = k === 0 ? { a: 'a', b: rgb ?? 'b', aCoarse: g[1] } : { a: g[k], aCoarse: g[k + 1] };
      if (top) inputs.top = top;
      const params = { rule: highRule, lowRule, weight: p.weight };
      if (k === 0 && rgb !== undefined) nodes.push({ id: 'up0', op: 'laplacianFuseUpRgb', inputs, params: { ...params, ...delta } });
      else nodes.push({ id: `up${k}`, op: 'laplacianFuseUp', inputs, params });
      top = `up${k}`;
    }
    return { nodes, y: top! };
  }
  // a window low rule over 2+ levels with a pixel high rule: b's luma pyramid still starts from
  // its RGB (pyrDownLuma) and the finest level converts back (laplacianFuseUpRgb)
  const folded = rgb !== undefined && !needsActivity(highRule) && n >= 2;
  if (rgb !== undefined && !folded) nodes.push({ id: 'ycc', op: 'rgbToYcrcb', inputs: { x: rgb }, params: delta });
  const ga = gaussianChain(nodes, 'a', 'ga', n);
  let gb: string[];
  if (folded) {
    nodes.push({ id: 'gb1', op: 'pyrDownLuma', inputs: { x: rgb } });
    gb = gaussianChain(nodes, rgb, 'gb', n, [rgb, 'gb1']);
  } else {
    gb = gaussianChain(nodes, rgb === undefined ? 'b' : 'ycc.luma', 'gb', n);
  }
  const toRgb = (y: string) => {
    if (rgb === undefined || folded) return y;
    nodes.push({ id: 'rgb', op: 'ycrcbToRgb', inputs: { luma: y, chroma: 'ycc.chroma' }, params: delta });
    return 'rgb';
  };
  if (!needsActivity(highRule)) {
    // pixel rules (a window low rule, or one level): each level fused and collapsed in one
    // pass, the bands never stored
    nodes.push({ id: 'low', op: 'fuse', inputs: { a: ga[n - 1], b: gb[n - 1] }, params: { rule: lowRule, ...tuning } });
    let top = 'low';
    for (let k = n - 2; k >= 0; k--) {
      const inputs = { a: ga[k], aCoarse: ga[k + 1], b: gb[k], bCoarse: gb[k + 1], top };
      const params = { rule: highRule, weight: p.weight };
      if (k === 0 && folded) nodes.push({ id: 'up0', op: 'laplacianFuseUpRgb', inputs, params: { ...params, ...delta } });
      else nodes.push({ id: `up${k}`, op: 'laplacianFuseUp', inputs, params });
      top = `up${k}`;
    }
    return { nodes, y: toRgb(top) };
  }
  const bands: string[] = [];
  for (let k = 0; k < n - 1; k++) {
    nodes.push({ id: `band${k}`, op: 'laplacianFuse', inputs: { a: ga[k], aCoarse: ga[k + 1], b: gb[k], bCoarse: gb[k + 1] }, params: { rule: highRule, ...tuning } });
    bands.push(`band${k}`);
  }
  nodes.push({ id: 'low', op: 'fuse', inputs: { a: ga[n - 1], b: gb[n - 1] }, params: { rule: lowRule, ...tuning } });
  return { nodes, y: toRgb(collapseChain(nodes, bands, 'low', 'up')) };
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
  summary: "laplacianFusion of an infrared image and a colour visible image's luma, output as RGB with the visible chroma (OpenCV's YCrCb); with pixel rules no full-size luma or chroma is stored: pyrDownPairLuma starts both pyramids, laplacianFuseUpRgb converts in the finest level's pass",
  inputs: () => [
    { name: 'a', doc: 'first source (infrared, 1 plane)' },
    { name: 'b', doc: 'visible image, RGB (3 planes)' },
  ],
  outputs: () => ['y'],
  params: [...FUSION_PARAMS, DELTA_PARAM],
  expand: (p) => {
    const { nodes, y } = fusionNodes(p, 'b');
    return { nodes, outputs: { y } };
  },
};
