import { parseSafetensors, type WeightFile } from '../nn/safetensors.js';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import bmp from 'bmp-js';
import { FusegpuError } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';

/** Images above this many pixels are refused before decoding (a tiny file can declare a huge image). */
export const MAX_PIXELS = 100_000_000;

export interface DecodedImage {
  /** Planar [C, H, W], C = 1 (grey) or 3 (RGB), values in [0, 1]. */
  tensor: Tensor;
  format: 'png' | 'jpeg' | 'bmp' | 'npy';
  bitDepth: number;
}

function ioError(path: string, msg: string): never {
  throw new FusegpuError('io', `${path}: ${msg}`);
}

function sniff(buf: Buffer): DecodedImage['format'] | undefined {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d) return 'bmp';
  if (buf.length >= 6 && buf.toString('latin1', 0, 6) === '\x93NUMPY') return 'npy';
  return undefined;
}

function checkSize(path: string, w: number, h: number): void {
  if (!(w > 0 && h > 0)) ioError(path, `empty image (${w}x${h})`);
  if (w * h > MAX_PIXELS) ioError(path, `image is ${w}x${h} = ${w * h} pixels, above the limit of ${MAX_PIXELS}`);
}

/**
 * Interleaved samples to planar floats in [0, 1]. Alpha is dropped; an RGB image whose
 * three channels are equal everywhere is read as grey (IR cameras often save grey as RGB).
 */
function toPlanar(samples: ArrayLike<number>, w: number, h: number, stride: number, order: [number, number, number], scale: number): Tensor {
  const n = w * h;
  let grey = true;
  for (let i = 0; i < n && grey; i++) {
    const o = i * stride;
    grey = samples[o + order[0]] === samples[o + order[1]] && samples[o + order[1]] === samples[o + order[2]];
  }
  const t = tensor([grey ? 1 : 3, h, w]);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    if (grey) t.data[i] = samples[o + order[0]] / scale;
    else for (let c = 0; c < 3; c++) t.data[c * n + i] = samples[o + order[c]] / scale;
  }
  return t;
}

function decodePng(path: string, buf: Buffer): DecodedImage {
  if (buf.length < 33 || buf.toString('latin1', 12, 16) !== 'IHDR') ioError(path, 'not a valid PNG (missing IHDR)');
  checkSize(path, buf.readUInt32BE(16), buf.readUInt32BE(20));
  let png: PNG;
  try {
    png = PNG.sync.read(buf, { skipRescale: true });
  } catch (e) {
    ioError(path, `corrupt or truncated PNG (${(e as Error).message})`);
  }
  const depth = (png as unknown as { depth: number }).depth;
  const scale = depth === 16 ? 65535 : 255;
  return { tensor: toPlanar(png.data as unknown as ArrayLike<number>, png.width, png.height, 4, [0, 1, 2], scale), format: 'png', bitDepth: depth === 16 ? 16 : 8 };
}

function decodeJpeg(path: string, buf: Buffer): DecodedImage {
  // jpeg-js fills missing data with grey when tolerant; a file cut short must fail instead.
  const tail = buf.subarray(Math.max(0, buf.length - 64));
  let eoi = false;
  for (let i = 0; i + 1 < tail.length; i++) if (tail[i] === 0xff && tail[i + 1] === 0xd9) eoi = true;
  if (!eoi) ioError(path, 'truncated JPEG (no end-of-image marker)');
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: MAX_PIXELS / 1e6 });
  } catch (e) {
    ioError(path, `corrupt JPEG (${(e as Error).message})`);
  }
  checkSize(path, img.width, img.height);
  return { tensor: toPlanar(img.data, img.width, img.height, 3, [0, 1, 2], 255), format: 'jpeg', bitDepth: 8 };
}

function decodeBmp(path: string, buf: Buffer): DecodedImage {
  if (buf.length < 26) ioError(path, 'truncated BMP header');
  checkSize(path, Math.abs(buf.readInt32LE(18)), Math.abs(buf.readInt32LE(22)));
  let img: { width: number; height: number; data: Buffer };
  try {
    img = bmp.decode(buf);
  } catch (e) {
    ioError(path, `corrupt BMP (${(e as Error).message})`);
  }
  // bmp-js yields A, B, G, R bytes per pixel.
  return { tensor: toPlanar(img.data, img.width, img.height, 4, [3, 2, 1], 255), format: 'bmp', bitDepth: 8 };
}

