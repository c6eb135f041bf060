/** A minimal safetensors writer for the weight-loading tests (F32 and F16 tensors). */
export function encodeSafetensors(tensors: { name: string; shape: number[]; data: Float32Array; dtype?: 'F32' | 'F16' }[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let off = 0;
  const blobs: Uint8Array[] = [];
  for (const t of tensors) {
    const dtype = t.dtype ?? 'F32';
    let bytes: Uint8Array;
    if (dtype === 'F32') bytes = new Uint8Array(new Float32Array(t.data).buffer);
    else bytes = new Uint8Array(new Uint16Array(Array.from(t.data, toHalf)).buffer);
    header[t.name] = { dtype, shape: t.shape, data_offsets: [off, off + bytes.length] };
    off += bytes.length;
    blobs.push(bytes);
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const b of blobs) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** float32 -> IEEE half, round to nearest (values the tests use are exactly representable). */
function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const e = ((x >>> 23) & 0xff) - 127 + 15;
  const m = x & 0x7fffff;
  if (e <= 0) return sign;
  if (e >= 31) return sign | 0x7c00;
  return sign | (e << 10) | Math.round(m / 8192);
}
