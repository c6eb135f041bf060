import { tensor, type Tensor } from '../core/tensor.js';

export interface Rect {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/**
 * Read windows start on multiples of this: kernels that work in runs along an axis (the window
 * sums, WINDOW_RUN in src/reference/nn.ts) then round every output the same in a tile as in the
 * whole image, so tiles reproduce the whole-image result exactly.
 */
export const TILE_ALIGN = 16;

/** Core tiles of at most `tile` x `tile` covering an h x w image, each with its halo-padded read window. */
export function tiles(h: number, w: number, tile: number, halo: number): { core: Rect; read: Rect }[] {
  const out = [];
  const start = (v: number) => Math.max(0, Math.floor((v - halo) / TILE_ALIGN) * TILE_ALIGN);
  for (let y0 = 0; y0 < h; y0 += tile) {
    for (let x0 = 0; x0 < w; x0 += tile) {
      const core = { y0, y1: Math.min(h, y0 + tile), x0, x1: Math.min(w, x0 + tile) };
      const read = { y0: start(y0), y1: Math.min(h, core.y1 + halo), x0: start(x0), x1: Math.min(w, core.x1 + halo) };
      out.push({ core, read });
    }
  }
  return out;
}

export function crop(t: Tensor, r: Rect): Tensor {
  const [c, h, w] = t.shape;
  const out = tensor([c, r.y1 - r.y0, r.x1 - r.x0]);
  const cw = r.x1 - r.x0;
  for (let z = 0; z < c; z++) {
    for (let y = r.y0; y < r.y1; y++) {
      const src = (z * h + y) * w + r.x0;
      out.data.set(t.data.subarray(src, src + cw), (z * (r.y1 - r.y0) + y - r.y0) * cw);
    }
  }
  return out;
}

/** Copies the `core` part of `tile` (which covers `read`) into `dst`. */
export function paste(dst: Tensor, tile: Tensor, read: Rect, core: Rect): void {
  const [c, h, w] = dst.shape;
  const tw = tile.shape[2];
  const th = tile.shape[1];
  const cw = core.x1 - core.x0;
  for (let z = 0; z < c; z++) {
    for (let y = core.y0; y < core.y1; y++) {
      const src = (z * th + y - read.y0) * tw + core.x0 - read.x0;
      dst.data.set(tile.data.subarray(src, src + cw), (z * h + y) * w + core.x0);
    }
  }
}
