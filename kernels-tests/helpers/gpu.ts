import { afterAll } from 'vitest';
import { findNodeAdapter, type AdapterChoice } from '../../src/node/gpu-provider.js';
import { Fusegpu } from '../../src/engine.js';

export type SoftwareAdapter = Exclude<AdapterChoice, 'auto' | 'hardware'>;

const engines = new Map<string, Promise<Fusegpu | null>>();

/** One engine per adapter kind for the whole test file, disposed at the end. */
export function engineFor(kind: Exclude<AdapterChoice, 'auto'>): Promise<Fusegpu | null> {
  let e = engines.get(kind);
  if (!e) {
    e = (async () => {
      const found = await findNodeAdapter(kind);
      return found ? Fusegpu.fromAdapter(found.adapter, { kind, timing: false }) : null;
    })();
    engines.set(kind, e);
  }
  return e;
}

afterAll(async () => {
  for (const e of engines.values()) (await e)?.dispose();
  engines.clear();
});

/**
 * The adapters the GPU tests run on. On CI both software adapters must exist (the suite
 * fails otherwise, never skips); elsewhere a missing adapter is reported in one loud line.
 */
export async function gpuAdapters(): Promise<Exclude<AdapterChoice, 'auto'>[]> {
  const kinds: Exclude<AdapterChoice, 'auto'>[] = [];
  for (const k of ['llvmpipe', 'swiftshader', 'hardware'] as const) {
    if (await findNodeAdapter(k)) kinds.push(k);
    else if (k !== 'hardware') {
      if (process.env.CI) throw new Error(`CI: the ${k} software adapter is missing; .ci/run must install it`);
      console.warn(`\n*** GPU tests on ${k} SKIPPED: adapter not found (install: apt-get install libvulkan1 chromium libegl1 libegl-mesa0 libgles2) ***\n`);
    }
  }
  return kinds;
}

/** A seeded uniform generator (mulberry32), so every failure reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
