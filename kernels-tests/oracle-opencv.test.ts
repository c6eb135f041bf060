// OpenCV's own outputs (../shared/fixtures/opencv) reproduced by the CPU references and by
// the kernels on every software adapter, with the tolerance each fixture case states
// (abs 1e-3 + rel 1e-5 on 0..255 data: float32 rounding of OpenCV's fixed-point-free float path).
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, announceMissingShared, loadManifest, loadTensor } from './helpers/shared.js';
import { mismatch } from './helpers/compare.js';
import { engineFor, gpuAdapters } from './helpers/gpu.js';
import { Fusegpu } from '../src/engine.js';
import { gaussianKernel } from '../src/reference/sep-conv.js';
import { derivKernel } from '../src/reference/filter2d.js';
import { stackChannels, channel, type Tensor } from '../src/core/tensor.js';
import type { PipelineSpec } from '../src/pipeline/spec.js';

announceMissingShared('OpenCV oracle tests');
const adapters = HAVE_SHARED ? await gpuAdapters() : [];
const cases = HAVE_SHARED ? loadManifest('opencv') : { path: '', cases: [] };
const BORDER: Record<string, string> = { BORDER_REFLECT_101: 'reflect101', BORDER_REFLECT: 'reflect', BORDER_REPLICATE: 'replicate', BORDER_CONSTANT: 'constant' };

interface Job {
  spec: PipelineSpec;
  inputs: Record<string, Tensor>;
  expected: Record<string, Tensor>;
  /** Post-processing of our outputs to the oracle's form (channel order, uint8 rounding). */
  post?: (o: Record<string, Tensor>) => Record<string, Tensor>;
}

const one = (op: string, params: Record<string, unknown> = {}): PipelineSpec => ({ inputs: ['x'], nodes: [{ id: 'n', op, inputs: { x: 'x' }, params }], outputs: { y: 'n' } });

function job(c: any): Job | undefined {
  const load = (r: any) => loadTensor(cases.path, r);
  const x = c.inputs.x ? load(c.inputs.x) : undefined;
  const p = c.params;
  switch (c.op) {
    case 'cv2.pyrDown':
      return { spec: one('pyrDown'), inputs: { x: x! }, expected: { y: load(c.outputs.y) } };
    case 'cv2.pyrUp': {
      const [h, w] = c.outputs.y.shape;
      return { spec: one('pyrUp', { height: h, width: w }), inputs: { x: x! }, expected: { y: load(c.outputs.y) } };
    }
    case 'cv2.GaussianBlur':
      return {
        spec: one('sepConv', { ksizeX: p.ksize_wh[0], ksizeY: p.ksize_wh[1], sigmaX: p.sigmaX, sigmaY: p.sigmaY, border: BORDER[p.borderType] }),
        inputs: { x: x! },
        expected: { y: load(c.outputs.y) },
      };
    case 'laplacian_pyramid_build(cv2.pyrDown/cv2.pyrUp)': {
      const n = p.levels;
      const outs = Object.fromEntries(Array.from({ length: n }, (_, k) => [`L${k}`, `b.L${k}`]));
      return {
        spec: { inputs: ['x'], nodes: [{ id: 'b', op: 'laplacianBuild', inputs: { x: 'x' }, params: { levels: n } }], outputs: outs },
        inputs: { x: x! },
        expected: Object.fromEntries(Object.keys(outs).map((k) => [k, load(c.outputs[k])])),
      };
    }
    case 'laplacian_pyramid_collapse(cv2.pyrUp)': {
      const n = p.levels;
      const names = Array.from({ length: n }, (_, k) => `L${k}`);
      return {
        spec: { inputs: names, nodes: [{ id: 'c', op: 'laplacianCollapse', inputs: Object.fromEntries(names.map((k) => [k, k])), params: { levels: n } }], outputs: { y: 'c' } },
        inputs: Object.fromEntries(names.map((k) => [k, load(c.inputs[k])])),
        expected: { y: load(c.outputs.y) },
      };
    }
    case 'cv2.cvtColor': {
      // OpenCV's float path uses delta 0.5 for any range; its uint8 path uses 128 and rounds.
      const u8 = p.dtype === 'uint8';
      const delta = u8 ? 128 : 0.5;
      const round = (t: Tensor): Tensor => (u8 ? { shape: t.shape, data: t.data.map((v) => Math.min(255, Math.max(0, Math.round(v)))) } : t);
      if (p.code === 'COLOR_RGB2YCrCb') {
        return {
          spec: { inputs: ['x'], nodes: [{ id: 'n', op: 'rgbToYcrcb', inputs: { x: 'x' }, params: { delta } }], outputs: { luma: 'n.luma', chroma: 'n.chroma' } },
          inputs: { x: x! },
          expected: { y: load(c.outputs.y) },
          post: (o) => ({ y: round(stackChannels([o.luma, o.chroma])) }),
        };
      }
      return {
        spec: { inputs: ['luma', 'chroma'], nodes: [{ id: 'n', op: 'ycrcbToRgb', inputs: { luma: 'luma', chroma: 'chroma' }, params: { delta } }], outputs: { y: 'n' } },
        inputs: { luma: channel(x!, 0), chroma: { shape: [2, x!.shape[1], x!.shape[2]], data: x!.data.slice(x!.shape[1] * x!.shape[2]) } },
        expected: { y: load(c.outputs.y) },
        post: (o) => ({ y: round(o.y) }),
      };
    }
    case 'cv2.bilateralFilter':
      return { spec: one('bilateralFilter', { d: p.d, sigmaColor: p.sigmaColor, sigmaSpace: p.sigmaSpace, border: BORDER[p.borderType] }), inputs: { x: x! }, expected: { y: load(c.outputs.y) } };
    case 'cv2.ximgproc.guidedFilter':
      return {
        spec: { inputs: ['guide', 'x'], nodes: [{ id: 'n', op: 'guidedFilter', inputs: { guide: 'guide', x: 'x' }, params: { radius: p.radius, eps: p.eps } }], outputs: { y: 'n' } },
        inputs: { guide: load(c.inputs.guide), x: load(c.inputs.src) },
        expected: { y: load(c.outputs.y) },
      };
    case 'cv2.boxFilter': {
      // any size (even: the window runs from -k/2 to k/2 - 1, OpenCV's default anchor) through filter2d
      const [kw, kh] = p.ksize_wh;
      const kernel = { shape: [1, kh, kw] as const, data: new Float32Array(kw * kh).fill(p.normalize ? 1 / (kw * kh) : 1) };
      return {
        spec: { inputs: ['x', 'kernel'], nodes: [{ id: 'n', op: 'filter2d', inputs: { x: 'x', kernel: 'kernel' }, params: { border: BORDER[p.borderType] } }], outputs: { y: 'n' } },
        inputs: { x: x!, kernel: { shape: [1, kh, kw], data: kernel.data } },
        expected: { y: load(c.outputs.y) },
      };
    }
    case 'cv2.resize':
      return { spec: one('resizeBilinear', { width: p.dsize_wh[0], height: p.dsize_wh[1] }), inputs: { x: x! }, expected: { y: load(c.outputs.y) } };
    case 'cv2.Sobel':
      return { spec: one('sobel', { dx: p.dx, dy: p.dy, ksize: p.ksize, scale: p.scale, delta: p.delta, border: BORDER[p.borderType] }), inputs: { x: x! }, expected: { y: load(c.outputs.y) } };
    default:
      return undefined;
  }
}

