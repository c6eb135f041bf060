// AUIF-Net from its published weights (../shared/auif): weight loading and its errors, the
// authors' per-layer tensors on the 64x48 crop (both the op-by-op form and the folded network),
// the authors' fused TNO images, and tiling. Tolerances are the fixture manifests' own
// (16x the float32-vs-float64 error of the reference, see crop/manifest.json "tolerance").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromChannelsLast, tensor, type Tensor } from '../src/core/tensor.js';
import { Fusegpu } from '../src/engine.js';
import { loadAuifWeights } from '../src/nn/auif-weights.js';
import { auifTwoStep } from '../src/nn/auif-two-step.js';
import { parseSafetensors, type WeightFile } from '../src/nn/safetensors.js';
import { readImage } from '../src/node/io.js';
import { runCpu } from '../src/pipeline/cpu-executor.js';
import { runGpu } from '../src/gpu/executor.js';
import { engineFor, gpuAdapters, rng } from './helpers/gpu.js';
import { findNodeAdapter } from '../src/node/gpu-provider.js';
import { encodeSafetensors } from './helpers/safetensors-writer.js';
import { announceMissingShared, HAVE_SHARED, SHARED } from './helpers/shared.js';

const AUIF = join(SHARED, 'auif');
announceMissingShared('AUIF-Net tests (weights, per-layer tensors, authors\' images)');
const adapters = HAVE_SHARED ? await gpuAdapters() : [];
const backends = ['cpu', ...adapters] as const;

const weightsFile = (): WeightFile => parseSafetensors(new Uint8Array(readFileSync(join(AUIF, 'auif-net.safetensors'))), 'auif-net.safetensors');

