import { FusegpuError, fail } from '../core/errors.js';
import { BindGroupCache } from './bind-groups.js';
import { BufferPool } from './pool.js';
import { SHADER_STAGE_COMPUTE } from './flags.js';
import { entryLayout, shaderSource, type EntryLayout } from './reflect.js';

export interface GpuOptions {
  /** Workgroup size (x, y) passed to every kernel's WG_X / WG_Y overrides; 16x8 fits compatibility mode. */
  workgroup?: [number, number];
  /** Record GPU time with timestamp queries where the adapter has them. */
  timing?: boolean;
  /** Test hook: pretend the device allows at most this many bytes per storage binding. */
  maxBindingBytes?: number;
  /** A short name of the adapter kind (hardware, llvmpipe, swiftshader, browser). */
  kind?: string;
  /**
   * A run that has not finished after this many milliseconds fails with a 'timeout' error and
   * the device is released (a hung kernel cannot be cancelled otherwise); 0 = no limit.
   */
  timeoutMs?: number;
  /** Test hook: the first N runs fail as out of memory after taking their buffers. */
  injectOutOfMemory?: number;
}

/** Generous for software adapters: a 4K AUIF-Net pair takes about 5 s on SwiftShader. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface AdapterReport {
  kind: string;
  name: string;
  vendor: string;
  backend: string;
  timestamps: boolean;
  limits: { maxStorageBufferBindingSize: number; maxComputeInvocationsPerWorkgroup: number; maxStorageBuffersPerShaderStage: number; maxComputeWorkgroupsPerDimension: number };
}

export interface CompiledEntry {
  layout: EntryLayout;
  pipeline: GPUComputePipeline;
  bindGroupLayout: GPUBindGroupLayout;
}

/** Storage buffers one kernel of ours may bind (laplacianFuseUpRgb: six inputs and one output). */
const STORAGE_BUFFERS_NEEDED = 7;

/**
 * One WebGPU device with its pipeline cache and buffer pool. Device loss rejects every
 * pending run with a 'device-lost' error; create a new context to go on.
 */
export class GpuContext {
  readonly pool: BufferPool;
  readonly bindGroups: BindGroupCache;
  readonly workgroup: [number, number];
  readonly timestamps: boolean;
  readonly maxBindingBytes: number;
  lostInfo: GPUDeviceLostInfo | undefined;
  private readonly lostPromise: Promise<never>;
  private compiled = new Map<string, Promise<CompiledEntry>>();
  private modules = new Map<string, Promise<GPUShaderModule>>();
  private disposed = false;
  readonly uncaptured: string[] = [];
  readonly timeoutMs: number;
  private injectedOom: number;

  private constructor(
    readonly device: GPUDevice,
    readonly report: AdapterReport,
    opts: GpuOptions,
  ) {
    this.pool = new BufferPool(device);
    this.bindGroups = new BindGroupCache(device);
    this.workgroup = opts.workgroup ?? [16, 8];
    this.timestamps = report.timestamps && !!opts.timing;
    this.maxBindingBytes = Math.min(opts.maxBindingBytes ?? Infinity, device.limits.maxStorageBufferBindingSize);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.injectedOom = opts.injectOutOfMemory ?? 0;
    this.lostPromise = device.lost.then((info) => {
      this.lostInfo = info;
      throw new FusegpuError('device-lost', `GPU device lost (${info.reason}): ${info.message || 'no message'}; create a new engine to continue`);
    });
    this.lostPromise.catch(() => undefined);
    device.addEventListener('uncapturederror', (ev) => {
      this.uncaptured.push((ev as GPUUncapturedErrorEvent).error.message);
    });
  }

  static async create(adapter: GPUAdapter, opts: GpuOptions = {}): Promise<GpuContext> {
    const a = adapter.limits;
    if (a.maxStorageBuffersPerShaderStage < STORAGE_BUFFERS_NEEDED) {
      fail('no-adapter', `adapter allows ${a.maxStorageBuffersPerShaderStage} storage buffers per stage; fusegpu kernels need ${STORAGE_BUFFERS_NEEDED}`);
    }
    const wg = opts.workgroup ?? [16, 8];
    const timestamps = adapter.features.has('timestamp-query');
    // Ask for the adapter's own limits where a kernel needs more than the (compatibility) defaults.
    const device = await adapter.requestDevice({
      label: 'fusegpu',
      requiredFeatures: timestamps && opts.timing ? ['timestamp-query'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
        maxBufferSize: a.maxBufferSize,
        // Core WebGPU's defaults, never more than the adapter has; compatibility adapters default lower.
        maxStorageBuffersPerShaderStage: Math.min(a.maxStorageBuffersPerShaderStage, 8),
        maxComputeInvocationsPerWorkgroup: Math.min(a.maxComputeInvocationsPerWorkgroup, Math.max(wg[0] * wg[1], 256)),
        maxComputeWorkgroupSizeX: Math.min(a.maxComputeWorkgroupSizeX, Math.max(wg[0], 256)),
        maxComputeWorkgroupSizeY: Math.min(a.maxComputeWorkgroupSizeY, Math.max(wg[1], 256)),
        // The FFT keeps two rows of up to 2048 complex values in workgroup memory.
        maxComputeWorkgroupStorageSize: Math.min(a.maxComputeWorkgroupStorageSize, 32768),
        // ... and its twiddle table (2048 complex float32) in the uniform struct.
        maxUniformBufferBindingSize: Math.min(a.maxUniformBufferBindingSize, 65536),
      },
    });
    const info = adapter.info;
    const report: AdapterReport = {
      kind: opts.kind ?? 'unknown',
      name: [info.description, info.device].filter(Boolean).join(' / ') || 'unknown adapter',
      vendor: info.vendor || 'unknown',
      backend: info.architecture || '',
      timestamps,
      limits: {
        maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
        maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
        maxStorageBuffersPerShaderStage: device.limits.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
      },
    };
    return new GpuContext(device, report, opts);
  }