const runnable = cases.cases.filter((c) => job(c));
const cpuEngine = Fusegpu.cpu();

// Without ../shared there are no cases, and no suites (announceMissingShared said why).
describe.each(HAVE_SHARED ? [['cpu'] as const, ...adapters.map((a) => [a] as const)] : [])('backend %s', (backend) => {
  it.each(runnable.map((c) => [c.name, c]))('%s', async (_n, c) => {
    const j = job(c)!;
    const engine = backend === 'cpu' ? cpuEngine : (await engineFor(backend))!;
    const r = await engine.run(j.spec, j.inputs, { backend: backend === 'cpu' ? 'cpu' : 'gpu' });
    const outs = j.post ? j.post(r.outputs) : r.outputs;
    for (const [k, want] of Object.entries(j.expected)) {
      expect(mismatch(outs[k], want, { atol: c.tolerance.abs, rtol: c.tolerance.rel }), `${c.name} ${k}: ${c.call}`).toBe('');
    }
  });
});

describe.runIf(HAVE_SHARED)('cv2.getDerivKernels (the Sobel cases record their kernels)', () => {
  it.each(cases.cases.filter((c) => c.op === 'cv2.Sobel').map((c) => [c.name, c]))('%s', (_n, c) => {
    expect(derivKernel(c.params.dx, c.params.ksize)).toEqual(c.scalars.kernel_x);
    expect(derivKernel(c.params.dy, c.params.ksize)).toEqual(c.scalars.kernel_y);
  });
});

describe.runIf(HAVE_SHARED)('cv2.getGaussianKernel', () => {
  it.each(cases.cases.filter((c) => c.op === 'cv2.getGaussianKernel').map((c) => [c.name, c]))('%s', (_n, c) => {
    const want = loadTensor(cases.path, c.outputs.k).data;
    const got = gaussianKernel(c.params.ksize, c.params.sigma);
    got.forEach((v, i) => expect(Math.abs(v - want[i]), `${c.name}[${i}]`).toBeLessThanOrEqual(c.tolerance.abs));
  });
});

it.runIf(HAVE_SHARED)('covers the OpenCV cases this issue names', () => {
  const ops = new Set(runnable.map((c) => c.op));
  for (const op of ['cv2.pyrDown', 'cv2.pyrUp', 'cv2.GaussianBlur', 'cv2.cvtColor', 'cv2.bilateralFilter', 'cv2.ximgproc.guidedFilter', 'cv2.boxFilter', 'cv2.Sobel', 'cv2.resize']) expect(ops.has(op), op).toBe(true);
});
