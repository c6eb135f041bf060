/**
 * GPU buffers reused across nodes and runs, keyed by (size rounded up to 256 bytes, usage).
 * The rounding is relied on: kernels view tensors as vec4 arrays, and since the executor binds
 * whole buffers, a tensor's last partial vec4 is in bounds.
 * Releasing a buffer inside a recording is safe: WebGPU orders the dispatches of a queue,
 * so a later node that takes the buffer writes it only after earlier readers ran.
 */
export class BufferPool {
  private free = new Map<string, GPUBuffer[]>();
  private sizes = new Map<GPUBuffer, number>();
  bytesAllocated = 0;
  bytesInUse = 0;
  created = 0;

  constructor(private readonly device: GPUDevice) {}

  static roundSize(bytes: number): number {
    return Math.max(256, Math.ceil(bytes / 256) * 256);
  }

  acquire(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const size = BufferPool.roundSize(bytes);
    const list = this.free.get(`${size}:${usage}`);
    let buf = list?.pop();
    if (!buf) {
      buf = this.device.createBuffer({ size, usage, label });
      this.sizes.set(buf, size);
      this.bytesAllocated += size;
      this.created++;
    }
    this.bytesInUse += size;
    return buf;
  }

  release(buf: GPUBuffer): void {
    const size = this.sizes.get(buf);
    if (size === undefined) return; // not ours: external buffers are never pooled or destroyed
    this.bytesInUse -= size;
    const key = `${size}:${buf.usage}`;
    const list = this.free.get(key) ?? [];
    list.push(buf);
    this.free.set(key, list);
  }

  /** Destroys every pooled buffer (in use or not). */
  dispose(): void {
    for (const b of this.sizes.keys()) b.destroy();
    this.sizes.clear();
    this.free.clear();
    this.bytesAllocated = 0;
    this.bytesInUse = 0;
  }
}
