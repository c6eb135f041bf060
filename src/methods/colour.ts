import { fail } from '../core/errors.js';
import type { NodeSpec, PipelineSpec } from '../pipeline/spec.js';

/**
 * Wraps a grey fusion node into the pair pipeline: a colour infrared image is reduced to
 * its luma, a colour visible image is fused on its luma and gets its own chroma back
 * (Y from the fusion, Cr/Cb from the visible image); grey pairs stay grey. A method that can
 * take the colour visible image itself (RGB in, its luma fused, RGB out, saving the
 * conversion passes) gives `fuseRgbNode`, used for colour visible images.
 */
export function lumaFusionPipeline(
  irChannels: number,
  visChannels: number,
  fuseNode: (a: string, b: string) => NodeSpec,
  fuseRgbNode?: (a: string, visRgb: string) => NodeSpec,
): PipelineSpec {
  for (const [name, c] of [['ir', irChannels], ['vis', visChannels]] as const) {
    if (c !== 1 && c !== 3) fail('shape', `${name} image must have 1 (grey) or 3 (RGB) channels, got ${c}`);
  }
  const nodes: NodeSpec[] = [];
  let a = 'ir';
  let b = 'vis';
  if (irChannels === 3) {
    nodes.push({ id: 'irYcc', op: 'rgbToYcrcb', inputs: { x: 'ir' } });
    a = 'irYcc.luma';
  }
  if (visChannels === 3 && fuseRgbNode) {
    const f = fuseRgbNode(a, 'vis');
    nodes.push(f);
    return { inputs: ['ir', 'vis'], nodes, outputs: { fused: f.id } };
  }
  if (visChannels === 3) {
    nodes.push({ id: 'visYcc', op: 'rgbToYcrcb', inputs: { x: 'vis' } });
    b = 'visYcc.luma';
  }
  const f = fuseNode(a, b);
  nodes.push(f);
  let out = f.id;
  if (visChannels === 3) {
    nodes.push({ id: 'rgb', op: 'ycrcbToRgb', inputs: { luma: f.id, chroma: 'visYcc.chroma' } });
    out = 'rgb';
  }
  return { inputs: ['ir', 'vis'], nodes, outputs: { fused: out } };
}
