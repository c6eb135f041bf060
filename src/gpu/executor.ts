import { FusegpuError, fail } from '../core/errors.js';
import type { GpuPass, Shapes } from '../core/op.js';
import { fmtShape, numel, tensor, type Shape, type Tensor } from '../core/tensor.js';
import { checkInto, deliver } from '../pipeline/into.js';
import { inferShapes, type Graph, type KernelNode } from '../pipeline/spec.js';
import type { GpuContext, CompiledEntry } from './context.js';
import { packUniforms } from './reflect.js';
import { BufferUsage, MAP_MODE_READ } from './flags.js';

export interface GpuRunOptions {
  /** Download every value (for verify), not only the outputs. */
  keepAll?: boolean;
  /** Caller-owned output tensors by output name, read back into instead of fresh arrays (checkInto). */
  into?: Record<string, Tensor>;
}

export interface GpuRunStats {
  dispatches: number;
  commandBuffers: number;
  /** GPU time of the whole run from timestamp queries, when the context records them. */
  gpuMs?: number;
}

export interface GpuRunResult {
  outputs: Record<string, Tensor>;
  values?: Map<string, Tensor>;
  stats: GpuRunStats;
}

interface PlannedNode {
  node: KernelNode;
  passes: { pass: GpuPass; entry: CompiledEntry }[];
  temps: Record<string, Shape>;
}

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
const READBACK = BufferUsage.MAP_READ | BufferUsage.COPY_DST;
const UNIFORM = BufferUsage.UNIFORM | BufferUsage.COPY_DST;

/** A pass's workgroup counts: given as they are, or its invocation grid over WG_X x WG_Y. */
function dispatchCounts(pass: GpuPass, wg: readonly [number, number]): [number, number, number] {
  if (pass.workgroups) return [...pass.workgroups];
  if (!pass.grid) fail('usage', `${pass.shader}.${pass.entry}: a pass needs a grid or workgroup counts`);
  return [Math.ceil(pass.grid[0] / wg[0]), Math.ceil(pass.grid[1] / wg[1]), pass.grid[2]];
}

function label(n: KernelNode): string {
  return n.origin === n.id ? `node '${n.id}' (${n.op.name})` : `node '${n.id}' (${n.op.name}, inside '${n.origin}')`;
}

interface RunPlan {
  shapes: Map<string, Shape>;
  plan: PlannedNode[];
  /** Each pass's offset in the run's uniform buffer, in plan order. */
  slots: number[];
  uniformData: ArrayBuffer;
}

/**
 * Everything about a run that follows from the graph and its input shapes: shapes, limit
 * checks, each node's passes and pipelines, the packed uniforms. Cached per context, graph and
 * input shapes (0.25 ms of a 13-node Laplacian run on llvmpipe); a plan that fails is not.
 */
const plans = new WeakMap<GpuContext, WeakMap<Graph, Map<string, RunPlan>>>();

async function planRun(ctx: GpuContext, g: Graph, inputShapes: Record<string, Shape>): Promise<RunPlan> {
  let byGraph = plans.get(ctx);
  if (!byGraph) plans.set(ctx, (byGraph = new WeakMap()));
  let byShapes = byGraph.get(g);
  if (!byShapes) byGraph.set(g, (byShapes = new Map()));
  const key = g.inputs.map((i) => inputShapes[i]?.join('x')).join(',');
  let p = byShapes.get(key);
  if (!p) {
    p = await buildPlan(ctx, g, inputShapes);
    // a batch over images of many sizes keeps the latest few dozen
    if (byShapes.size >= 32) byShapes.clear();
    byShapes.set(key, p);
  }
  return p;
}