  get lost(): boolean {
    return this.lostInfo !== undefined;
  }

  /** Races `p` against device loss (and a run's deadline), so no await hangs. */
  guard<T>(p: Promise<T>, deadline?: Promise<never>): Promise<T> {
    return Promise.race(deadline ? [p, this.lostPromise, deadline] : [p, this.lostPromise]);
  }

  /**
   * The deadline of one run: rejects with 'timeout' after timeoutMs and destroys the device,
   * which aborts the hung work and makes every later run fail as device-lost.
   */
  startDeadline(what: string): { promise: Promise<never>; clear(): void } {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const promise = new Promise<never>((_, reject) => {
      if (!this.timeoutMs) return;
      timer = setTimeout(() => {
        reject(new FusegpuError('timeout', `GPU timeout: ${what} did not finish within ${this.timeoutMs} ms; the device was released, create a new engine to continue`));
        this.device.destroy();
      }, this.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
    });
    promise.catch(() => undefined);
    return { promise, clear: () => clearTimeout(timer) };
  }

  /** Test hook (injectOutOfMemory): true while injected failures remain. */
  takeInjectedOutOfMemory(): boolean {
    if (this.injectedOom <= 0) return false;
    this.injectedOom--;
    return true;
  }

  private module(shader: string): Promise<GPUShaderModule> {
    let m = this.modules.get(shader);
    if (!m) {
      m = (async () => {
        const mod = this.device.createShaderModule({ code: shaderSource(shader), label: `fusegpu:${shader}` });
        const info = await this.guard(mod.getCompilationInfo());
        const errors = info.messages.filter((x) => x.type === 'error');
        if (errors.length) {
          fail('validation', `shader ${shader}.wgsl does not compile: ${errors.map((e) => `line ${e.lineNum}:${e.linePos} ${e.message}`).join('; ')}`);
        }
        return mod;
      })();
      m.catch(() => this.modules.delete(shader));
      this.modules.set(shader, m);
    }
    return m;
  }

  /**
   * The compiled pipeline of one entry point with the given override constants (a kernel
   * specialised to, e.g., its tap count, so loops have constant trip counts the driver can
   * unroll); compiled once per context and constant set, then cached.
   */
  pipeline(shader: string, entry: string, constants: Record<string, number> = {}): Promise<CompiledEntry> {
    const spec = Object.keys(constants).sort().map((k) => `${k}=${constants[k]}`).join(',');
    const key = spec ? `${shader}:${entry}[${spec}]` : `${shader}:${entry}`;
    let c = this.compiled.get(key);
    if (!c) {
      c = (async () => {
        const layout = entryLayout(shader, entry);
        for (const k of Object.keys(constants)) {
          if (!layout.overrides.includes(k)) fail('usage', `${shader}.${entry} has no override constant '${k}'`);
        }
        const bindGroupLayout = this.device.createBindGroupLayout({
          label: `fusegpu:${key}`,
          entries: layout.bindings.map((b) => ({ binding: b.binding, visibility: SHADER_STAGE_COMPUTE, buffer: { type: b.kind } })),
        });
        const module = await this.module(shader);
        this.device.pushErrorScope('validation');
        const pipeline = await this.guard(
          this.device.createComputePipelineAsync({
            label: `fusegpu:${key}`,
            layout: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] }),
            compute: { module, entryPoint: entry, constants: { ...constants, ...this.workgroupConstants(layout) } },
          }),
        ).catch((e) => {
          this.device.popErrorScope().catch(() => undefined);
          throw new FusegpuError('validation', `pipeline ${key} failed to build: ${(e as Error).message}`);
        });
        const err = await this.guard(this.device.popErrorScope());
        if (err) fail('validation', `pipeline ${key} failed to build: ${err.message}`);
        return { layout, pipeline, bindGroupLayout };
      })();
      c.catch(() => this.compiled.delete(key));
      this.compiled.set(key, c);
    }
    return c;
  }

  /** WG_X / WG_Y for kernels sized by the engine's workgroup (the FFT sizes its own). */
  private workgroupConstants(layout: EntryLayout): Record<string, number> {
    const c: Record<string, number> = {};
    if (layout.overrides.includes('WG_X')) c.WG_X = this.workgroup[0];
    if (layout.overrides.includes('WG_Y')) c.WG_Y = this.workgroup[1];
    return c;
  }

  get pipelinesCompiled(): number {
    return this.compiled.size;
  }

  /** Frees every buffer and the device; the process can then exit. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.bindGroups.clear();
    this.pool.dispose();
    this.device.destroy();
  }
}
