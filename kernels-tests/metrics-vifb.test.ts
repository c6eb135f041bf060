// VIFB's own published metric values (../shared/fixtures/vifb_metrics): every metric of every
// case. `recomputed` is a float64 transcription that matches the published 5-digit table; our
// float64 references may differ from it only by summation order and FFT rounding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../src/core/tensor.js';
import { VIFB_METRICS, vifbMetrics } from '../src/metrics/vifb.js';
import { announceMissingShared, HAVE_SHARED, SHARED } from './helpers/shared.js';

announceMissingShared('VIFB metric parity tests');

describe.runIf(HAVE_SHARED)('VIFB metrics against the published table', () => {
  const dir = join(SHARED, 'fixtures', 'vifb_metrics');
  const manifest = HAVE_SHARED ? JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) : { cases: [] };
  const load = (ref: { file: string; shape: number[] }) => {
    const b = readFileSync(join(dir, ref.file));
    return tensor([ref.shape[0], ref.shape[1], ref.shape[2]], new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  };
  it.each(manifest.cases as any[])('$name', (c) => {
    const got = vifbMetrics(load(c.inputs.vi), load(c.inputs.ir), load(c.inputs.fused));
    for (const metric of VIFB_METRICS) {
      const want = c.metrics[metric];
      const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);
      // Against the full-precision transcription: both float64, differing in summation order
      // and (Qcb, Qcv) FFT algorithm, ~1e-12 relative; 1e-9 leaves room for sums of 1e5 terms.
      expect(rel(got[metric], want.recomputed), `${metric}: ${got[metric]} vs recomputed ${want.recomputed}`).toBeLessThan(1e-9);
      // Against VIFB's printed 5 significant digits: half a unit in the 5th digit, relative.
      expect(rel(got[metric], want.value), `${metric}: ${got[metric]} vs published ${want.vifb_text}`).toBeLessThanOrEqual(5e-5 + 1e-9);
    }
  });
});