async function buildPlan(ctx: GpuContext, g: Graph, inputShapes: Record<string, Shape>): Promise<RunPlan> {
  const shapes = inferShapes(g, inputShapes);
  const limits = ctx.device.limits;
  const checkBytes = (what: string, s: Shape) => {
    const bytes = numel(s) * 4;
    if (bytes > ctx.maxBindingBytes) {
      fail('too-large', `${what} ${fmtShape(s)} needs ${bytes} bytes in one storage binding; this device allows ${ctx.maxBindingBytes} (maxStorageBufferBindingSize). Use a smaller image or the cpu backend`);
    }
  };
  for (const [v, s] of shapes) checkBytes(`value '${v}'`, s);

  const plan: PlannedNode[] = [];
  for (const n of g.nodes) {
    const ins: Shapes = {};
    const outs: Shapes = {};
    for (const [p, v] of Object.entries(n.inputs)) ins[p] = shapes.get(v)!;
    for (const [o, v] of Object.entries(n.outputs)) outs[o] = shapes.get(v)!;
    const gp = n.op.gpu(ins, outs, n.params);
    const temps = gp.temps ?? {};
    for (const [t, s] of Object.entries(temps)) checkBytes(`${label(n)} temporary '${t}'`, s);
    const passes = [];
    for (const pass of gp.passes) {
      const counts = dispatchCounts(pass, ctx.workgroup);
      for (let d = 0; d < 3; d++) {
        if (counts[d] > limits.maxComputeWorkgroupsPerDimension) {
          const what = pass.workgroups ? `${counts[d]} workgroups` : `${pass.grid![d]} invocations`;
          fail('too-large', `${label(n)}: ${what} along axis ${'xyz'[d]} exceed ${limits.maxComputeWorkgroupsPerDimension} workgroups${pass.workgroups ? '' : ` of ${d < 2 ? ctx.workgroup[d] : 1}`}`);
        }
      }
      let entry: CompiledEntry;
      try {
        entry = await ctx.pipeline(pass.shader, pass.entry, pass.constants);
      } catch (e) {
        if (e instanceof FusegpuError) throw new FusegpuError(e.code, `${label(n)}: ${e.message}`);
        throw e;
      }
      for (const b of entry.layout.bindings) {
        if (b.kind !== 'uniform' && !(b.name in pass.bindings)) fail('usage', `${label(n)}: pass ${pass.shader}.${pass.entry} does not bind '${b.name}'`);
      }
      passes.push({ pass, entry });
    }
    plan.push({ node: n, passes, temps });
  }

  // Uniforms of every pass in one buffer, one write.
  const align = limits.minUniformBufferOffsetAlignment;
  const slots: number[] = [];
  let uniformBytes = 0;
  for (const p of plan) {
    for (const { entry } of p.passes) {
      slots.push(uniformBytes);
      uniformBytes += Math.ceil((entry.layout.uniform?.size ?? 16) / align) * align;
    }
  }
  const uniformData = new ArrayBuffer(Math.max(uniformBytes, 16));
  const view = new DataView(uniformData);
  {
    let i = 0;
    for (const p of plan) for (const { pass, entry } of p.passes) packUniforms(entry.layout, pass.uniforms, view, slots[i++]);
  }

  return { shapes, plan, slots, uniformData };
}

/**
 * Runs a compiled pipeline on the GPU: every check and every pipeline compile happens
 * before the first command is recorded, all dispatches go into one compute pass of one
 * command buffer, and intermediates return to the pool as soon as their last reader is
 * recorded.
 */
