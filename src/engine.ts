import { FusegpuError, fail } from './core/errors.js';
import { fmtShape, numel, tensor, type Shape, type Tensor } from './core/tensor.js';
import { GpuContext, type AdapterReport, type GpuOptions } from './gpu/context.js';
import { runGpu, type GpuRunStats } from './gpu/executor.js';
import { auifMethod } from './methods/auif.js';
import { laplacianMethod } from './methods/laplacian.js';
import { cbfMethod, dctMethod, dwtMethod, gffMethod, nsstMethod, swtMethod } from './methods/transform-methods.js';
import { getMethod, registerMethod, type FusionMethod } from './methods/registry.js';
import { crop, paste, TILE_ALIGN, tiles } from './methods/tiling.js';
import type { WeightFile } from './nn/safetensors.js';
import { runCpu } from './pipeline/cpu-executor.js';
import { checkIntoTensor } from './pipeline/into.js';
import { compile, inferShapes, isGraph, type Graph, type PipelineSpec } from './pipeline/spec.js';
import { verify, type NodeDiff } from './pipeline/verify.js';

registerMethod(laplacianMethod);
registerMethod(auifMethod);
registerMethod(dwtMethod);
registerMethod(swtMethod);
registerMethod(dctMethod);
registerMethod(cbfMethod);
registerMethod(gffMethod);
registerMethod(nsstMethod);

export type Backend = 'gpu' | 'cpu';

/** Out-of-memory retries of a tileable method, each with tiles half the size, down to MIN_TILE. */
const OOM_RETRIES = 4;
const MIN_TILE = 32;

export interface RunOptions {
  backend?: Backend;
  /**
   * Output tensors you own, by output name: the run writes into them (and returns them)
   * instead of allocating new ones, so a loop over frames reuses its memory. Each must have
   * the output's shape; checked before any work starts. A run that fails may leave them
   * partly written.
   */
  into?: Record<string, Tensor>;
}

export interface EngineRunResult {
  outputs: Record<string, Tensor>;
  backend: Backend;
  stats?: GpuRunStats;
}

export interface FuseOptions extends Omit<RunOptions, 'into'> {
  /** A tensor you own, shaped like the fused image ([vis channels, H, W]): written and returned instead of a new one. */
  into?: Tensor;
  method?: string;
  params?: Record<string, unknown>;
  /** The method's published weights (parseSafetensors), for network methods such as 'auif'. */
  weights?: WeightFile;
  /**
   * Fuse in tiles of at most this many pixels per side (tileable methods only); by default a
   * tileable method is tiled only when the image would not fit the device's binding limit.
   */
  tile?: number;
}

export interface FuseResult {
  fused: Tensor;
  backend: Backend;
  stats?: GpuRunStats;
  /** How many tiles the pair was fused in (1 = whole image). */
  tiles: number;
}

/**
 * The library's entry point: runs pipelines and fusion methods on the GPU (one device)
 * or on the CPU references. Create it with `Fusegpu.fromAdapter` (browser: from
 * `navigator.gpu`, Node: `openNodeEngine` in 'fusegpu/node') or `Fusegpu.cpu()`.
 */
export class Fusegpu {
  private graphs = new Map<string, Graph>();

  private constructor(
    readonly gpu: GpuContext | undefined,
    private readonly noGpuReason: string,
  ) {}

  static async fromAdapter(adapter: GPUAdapter, opts: GpuOptions = {}): Promise<Fusegpu> {
    return new Fusegpu(await GpuContext.create(adapter, opts), '');
  }

  /** From a `GPU` object such as `navigator.gpu`; with no adapter the engine is CPU-only and says why. */
  static async fromGpu(gpu: GPU | undefined, opts: GpuOptions & { powerPreference?: GPUPowerPreference } = {}): Promise<Fusegpu> {
    const adapter = gpu ? await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' }) : null;
    if (!adapter) return Fusegpu.cpu(gpu ? 'the browser offers no WebGPU adapter' : 'this browser has no WebGPU (navigator.gpu is missing)');
    return Fusegpu.fromAdapter(adapter, { kind: 'browser', ...opts });
  }

