// Image and .npy I/O: round trips, format by content, and one clear error per bad file.
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import bmp from 'bmp-js';
import { encodeNpy, encodePng, readImage, writeImage } from '../src/node/io.js';
import { tensor } from '../src/core/tensor.js';
import { rng } from './helpers/gpu.js';

const dir = mkdtempSync(join(tmpdir(), 'fusegpu-io-'));
const file = (name: string, data: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const rand = (c: number, h: number, w: number) => {
  const r = rng(c * 100 + h);
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r();
  return t;
};

describe('round trips', () => {
  it.each([
    [1, 8],
    [3, 8],
    [1, 16],
    [3, 16],
  ] as const)('PNG %i channel(s) %i-bit: decode(encode(x)) equals x quantised', (c, depth) => {
    const t = rand(c, 13, 7);
    const p = file(`rt${c}_${depth}.png`, encodePng(t, depth));
    const back = readImage(p);
    expect(back.bitDepth).toBe(depth);
    expect(back.tensor.shape).toEqual([c, 13, 7]);
    const max = depth === 16 ? 65535 : 255;
    // Quantisation to the bit depth is the only change: half a step, plus float32 rounding of q/max.
    back.tensor.data.forEach((v, i) => expect(Math.abs(v - t.data[i])).toBeLessThanOrEqual(0.5 / max + 1e-7));
  });

  it('RGBA PNG drops alpha; an RGB image with equal channels reads as grey', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data = Buffer.from([10, 20, 30, 0, 40, 50, 60, 255]);
    expect(readImage(file('rgba.png', PNG.sync.write(png))).tensor.shape).toEqual([3, 1, 2]);
    png.data = Buffer.from([10, 10, 10, 255, 90, 90, 90, 255]);
    const g = readImage(file('greyrgb.png', PNG.sync.write(png))).tensor;
    expect(g.shape).toEqual([1, 1, 2]);
    // 90 / 255 stored as float32: off by at most half an ulp of 0.35 (~1.5e-8), inside toBeCloseTo's 5e-8.
    expect(g.data[1]).toBeCloseTo(90 / 255, 7);
  });

  it('.npy float32 round trip is exact, 1 and 3 channels', () => {
    for (const c of [1, 3]) {
      const t = rand(c, 5, 9);
      const p = join(dir, `t${c}.npy`);
      writeImage(p, t);
      const back = readImage(p).tensor;
      expect(back.shape).toEqual([c, 5, 9]);
      expect(Array.from(back.data)).toEqual(Array.from(t.data));
    }
  });

  it('JPEG and BMP decode (format decided by content, not by name)', () => {
    const w = 16;
    const h = 8;
    const rgba = Buffer.alloc(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i % 256, (3 * i) % 256, 200, 255], i * 4);
    const jpg = jpeg.encode({ width: w, height: h, data: rgba }, 95).data;
    const asPng = readImage(file('really-a-jpeg.png', jpg));
    expect(asPng.format).toBe('jpeg');
    expect(asPng.tensor.shape).toEqual([3, h, w]);
    const abgr = Buffer.alloc(w * h * 4);
    for (let i = 0; i < w * h; i++) abgr.set([0, 200, (3 * i) % 256, i % 256], i * 4);
    const b = readImage(file('x.bmp', bmp.encode({ width: w, height: h, data: abgr }).data));
    expect(b.format).toBe('bmp');
    expect(b.tensor.data[5]).toBeCloseTo(5 / 255, 6);
    expect(b.tensor.data[2 * w * h]).toBeCloseTo(200 / 255, 6);
  });
});

describe('bad inputs: one error naming the file and the problem', () => {
  const good = encodePng(rand(1, 20, 20));
  const jpg = jpeg.encode({ width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 128) }, 90).data;
  const flipped = Buffer.from(good);
  flipped[good.length - 20] ^= 0xff;
  const huge = Buffer.from(good.subarray(0, 33));
  huge.writeUInt32BE(100000, 16);
  huge.writeUInt32BE(100000, 20);
  const zeroW = Buffer.from(good);
  zeroW.writeUInt32BE(0, 16);
  it.each([
    ['missing file', join(dir, 'nope.png'), /nope\.png: no such file/],
    ['a directory', (mkdirSync(join(dir, 'd.png'), { recursive: true }), join(dir, 'd.png')), /d\.png: is a directory/],
    ['0-byte file', file('empty.png', ''), /empty\.png: empty file/],
    ['text named .png', file('text.png', 'hello, not an image'), /text\.png: not a supported image/],
    ['PNG truncated at 50%', file('half.png', good.subarray(0, good.length >> 1)), /half\.png: corrupt or truncated PNG/],
    ['PNG truncated at 99%', file('most.png', good.subarray(0, good.length - 3)), /most\.png: corrupt or truncated PNG/],
    ['PNG with a flipped data byte (CRC)', file('crc.png', flipped), /crc\.png: corrupt or truncated PNG/],
    ['PNG header declaring 100000x100000', file('huge.png', huge), /huge\.png: image is 100000x100000.*above the limit/],
    ['PNG with width 0', file('zero.png', zeroW), /zero\.png: empty image/],
    ['JPEG cut mid-scan', file('cut.jpg', jpg.subarray(0, jpg.length - 40)), /cut\.jpg: truncated JPEG/],
    ['.npy with an unsupported dtype', file('c.npy', Buffer.concat([encodeNpy(tensor([1, 2, 2])).subarray(0, 10), Buffer.from("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 2), }\n")])), /c\.npy: .npy dtype <c8/],
  ])('%s', (_n, path, re) => {
    expect(() => readImage(path)).toThrow(re);
  });

  it('writes leave no temporary file and never a partial one', () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeImage(join(out, 'a.png'), rand(3, 4, 4));
    expect(() => writeImage(join(out, 'missing-dir', 'b.png'), rand(1, 4, 4))).toThrow(/b\.png: cannot write \(ENOENT\)/);
    expect(readdirSync(out)).toEqual(['a.png']);
    expect(readFileSync(join(out, 'a.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