export async function runGpu(ctx: GpuContext, g: Graph, inputs: Record<string, Tensor>, opts: GpuRunOptions = {}): Promise<GpuRunResult> {
  if (ctx.lost) fail('device-lost', `GPU device was lost (${ctx.lostInfo?.reason}); create a new engine`);
  const { shapes, plan, slots, uniformData } = await planRun(ctx, g, Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.shape])));
  checkInto(g, shapes, opts.into);
  const device = ctx.device;

  // Readers left per value; outputs (or every value with keepAll) are read back at the end.
  const readers = new Map<string, number>();
  for (const n of g.nodes) for (const v of Object.values(n.inputs)) readers.set(v, (readers.get(v) ?? 0) + 1);
  const keep = new Set<string>(opts.keepAll ? shapes.keys() : Object.values(g.outputs));

  const pool = ctx.pool;
  const buffers = new Map<string, GPUBuffer>();
  // Every buffer this run holds; whatever is still here at the end (error or not) goes back.
  const live = new Set<GPUBuffer>();
  const take = (bytes: number, usage: GPUBufferUsageFlags, name: string) => {
    const b = pool.acquire(bytes, usage, name);
    live.add(b);
    return b;
  };
  const give = (b: GPUBuffer) => {
    if (live.delete(b)) pool.release(b);
  };
  const scopes: { what: string; p: Promise<GPUError | null> }[] = [];
  let dispatches = 0;
  const uniformBuf = take(uniformData.byteLength, UNIFORM, 'fusegpu:uniforms');
  let querySet: GPUQuerySet | undefined;
  const deadline = ctx.startDeadline(`a run of ${g.nodes.length} nodes`);
  try {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    for (const [name, t] of Object.entries(inputs)) {
      if (!g.inputs.includes(name)) continue;
      const buf = take(t.data.byteLength, STORAGE, `fusegpu:input:${name}`);
      device.queue.writeBuffer(buf, 0, t.data.buffer, t.data.byteOffset, t.data.byteLength);
      buffers.set(name, buf);
    }
    device.queue.writeBuffer(uniformBuf, 0, uniformData);
    if (ctx.timestamps) querySet = device.createQuerySet({ type: 'timestamp', count: 2, label: 'fusegpu:timing' });
    const encoder = device.createCommandEncoder({ label: 'fusegpu:run' });
    const cpass = encoder.beginComputePass({
      label: 'fusegpu:run',
      timestampWrites: querySet ? { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } : undefined,
    });
    let slot = 0;
    for (const p of plan) {
      const n = p.node;
      const local = new Map<string, GPUBuffer>();
      for (const [port, v] of Object.entries(n.inputs)) local.set(port, buffers.get(v)!);
      for (const [o, v] of Object.entries(n.outputs)) {
        const buf = take(numel(shapes.get(v)!) * 4, STORAGE, `fusegpu:${n.id}.${o}`);
        buffers.set(v, buf);
        local.set(o, buf);
      }
      const temps: GPUBuffer[] = [];
      for (const [t, s] of Object.entries(p.temps)) {
        const buf = take(numel(s) * 4, STORAGE, `fusegpu:${n.id}:${t}`);
        temps.push(buf);
        local.set(t, buf);
      }
      device.pushErrorScope('validation');
      for (const { pass, entry } of p.passes) {
        const entries = entry.layout.bindings.map((b) => {
          if (b.kind === 'uniform') return { binding: b.binding, resource: { buffer: uniformBuf, offset: slots[slot], size: entry.layout.uniform!.size } };
          const buf = local.get(pass.bindings[b.name]);
          if (!buf) fail('usage', `${label(n)}: binding '${b.name}' refers to unknown slot '${pass.bindings[b.name]}'`);
          return { binding: b.binding, resource: { buffer: buf } };
        });
        slot++;
        const bg = ctx.bindGroups.get(entry.bindGroupLayout, entries, `fusegpu:${n.id}:${pass.entry}`);
        cpass.setPipeline(entry.pipeline);
        cpass.setBindGroup(0, bg);
        cpass.dispatchWorkgroups(...dispatchCounts(pass, ctx.workgroup));
        dispatches++;
      }
      scopes.push({ what: label(n), p: device.popErrorScope() });
      for (const t of temps) give(t);
      for (const v of Object.values(n.inputs)) {
        const left = readers.get(v)! - 1;
        readers.set(v, left);
        if (left === 0 && !keep.has(v)) give(buffers.get(v)!);
      }
      for (const v of Object.values(n.outputs)) if (!readers.get(v) && !keep.has(v)) give(buffers.get(v)!);
    }
    cpass.end();

    let tsRead: GPUBuffer | undefined;
    if (querySet) {
      const resolve = take(16, BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC, 'fusegpu:timing');
      tsRead = take(16, READBACK, 'fusegpu:timing-read');
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, tsRead, 0, 16);
    }
    const reads: { v: string; buf: GPUBuffer; staging: GPUBuffer; bytes: number }[] = [];
    for (const v of keep) {
      const buf = buffers.get(v)!;
      const bytes = numel(shapes.get(v)!) * 4;
      const staging = take(bytes, READBACK, `fusegpu:read:${v}`);
      encoder.copyBufferToBuffer(buf, 0, staging, 0, wordBytes(bytes));
      reads.push({ v, buf, staging, bytes });
    }
    if (ctx.takeInjectedOutOfMemory()) fail('out-of-memory', 'the run (memory): injected out-of-memory fault (test hook)');
    device.queue.submit([encoder.finish()]);
    scopes.push({ what: 'the run (encode and submit)', p: device.popErrorScope() });
    scopes.push({ what: 'the run (memory)', p: device.popErrorScope() });

    for (const s of scopes) {
      const err = await ctx.guard(s.p, deadline.promise);
      if (err) {
        const oom = err.constructor?.name === 'GPUOutOfMemoryError' || /out of memory/i.test(err.message);
        fail(oom ? 'out-of-memory' : 'validation', `${s.what}: ${err.message}`);
      }
    }
    if (ctx.lost) fail('device-lost', `GPU device lost during the run (${ctx.lostInfo?.reason})`);

    const values = new Map<string, Tensor>();
    // A value read straight into the caller's tensor of the first output name that asks for it.
    const dest = new Map<string, Tensor>();
    for (const [k, t] of Object.entries(opts.into ?? {})) if (!dest.has(g.outputs[k])) dest.set(g.outputs[k], t);
    await ctx.guard(Promise.all(reads.map((r) => r.staging.mapAsync(MAP_MODE_READ, 0, wordBytes(r.bytes)))), deadline.promise);
    for (const r of reads) {
      // A typed-array copy out of the mapping: ArrayBuffer.slice of a mapped range took twice
      // as long (2.6 vs 1.3 ms for 3.9 MB, Dawn's OpenGL ES backend).
      const t = dest.get(r.v) ?? tensor(shapes.get(r.v)!);
      t.data.set(new Float32Array(r.staging.getMappedRange(0, wordBytes(r.bytes)), 0, r.bytes / 4));
      r.staging.unmap();
      values.set(r.v, t);
    }
    let gpuMs: number | undefined;
    if (tsRead) {
      await ctx.guard(tsRead.mapAsync(MAP_MODE_READ), deadline.promise);
      const t = new BigUint64Array(tsRead.getMappedRange().slice(0, 16));
      tsRead.unmap();
      gpuMs = Number(t[1] - t[0]) / 1e6;
    }
    const outputs = deliver(g, values, opts.into);
    return { outputs, values: opts.keepAll ? values : undefined, stats: { dispatches, commandBuffers: 1, gpuMs } };
  } catch (e) {
    ctx.bindGroups.clear();
    if (e instanceof FusegpuError && e.code === 'timeout') throw e;
    if (ctx.lost && !(e instanceof FusegpuError && e.code === 'device-lost')) {
      throw new FusegpuError('device-lost', `GPU device lost during the run (${ctx.lostInfo?.reason}): ${(e as Error).message}`);
    }
    throw e;
  } finally {
    deadline.clear();
    querySet?.destroy();
    if (!ctx.lost) for (const b of [...live]) give(b);
  }
}

/** Copies and maps cover whole 4-byte words; pool buffers are at least that large. */
function wordBytes(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}