function rawTensor(path: string, shape: number[]): Tensor {
  const b = readFileSync(path);
  const s = shape.slice(-3);
  return tensor([s.length === 3 ? s[0] : 1, s[s.length - 2], s[s.length - 1]], new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
}

const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
/** The authors' 8-bit conversion (imageio image_as_uint via skimage.io.imsave): round half up. */
const toU8 = (v: number) => Math.floor(v * 255 + 0.499999999);

async function engine(b: (typeof backends)[number]): Promise<Fusegpu> {
  return b === 'cpu' ? Fusegpu.cpu() : (await engineFor(b))!;
}

describe.runIf(HAVE_SHARED)('weights file', () => {
  it('loads the published weights and folds every layer', () => {
    const w = loadAuifWeights(weightsFile());
    expect(w.layers.shape).toEqual([10, 2, 160]);
    expect(w.boxScale).toBe(Math.fround(0.0082644643));
    expect(w.raw[0]).toHaveLength(10);
  });

  const file = HAVE_SHARED ? weightsFile() : undefined;
  const all = file ? [...file.tensors.values()].map((t) => ({ name: t.name, shape: t.shape, data: t.data })) : [];
  it('names the first missing tensor', () => {
    const bytes = encodeSafetensors(all.filter((t) => t.name !== 'encoder_detail.conv2.4.theta'));
    expect(() => loadAuifWeights(parseSafetensors(bytes, 'x.safetensors'))).toThrow(/x.safetensors: missing tensor 'encoder_detail.conv2.4.theta'/);
  });
  it('names a tensor with the wrong shape', () => {
    const bytes = encodeSafetensors(all.map((t) => (t.name === 'encoder_base.conv1.0.kernel' ? { ...t, shape: [32, 2, 3, 3] } : t)));
    expect(() => loadAuifWeights(parseSafetensors(bytes, 'x.safetensors'))).toThrow(/'encoder_base.conv1.0.kernel' has shape \[32,2,3,3\], expected \[64,1,3,3\]/);
  });
  it('refuses a truncated file and a file that is not safetensors', () => {
    const bytes = readFileSync(join(AUIF, 'auif-net.safetensors'));
    expect(() => parseSafetensors(new Uint8Array(bytes.subarray(0, bytes.length - 100)), 't.safetensors')).toThrow(/t.safetensors: truncated: tensor '.+' ends at data byte/);
    expect(() => parseSafetensors(new Uint8Array(readFileSync(join(AUIF, 'tno', 'IR1.png'))), 'IR1.png')).toThrow(/IR1.png: not a safetensors file/);
    expect(() => parseSafetensors(new Uint8Array(3), 'tiny')).toThrow(/tiny: not a safetensors file/);
  });
  it('reads F16 tensors', () => {
    const data = new Float32Array([0.5, -2, 1024, 0.000061035156]);
    const f = parseSafetensors(encodeSafetensors([{ name: 'h', shape: [4], data, dtype: 'F16' }]));
    expect([...f.tensors.get('h')!.data]).toEqual([...data]);
  });
});

describe.runIf(HAVE_SHARED)('64x48 crop: the authors\' per-layer tensors', () => {
  const manifest = HAVE_SHARED ? JSON.parse(readFileSync(join(AUIF, 'crop', 'manifest.json'), 'utf8')) : { tensors: [] };
  const ref = new Map<string, { t: Tensor; tol: number }>(
    manifest.tensors
      .filter((m: { dtype: string }) => m.dtype === 'float32')
      .map((m: { name: string; file: string; shape: number[]; tolerance_max_abs: number }) => [m.name, { t: rawTensor(join(AUIF, 'crop', m.file), m.shape), tol: m.tolerance_max_abs }]),
  );
  const u8 = HAVE_SHARED ? [...readFileSync(join(AUIF, 'crop', 'decoder.output.u8'))] : [];
  const ir = ref.get('input.ir')?.t as Tensor;
  const vis = ref.get('input.vis')?.t as Tensor;
  const w = HAVE_SHARED ? loadAuifWeights(weightsFile()) : undefined;

  it.each(backends)('op by op (conv 1->64, conv 64->1, bn, prelu, update) on %s', async (b) => {
    const { spec, constants } = auifTwoStep(w!);
    const e = await engine(b);
    const g = e.compile(spec);
    const values = b === 'cpu' ? runCpu(g, { ir, vis, ...constants }, true).values! : (await runGpu(e.gpu!, g, { ir, vis, ...constants }, { keepAll: true })).values!;
    let checked = 0;
    for (const [name, { t, tol }] of ref) {
      const v = values.get(`${name.replaceAll('.', '_')}.y`);
      if (!v) continue;
      expect(maxAbs(v.data, t.data), `${name} on ${b} (manifest tolerance ${tol})`).toBeLessThanOrEqual(tol);
      checked++;
    }
    expect(checked).toBeGreaterThan(160);
  });

  it.each(backends)('folded network (one dispatch per layer) on %s', async (b) => {
    const e = await engine(b);
    const spec = e.methodPipeline(ir, vis, { method: 'auif', weights: weightsFile() });
    const inputs = e.methodInputs(ir, vis, { method: 'auif', weights: weightsFile() });
    const g = e.compile(spec);
    const values = b === 'cpu' ? runCpu(g, inputs, true).values! : (await runGpu(e.gpu!, g, inputs, { keepAll: true })).values!;
    // The layers' estimates are channels-last [H, W, 4].
    const layerOut = (k: number) => fromChannelsLast(values.get(`fused/layer${k}.y`)!);
    for (let k = 0; k < 10; k++) {
      ['ir.base', 'vis.base', 'ir.detail', 'vis.detail'].forEach((s, c) => {
        const { t, tol } = ref.get(`${s}.layer${String(k).padStart(2, '0')}.out`)!;
        const plane = layerOut(k).data.subarray(c * t.data.length, (c + 1) * t.data.length);
        expect(maxAbs(plane, t.data), `${s} layer ${k} on ${b} (tolerance ${tol})`).toBeLessThanOrEqual(tol);
      });
    }
    for (const [name, node] of [['decoder.output', 'fused/decoder.y']] as const) {
      const { t, tol } = ref.get(name)!;
      expect(maxAbs(values.get(node)!.data, t.data), `${name} on ${b}`).toBeLessThanOrEqual(tol);
    }
    expect([...values.get('fused/decoder.y')!.data].map(toU8), `8-bit output on ${b}`).toEqual(u8);
  });
});

describe.runIf(HAVE_SHARED)("TNO pairs 1-4: the authors' fused images", () => {
  const manifest = HAVE_SHARED ? JSON.parse(readFileSync(join(AUIF, 'tno', 'manifest.json'), 'utf8')) : { outputs: [] };
  const file = HAVE_SHARED ? weightsFile() : undefined;
  const pairs = [1, 2, 3, 4].map((i) => ({ i, out: manifest.outputs[i - 1] }));

  // The float32 reference reaches 0.004% of pixels off by one against the authors' CUDA run
  // (README.md in ../shared/auif); the acceptance bound is max 1 grey level and <= 0.1%.
  it.each(backends.flatMap((b) => pairs.map((p) => [b, p.i] as const)))('%s, pair %i', async (b, i) => {
    const out = pairs[i - 1].out;
    const ir = readImage(join(AUIF, 'tno', `IR${i}.png`)).tensor;
    const vis = readImage(join(AUIF, 'tno', `VIS${i}.png`)).tensor;
    const e = await engine(b);
    const { fused } = await e.fuse(ir, vis, { method: 'auif', weights: file, backend: b === 'cpu' ? 'cpu' : 'gpu' });
    const ref = rawTensor(join(AUIF, 'tno', out.file), out.shape);
    const err = maxAbs(fused.data, ref.data);
    expect(err, `max |fused - F${i}.ref.f32| on ${b} (manifest tolerance ${out.tolerance_max_abs})`).toBeLessThanOrEqual(out.tolerance_max_abs);
    const authors = readImage(join(AUIF, 'tno', `F${i}.png`)).tensor.data;
    let differ = 0;
    let worst = 0;
    fused.data.forEach((v, k) => {
      const d = Math.abs(toU8(v) - Math.round(authors[k] * 255));
      worst = Math.max(worst, d);
      if (d) differ++;
    });
    console.log(`AUIF TNO${i} on ${b}: max |fused - ref| ${err.toExponential(2)}, vs authors' F${i}.png: ${differ} of ${fused.data.length} pixels differ (${((100 * differ) / fused.data.length).toFixed(4)}%), max ${worst} grey level`);
    expect(worst).toBeLessThanOrEqual(1);
    expect(differ / fused.data.length).toBeLessThanOrEqual(0.001);
  });
});

describe.runIf(HAVE_SHARED)('tiling and colour', () => {
  const file = HAVE_SHARED ? weightsFile() : undefined;
  const region = (t: Tensor) => {
    const out = tensor([t.shape[0], 200, 260]);
    for (let c = 0; c < t.shape[0]; c++) for (let y = 0; y < 200; y++) out.data.set(t.data.subarray((c * t.shape[1] + 100 + y) * t.shape[2] + 50, (c * t.shape[1] + 100 + y) * t.shape[2] + 310), (c * 200 + y) * 260);
    return out;
  };
  it.each(backends)('tiles with a 30-pixel halo reproduce the whole image exactly on %s', async (b) => {
    const ir = region(readImage(join(AUIF, 'tno', 'IR1.png')).tensor);
    const vis = region(readImage(join(AUIF, 'tno', 'VIS1.png')).tensor);
    const e = await engine(b);
    const backend = b === 'cpu' ? 'cpu' : 'gpu';
    const whole = await e.fuse(ir, vis, { method: 'auif', weights: file, backend });
    const tiled = await e.fuse(ir, vis, { method: 'auif', weights: file, backend, tile: 64 });
    expect(tiled.tiles).toBe(4 * 5);
    expect(maxAbs(tiled.fused.data, whole.fused.data)).toBe(0);
  });
  it.runIf(adapters.includes('llvmpipe'))('tiles by itself when an image exceeds the binding limit, with the same result', async () => {
    const ir = region(readImage(join(AUIF, 'tno', 'IR1.png')).tensor);
    const vis = region(readImage(join(AUIF, 'tno', 'VIS1.png')).tensor);
    const whole = await (await engineFor('llvmpipe'))!.fuse(ir, vis, { method: 'auif', weights: file });
    const found = (await findNodeAdapter('llvmpipe'))!;
    // 4 channels x 200 x 260 floats = 832000 bytes do not fit in 256 KiB: tiles of side
    // floor(sqrt(262144 / 16)) - 2 * 30 (halo) - 16 (read-window alignment) = 52.
    const small = await Fusegpu.fromAdapter(found.adapter, { maxBindingBytes: 256 * 1024 });
    try {
      const tiled = await small.fuse(ir, vis, { method: 'auif', weights: file });
      expect(tiled.tiles).toBe(Math.ceil(200 / 52) * Math.ceil(260 / 52));
      expect(maxAbs(tiled.fused.data, whole.fused.data)).toBe(0);
    } finally {
      small.dispose();
    }
  });
  it('fuses a colour visible image on its luma and keeps its chroma', async () => {
    const e = adapters.length ? (await engineFor(adapters[0]))! : Fusegpu.cpu();
    const grey = region(readImage(join(AUIF, 'tno', 'VIS1.png')).tensor);
    const rgb = tensor([3, 200, 260]);
    for (let c = 0; c < 3; c++) rgb.data.set(grey.data, c * grey.data.length);
    const ir = region(readImage(join(AUIF, 'tno', 'IR1.png')).tensor);
    const a = await e.fuse(ir, rgb, { method: 'auif', weights: file });
    const g = await e.fuse(ir, grey, { method: 'auif', weights: file });
    expect(a.fused.shape).toEqual([3, 200, 260]);
    // A grey RGB image has Y = the grey value (to float32 rounding of 0.299+0.587+0.114) and
    // neutral chroma, so each colour channel is the grey fusion.
    for (let c = 0; c < 3; c++) expect(maxAbs(a.fused.data.subarray(c * 52000, (c + 1) * 52000), g.fused.data)).toBeLessThan(1e-4);
  });
  it.each(adapters)('smallest and odd sizes (10x10, 300x10, 13x11, 10x37, 65x64) on %s equal the cpu backend', async (adapter) => {
    for (const [h, w] of [[10, 10], [10, 300], [11, 13], [37, 10], [64, 65]]) {
      const r = rng(h * w);
      const ir = tensor([1, h, w]);
      const vis = tensor([1, h, w]);
      ir.data.forEach((_, i) => (ir.data[i] = r()));
      vis.data.forEach((_, i) => (vis.data[i] = r()));
      const want = (await Fusegpu.cpu().fuse(ir, vis, { method: 'auif', weights: file })).fused.data;
      const got = (await (await engineFor(adapter))!.fuse(ir, vis, { method: 'auif', weights: file })).fused.data;
      // Each backend reproduces the crop's decoder output within its manifest's 2e-4, so two
      // backends may differ by twice that; these sizes exercise every border path (ring sides,
      // corners, images under 6 pixels a side, partial 4x4 blocks).
      let worst = 0;
      got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
      expect(worst, `${w}x${h}`).toBeLessThanOrEqual(4e-4);
    }
  });
  it('refuses images smaller than 10x10 and a missing weights file, before any GPU work', async () => {
    const e = Fusegpu.cpu();
    const t = tensor([1, 9, 40]);
    await expect(e.fuse(t, t, { method: 'auif', weights: file })).rejects.toThrow(/auif' needs images of at least 10x10, got 40x9/);
    await expect(e.fuse(tensor([1, 20, 20]), tensor([1, 20, 20]), { method: 'auif' })).rejects.toThrow(/needs its published weights/);
  });
});
