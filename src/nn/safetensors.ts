// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length n,
// n bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}},
// then the raw little-endian tensor bytes; offsets count from the first byte after the header.
// Parsing is ours because it is 40 lines and must run in the browser and Node alike.
import { fail } from '../core/errors.js';

export interface WeightTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** Values converted to float32 (F16, BF16 and F64 are converted; integer tensors are refused). */
  data: Float32Array;
}

export interface WeightFile {
  source: string;
  tensors: Map<string, WeightTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

function f16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Parses a .safetensors file; `source` (a path or a name) starts every error message. */
export function parseSafetensors(bytes: Uint8Array, source = 'weights'): WeightFile {
  const bad = (why: string): never => fail('weights', `${source}: ${why}`);
  if (bytes.byteLength < 8) bad(`not a safetensors file (${bytes.byteLength} bytes, shorter than the 8-byte header length)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  if (n < 2 || 8 + n > bytes.byteLength) bad(`not a safetensors file (header length ${n} does not fit in ${bytes.byteLength} bytes)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    return bad(`not a safetensors file (header is not JSON: ${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) bad('not a safetensors file (header is not a JSON object)');
  const dataStart = 8 + n;
  const dataLen = bytes.byteLength - dataStart;
  const tensors = new Map<string, WeightTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = info as Record<string, string>;
      continue;
    }
    const t = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const shape = t.shape;
    const off = t.data_offsets;
    if (typeof t.dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(off) || off.length !== 2) bad(`tensor '${name}' has a malformed header entry`);
    const dtype = t.dtype as string;
    const size = BYTES[dtype];
    if (!size) bad(`tensor '${name}' has dtype ${dtype}; supported: ${Object.keys(BYTES).join(', ')}`);
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const [b0, b1] = off as number[];
    if (b1 - b0 !== count * size) bad(`tensor '${name}' spans ${b1 - b0} bytes but ${dtype}[${(shape as number[]).join(',')}] needs ${count * size}`);
    if (b1 > dataLen) bad(`truncated: tensor '${name}' ends at data byte ${b1} but the file holds ${dataLen} data bytes`);
    const at = dataStart + b0;
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const p = at + i * size;
      data[i] = dtype === 'F32' ? dv.getFloat32(p, true) : dtype === 'F64' ? dv.getFloat64(p, true) : dtype === 'F16' ? f16(dv.getUint16(p, true)) : new Float32Array(new Uint32Array([dv.getUint16(p, true) << 16]).buffer)[0];
    }
    tensors.set(name, { name, dtype, shape: shape as number[], data });
  }
  return { source, tensors, metadata };
}

/** The named tensor, checked against the shape the model expects; the message names the first mismatch. */
export function requireWeight(file: WeightFile, name: string, shape: readonly number[]): Float32Array {
  const t = file.tensors.get(name);
  if (!t) fail('weights', `${file.source}: missing tensor '${name}' (expected shape [${shape.join(',')}]); is this the right weights file?`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    fail('weights', `${file.source}: tensor '${name}' has shape [${t.shape.join(',')}], expected [${shape.join(',')}]`);
  }
  return t.data;
}
