// Synthetic test images for the metric identities: smooth structure plus noise, in integer
// 0..255 levels as decoded images are.
import { tensor, type Tensor } from '../../src/core/tensor.js';
import { rng } from './gpu.js';

export function texture(seed: number, h: number, w: number, c = 1): Tensor {
  const r = rng(seed);
  const t = tensor([c, h, w]);
  const [fx, fy, ph] = [0.05 + 0.2 * r(), 0.05 + 0.2 * r(), 6 * r()];
  for (let i = 0; i < t.data.length; i++) {
    const x = i % w;
    const y = Math.floor(i / w) % h;
    t.data[i] = Math.round(Math.min(255, Math.max(0, 128 + 70 * Math.sin(fx * x + ph) * Math.cos(fy * y) + 30 * (r() - 0.5))));
  }
  return t;
}

/** A tensor of the same shape with f applied to each value. */
export const mapValues = (t: Tensor, f: (v: number, i: number) => number) => tensor(t.shape, t.data.map(f));