/** Reads a PNG (8/16-bit grey, RGB, RGBA, palette), JPEG, BMP or float32 .npy; the format comes from the bytes, not the name. */
function readOrFail(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return ioError(path, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? `is a directory, not ${what}` : `cannot read (${err.code ?? err.message})`);
  }
}

export function readImage(path: string): DecodedImage {
  const buf = readOrFail(path, 'an image file');
  if (buf.length === 0) ioError(path, 'empty file (0 bytes)');
  const format = sniff(buf);
  if (format === 'png') return decodePng(path, buf);
  if (format === 'jpeg') return decodeJpeg(path, buf);
  if (format === 'bmp') return decodeBmp(path, buf);
  if (format === 'npy') {
    const t = parseNpy(path, buf);
    return { tensor: t, format: 'npy', bitDepth: 32 };
  }
  ioError(path, 'not a supported image (expected PNG, JPEG, BMP or .npy content)');
}

/** Writes through a temporary name in the same folder, then renames: no partial file ever has the final name. */
export function writeAtomic(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    ioError(path, `cannot write (${err.code ?? err.message})`);
  }
}

/** PNG bytes of a [1|3, H, W] tensor in [0, 1]: values are clamped, scaled and rounded half away from zero. */
export function encodePng(t: Tensor, bitDepth: 8 | 16 = 8): Buffer {
  const [c, h, w] = t.shape;
  if (c !== 1 && c !== 3) throw new FusegpuError('shape', `PNG output needs 1 or 3 channels, got ${c}`);
  const max = bitDepth === 16 ? 65535 : 255;
  const n = h * w;
  const out = bitDepth === 16 ? new Uint16Array(n * c) : Buffer.alloc(n * c);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      const v = t.data[k * n + i];
      out[i * c + k] = Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * max);
    }
  }
  const colorType = c === 1 ? 0 : 2;
  return PNG.sync.write({ width: w, height: h, data: out } as unknown as PNG, { colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth });
}

export function parseNpy(path: string, buf: Buffer): Tensor {
  const major = buf[6];
  const hlen = major >= 2 ? buf.readUInt32LE(8) : buf.readUInt16LE(8);
  const start = major >= 2 ? 12 : 10;
  const header = buf.toString('latin1', start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!descr || !dims) ioError(path, 'malformed .npy header');
  if (fortran) ioError(path, '.npy in Fortran order is not supported (save with C order)');
  if (dims.length < 2 || dims.length > 3) ioError(path, `.npy must be 2-D (H, W) or 3-D (C, H, W), got shape (${dims.join(', ')})`);
  const shape: [number, number, number] = dims.length === 2 ? [1, dims[0], dims[1]] : [dims[0], dims[1], dims[2]];
  checkSize(path, shape[2], shape[1] * shape[0]);
  const n = shape[0] * shape[1] * shape[2];
  const body = buf.subarray(start + hlen);
  const size = { '<f4': 4, '<f8': 8, '|u1': 1, '<u2': 2 }[descr];
  if (!size) ioError(path, `.npy dtype ${descr} is not supported (use float32, float64, uint8 or uint16)`);
  if (body.length < n * size) ioError(path, `truncated .npy: ${body.length} data bytes, shape needs ${n * size}`);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = descr === '<f4' ? body.readFloatLE(4 * i) : descr === '<f8' ? body.readDoubleLE(8 * i) : descr === '|u1' ? body[i] : body.readUInt16LE(2 * i);
  }
  return tensor(shape, data);
}

/** float32 .npy bytes; a 1-channel tensor is saved as (H, W), otherwise (C, H, W). */
export function encodeNpy(t: Tensor): Buffer {
  const [c, h, w] = t.shape;
  const shape = c === 1 ? `(${h}, ${w})` : `(${c}, ${h}, ${w})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

/** Writes a tensor as .npy (by extension) or PNG, atomically. */
export function writeImage(path: string, t: Tensor, bitDepth: 8 | 16 = 8): void {
  writeAtomic(path, path.toLowerCase().endsWith('.npy') ? encodeNpy(t) : encodePng(t, bitDepth));
}

/** Reads a .safetensors weights file; errors name the path. */
export function readWeights(path: string): WeightFile {
  const buf = readOrFail(path, 'a weights file');
  return parseSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path);
}
