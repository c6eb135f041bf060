/**
 * A float32 image: planar channels, shape [C, H, W], row-major within a plane. A few kernels
 * take channels-last [H, W, C] (toChannelsLast); their descriptors say so.
 */
export type Shape = readonly [number, number, number];

export interface Tensor {
  shape: Shape;
  data: Float32Array;
}

export function numel(s: Shape): number {
  return s[0] * s[1] * s[2];
}

export function tensor(shape: Shape, data?: Float32Array): Tensor {
  const n = numel(shape);
  if (data && data.length !== n) {
    throw new Error(`tensor data has ${data.length} values, shape ${fmtShape(shape)} needs ${n}`);
  }
  return { shape: [shape[0], shape[1], shape[2]], data: data ?? new Float32Array(n) };
}

export function fmtShape(s: Shape): string {
  return `${s[0]}x${s[1]}x${s[2]}`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** Channel c of t as a 1-channel tensor (a view, no copy). */
export function channel(t: Tensor, c: number): Tensor {
  const [, h, w] = t.shape;
  return { shape: [1, h, w], data: t.data.subarray(c * h * w, (c + 1) * h * w) };
}

export function stackChannels(planes: Tensor[]): Tensor {
  const [, h, w] = planes[0].shape;
  const out = tensor([planes.reduce((n, p) => n + p.shape[0], 0), h, w]);
  let off = 0;
  for (const p of planes) {
    out.data.set(p.data, off);
    off += p.data.length;
  }
  return out;
}

/**
 * Planar [C, H, W] to channels-last [H, W, C] (a pixel's channels together: the layout of
 * kernels that load a pixel's channels as one vector), and back.
 */
export function toChannelsLast(t: Tensor): Tensor {
  const [c, h, w] = t.shape;
  const out = tensor([h, w, c]);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out.data[i * c + ch] = t.data[ch * h * w + i];
  return out;
}

export function fromChannelsLast(t: Tensor): Tensor {
  const [h, w, c] = t.shape;
  const out = tensor([c, h, w]);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out.data[ch * h * w + i] = t.data[i * c + ch];
  return out;
}
