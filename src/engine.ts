import { FusegpuError, fail } from './core/errors.js';
import { fmtShape, type Tensor } from './core/tensor.js';
import { GpuContext, type AdapterReport, type GpuOptions } from './gpu/context.js';
import { runGpu, type GpuRunStats } from './gpu/executor.js';
import { laplacianMethod } from './methods/laplacian.js';
import { getMethod, registerMethod } from './methods/registry.js';
import { runCpu } from './pipeline/cpu-executor.js';
import { compile, isGraph, type Graph, type PipelineSpec } from './pipeline/spec.js';
import { verify, type NodeDiff } from './pipeline/verify.js';

registerMethod(laplacianMethod);

export type Backend = 'gpu' | 'cpu';

export interface RunOptions {
  backend?: Backend;
}

export interface EngineRunResult {
  outputs: Record<string, Tensor>;
  backend: Backend;
  stats?: GpuRunStats;
}

export interface FuseOptions extends RunOptions {
  method?: string;
  params?: Record<string, unknown>;
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
    if (backend === 'cpu') return { outputs: runCpu(g, inputs).outputs, backend };
    const r = await runGpu(this.requireGpu(), g, inputs);
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
    return getMethod(opts.method ?? 'laplacian').pipeline(ir.shape[0], vis.shape[0], opts.params ?? {});
  }

  /** Fuses an infrared and a visible image (values in [0, 1]); returns the fused image, same channels as `vis`. */
  async fuse(ir: Tensor, vis: Tensor, opts: FuseOptions = {}): Promise<{ fused: Tensor; backend: Backend; stats?: GpuRunStats }> {
    const spec = this.methodPipeline(ir, vis, opts);
    try {
      const r = await this.run(spec, { ir, vis }, opts);
      return { fused: r.outputs.fused, backend: r.backend, stats: r.stats };
    } catch (e) {
      if (e instanceof FusegpuError && e.code === 'shape') throw new FusegpuError('shape', `ir ${fmtShape(ir.shape)}, vis ${fmtShape(vis.shape)}: ${e.message}`);
      throw e;
    }
  }

  dispose(): void {
    this.gpu?.dispose();
  }
}
