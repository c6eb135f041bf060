import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tensor, type Tensor } from '../../src/core/tensor.js';

/** ../shared beside the checkout: third-party data and oracle outputs, read at test time only. */
export const SHARED = resolve(__dirname, '../../../shared');
export const HAVE_SHARED = existsSync(SHARED);

export function announceMissingShared(what: string): void {
  if (!HAVE_SHARED) console.warn(`\n*** ${what} SKIPPED: ${SHARED} does not exist (oracle fixtures and benchmark images live there) ***\n`);
}

export interface TensorRef {
  file: string;
  shape: number[];
}

export function loadManifest(set: string): { path: string; cases: any[] } {
  const path = join(SHARED, 'fixtures', set, 'manifest.json');
  return { path, cases: JSON.parse(readFileSync(path, 'utf8')).cases };
}

/** A fixture tensor as [C, H, W] (an [H, W] array becomes one channel). */
export function loadTensor(manifestPath: string, ref: TensorRef): Tensor {
  const b = readFileSync(join(dirname(manifestPath), ref.file));
  const a = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const s = ref.shape;
  const shape: [number, number, number] = s.length === 3 ? [s[0], s[1], s[2]] : s.length === 2 ? [1, s[0], s[1]] : [1, 1, s[0]];
  return tensor(shape, a);
}