  static cpu(reason = 'created CPU-only'): Fusegpu {
    return new Fusegpu(undefined, reason);
  }

  get adapter(): AdapterReport | undefined {
    return this.gpu?.report;
  }

  get defaultBackend(): Backend {
    return this.gpu ? 'gpu' : 'cpu';
  }

  /** Compiled graphs are cached by spec text, so repeated runs skip validation work. */
  compile(spec: PipelineSpec | Graph): Graph {
    if (isGraph(spec)) return spec;
    const key = JSON.stringify(spec);
    let g = this.graphs.get(key);
    if (!g) {
      g = compile(spec);
      this.graphs.set(key, g);
    }
    return g;
  }

  private requireGpu(): GpuContext {
    if (!this.gpu) fail('no-adapter', `no GPU adapter: ${this.noGpuReason}. Use backend 'cpu'`);
    return this.gpu;
  }

  async run(spec: PipelineSpec | Graph, inputs: Record<string, Tensor>, opts: RunOptions = {}): Promise<EngineRunResult> {
    const g = this.compile(spec);
    const backend = opts.backend ?? this.defaultBackend;
    if (backend === 'cpu') return { outputs: runCpu(g, inputs, false, opts.into).outputs, backend };
    const r = await runGpu(this.requireGpu(), g, inputs, { into: opts.into });
    return { outputs: r.outputs, backend, stats: r.stats };
  }

  async verify(spec: PipelineSpec | Graph, inputs: Record<string, Tensor>): Promise<NodeDiff[]> {
    return verify(this.requireGpu(), this.compile(spec), inputs);
  }

  /** The pipeline a method runs for this pair (channels decide grey or colour). */
  methodPipeline(ir: Tensor, vis: Tensor, opts: FuseOptions = {}): PipelineSpec {
    if (ir.shape[1] !== vis.shape[1] || ir.shape[2] !== vis.shape[2]) {
      fail('shape', `infrared is ${ir.shape[2]}x${ir.shape[1]} but visible is ${vis.shape[2]}x${vis.shape[1]} (width x height); they must match (resize one first)`);
    }
    const m = getMethod(opts.method ?? 'laplacian');
    if (m.minSize && (ir.shape[1] < m.minSize || ir.shape[2] < m.minSize)) {
      fail('shape', `method '${m.name}' needs images of at least ${m.minSize}x${m.minSize}, got ${ir.shape[2]}x${ir.shape[1]}`);
    }
    return m.pipeline(ir.shape[0], vis.shape[0], opts.params ?? {}, opts.weights);
  }

  /** Every input of the method's pipeline: the pair plus the method's constants (weights). */
  methodInputs(ir: Tensor, vis: Tensor, opts: FuseOptions = {}): Record<string, Tensor> {
    return { ir, vis, ...getMethod(opts.method ?? 'laplacian').constants?.(opts.weights) };
  }

