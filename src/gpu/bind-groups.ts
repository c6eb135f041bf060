/**
 * Bind groups reused across runs. A run of the same pipeline on same-shaped inputs takes the
 * same pool buffers in the same order, so its bind groups repeat; creating them anew cost
 * ~25 us each on Dawn's OpenGL ES backend (0.3 of 0.8 ms encoding a 13-dispatch Laplacian
 * fusion). Keys are the pipeline and every bound buffer range. Only pool buffers are bound,
 * and the pool destroys them only when the context goes, so a cached group never refers to a
 * destroyed buffer; a run that fails clears the cache, so a group created in a failing run
 * (invalid, or merely suspect) is not reused.
 */
export class BindGroupCache {
  private groups = new Map<string, GPUBindGroup>();
  private ids = new WeakMap<object, number>();
  private nextId = 0;

  /** Enough for every node of a few large pipelines; past it the cache starts over. */
  static readonly MAX_ENTRIES = 4096;

  constructor(private readonly device: GPUDevice) {}

  private id(o: object): number {
    let i = this.ids.get(o);
    if (i === undefined) {
      i = this.nextId++;
      this.ids.set(o, i);
    }
    return i;
  }

  get(layout: GPUBindGroupLayout, entries: { binding: number; resource: GPUBufferBinding }[], label: string): GPUBindGroup {
    let key = `${this.id(layout)}`;
    for (const e of entries) key += `|${e.binding}:${this.id(e.resource.buffer)}:${e.resource.offset ?? 0}:${e.resource.size ?? ''}`;
    let bg = this.groups.get(key);
    if (!bg) {
      if (this.groups.size >= BindGroupCache.MAX_ENTRIES) this.groups.clear();
      bg = this.device.createBindGroup({ label, layout, entries });
      this.groups.set(key, bg);
    }
    return bg;
  }

  get size(): number {
    return this.groups.size;
  }

  clear(): void {
    this.groups.clear();
  }
}
