// The peer libraries (OpenCV, PyWavelets, SciPy in Debian's /usr/bin/python3) run in one
// long-lived process that serves one run per request (peer_serve.py), so a bench can
// interleave them with its own runs: on this shared host the load changes within a minute,
// and a peer median taken in a separate block of runs gave ratios that moved 2x between
// back-to-back invocations. `paired` alternates which side goes first and reports the median
// of the per-pair ratios with its quartiles.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const PYTHON = '/usr/bin/python3';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Starts `script` (a peer_serve.py server); resolves to { versions, libs, has, time, close } or { skipped: why }. */
export async function startPeer(script, args) {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found (apt-get install python3-opencv python3-pywt python3-scipy)` };
  const child = spawn(PYTHON, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error(`${script} exited: ${stderr.trim().split('\n').pop() ?? ''}`);
    return JSON.parse(r.value);
  };
  let ready;
  try {
    ready = await next();
  } catch (e) {
    return { skipped: e.message };
  }
  return {
    versions: ready.versions,
    libs: ready.libs,
    has: (job, size) => ready.jobs[job]?.includes(size) ?? false,
    async time(job, size) {
      child.stdin.write(`${JSON.stringify({ job, size })}\n`);
      const r = await next();
      if (r.error) throw new Error(r.error);
      return r.ms;
    },
    close: () => child.stdin.end(),
  };
}

/**
 * `ours()` resolves to { wall, gpu?, dispatches? } for one run, `theirs()` to the peer's
 * milliseconds for one run (or is undefined: ours alone). Warm-up runs of both, then `runs`
 * pairs, the side that goes first alternating. Returns the medians, the median of the
 * per-pair ratios ours / theirs and its quartiles.
 */
export async function paired(ours, theirs, runs, warmup) {
  for (let i = 0; i < warmup; i++) {
    await ours();
    if (theirs) await theirs();
  }
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const before = theirs && i % 2 === 1 ? await theirs() : undefined;
    const mine = await ours();
    const peer = before ?? (theirs ? await theirs() : undefined);
    rows.push({ ...mine, peer, ratio: peer === undefined ? undefined : mine.wall / peer });
  }
  const gpu = rows.filter((r) => r.gpu !== undefined).map((r) => r.gpu);
  const out = { wall: median(rows.map((r) => r.wall)), gpu: gpu.length ? median(gpu) : undefined, dispatches: rows[0].dispatches };
  if (!theirs) return out;
  const ratios = rows.map((r) => r.ratio);
  return { ...out, peer: median(rows.map((r) => r.peer)), ratio: median(ratios), ratioQ1: quantile(ratios, 0.25), ratioQ3: quantile(ratios, 0.75) };
}

/** "1.12x (1.05-1.20)": the median paired ratio and its interquartile range. */
export const ratioText = (r) => (r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x (${r.ratioQ1.toFixed(2)}-${r.ratioQ3.toFixed(2)})`);