  /** Fuses an infrared and a visible image (values in [0, 1]); returns the fused image, same channels as `vis`. */
  async fuse(ir: Tensor, vis: Tensor, opts: FuseOptions = {}): Promise<FuseResult> {
    const m = getMethod(opts.method ?? 'laplacian');
    try {
      const spec = this.methodPipeline(ir, vis, opts);
      const inputs = this.methodInputs(ir, vis, opts);
      if (opts.into) checkIntoTensor('the fused image', opts.into, vis.shape);
      let tile = this.tileSize(m, spec, inputs, opts);
      // Out of memory: a tileable method retries with tiles half the size, a few times.
      for (let retry = 0; ; retry++) {
        try {
          if (!tile) {
            const r = await this.run(spec, inputs, { backend: opts.backend, into: opts.into && { fused: opts.into } });
            return { fused: r.outputs.fused, backend: r.backend, stats: r.stats, tiles: 1 };
          }
          return await this.fuseTiled(m, spec, inputs, tile, opts);
        } catch (e) {
          if (!(e instanceof FusegpuError && e.code === 'out-of-memory') || m.halo === undefined) throw e;
          const at = tile || Math.max(ir.shape[1], ir.shape[2]);
          if (retry === OOM_RETRIES || at <= MIN_TILE) {
            throw new FusegpuError('out-of-memory', `GPU out of memory at tile ${at}x${at} (after ${retry} smaller retries): ${e.message}`);
          }
          tile = Math.max(MIN_TILE, Math.floor(at / 2));
        }
      }
    } catch (e) {
      if (e instanceof FusegpuError && e.code === 'shape') throw new FusegpuError('shape', `ir ${fmtShape(ir.shape)}, vis ${fmtShape(vis.shape)}: ${e.message}`);
      throw e;
    }
  }

  /** The tile side to use, or 0 for one whole-image run. */
  private tileSize(m: FusionMethod, spec: PipelineSpec, inputs: Record<string, Tensor>, opts: FuseOptions): number {
    const [, h, w] = inputs.ir.shape;
    if (opts.tile !== undefined) {
      if (!Number.isInteger(opts.tile) || opts.tile < 1) fail('bad-param', `tile must be a positive integer, got ${opts.tile}`);
      if (m.halo === undefined) fail('usage', `method '${m.name}' cannot be tiled (its output pixels depend on the whole image)`);
      return opts.tile >= h && opts.tile >= w ? 0 : opts.tile;
    }
    const backend = opts.backend ?? this.defaultBackend;
    if (backend !== 'gpu' || m.halo === undefined || !this.gpu) return 0;
    const shapes = inferShapes(this.compile(spec), Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.shape])));
    // Image-sized values: planar [C, h, w] or channels-last [h, w, C].
    const imageSized = (s: Shape) => (s[1] === h && s[2] === w) || (s[0] === h && s[1] === w);
    const largest = Math.max(...[...shapes.values()].map((s) => (imageSized(s) ? numel(s) * 4 : 0)));
    if (largest <= this.gpu.maxBindingBytes) return 0;
    // The largest image-sized value scales with the tile area; the read window is the tile
    // plus the halo on both sides plus up to TILE_ALIGN - 1 for its aligned start.
    const side = Math.floor(Math.sqrt(this.gpu.maxBindingBytes / (largest / (h * w)))) - 2 * m.halo - TILE_ALIGN;
    if (side < 16) fail('too-large', `method '${m.name}': even a 16-pixel tile with its ${m.halo}-pixel halo exceeds this device's ${this.gpu.maxBindingBytes}-byte binding limit`);
    return side;
  }

  private async fuseTiled(m: FusionMethod, spec: PipelineSpec, inputs: Record<string, Tensor>, tile: number, opts: FuseOptions): Promise<FuseResult> {
    const { ir, vis, ...constants } = inputs;
    const [, h, w] = vis.shape;
    const g = this.compile(spec);
    let out: Tensor | undefined;
    let backend: Backend = opts.backend ?? this.defaultBackend;
    let dispatches = 0;
    const parts = tiles(h, w, tile, m.halo!);
    for (const { core, read } of parts) {
      const r = await this.run(g, { ir: crop(ir, read), vis: crop(vis, read), ...constants }, { backend: opts.backend });
      out ??= opts.into ?? tensor([r.outputs.fused.shape[0], h, w]);
      paste(out, r.outputs.fused, read, core);
      backend = r.backend;
      dispatches += r.stats?.dispatches ?? 0;
    }
    return { fused: out!, backend, stats: backend === 'gpu' ? { dispatches, commandBuffers: parts.length } : undefined, tiles: parts.length };
  }

  dispose(): void {
    this.gpu?.dispose();
  }
}
