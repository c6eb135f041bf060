// One picture to look at before reading tables: the infrared, the visible and each method's
// fused image side by side, each under its label. Jimp composes and prints the labels (its
// bundled bitmap font); the pixels are ours.
import { Jimp, loadFont, HorizontalAlign } from 'jimp';
import { SANS_16_BLACK } from 'jimp/fonts';
import { resizeBilinear } from '../core/resize.js';
import type { Tensor } from '../core/tensor.js';

export interface Panel {
  label: string;
  image: Tensor;
}

const LABEL_H = 24;
const GAP = 8;

function rgba(t: Tensor, h: number, w: number): Buffer {
  const s = t.shape[1] === h && t.shape[2] === w ? t : resizeBilinear(t, h, w);
  const n = h * w;
  const out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = s.data[(s.shape[0] === 1 ? 0 : k) * n + i];
      out[i * 4 + k] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A PNG with the panels in rows of at most `columns`, all at the first panel's size. */
export async function comparePicture(panels: Panel[], columns = 4): Promise<Buffer> {
  const [, h, w] = panels[0].image.shape;
  const cols = Math.min(columns, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const cell = { w: w + GAP, h: h + LABEL_H + GAP };
  const canvas = new Jimp({ width: cols * cell.w + GAP, height: rows * cell.h + GAP, color: 0xffffffff });
  const font = await loadFont(SANS_16_BLACK);
  panels.forEach((p, i) => {
    const x = GAP + (i % cols) * cell.w;
    const y = GAP + Math.floor(i / cols) * cell.h;
    const tile = Jimp.fromBitmap({ data: rgba(p.image, h, w), width: w, height: h });
    canvas.composite(tile, x, y + LABEL_H);
    canvas.print({ font, x, y: y + 2, text: { text: p.label, alignmentX: HorizontalAlign.CENTER }, maxWidth: w });
  });
  return canvas.getBuffer('image/png');
}
