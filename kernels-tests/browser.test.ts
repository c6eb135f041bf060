// The browser bundle (dist/fusegpu.browser.js) in headless Chromium on SwiftShader:
// Laplacian fusion and AUIF-Net (weights fetched by the page) equal the Node results.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { Fusegpu } from '../src/engine.js';
import { tensor } from '../src/core/tensor.js';
import { rng } from './helpers/gpu.js';
import { parseSafetensors } from '../src/nn/safetensors.js';

const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = resolve(__dirname, '../dist/fusegpu.browser.js');
const WEIGHTS = resolve(__dirname, '../../shared/auif/auif-net.safetensors');
if (existsSync('/usr/bin/chromium') && !existsSync(WEIGHTS)) console.warn(`\n*** browser AUIF-Net test SKIPPED: ${WEIGHTS} does not exist (published weights live in ../shared) ***\n`);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`CI: ${CHROMIUM} is missing; .ci/run must install chromium`);
  console.warn(`\n*** browser test SKIPPED: ${CHROMIUM} not found (apt-get install chromium) ***\n`);
}

let server: Server;
let browser: BrowserContext;
let base = '';

beforeAll(async () => {
  if (!haveChromium) return;
  server = createServer((req, res) => {
    if (req.url === '/fusegpu.browser.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(BUNDLE));
    } else if (req.url === '/auif-net.safetensors' && existsSync(WEIGHTS)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(readFileSync(WEIGHTS));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>fusegpu</title><script type="module">import * as f from "/fusegpu.browser.js"; window.fusegpu = f; window.ready = true;</script>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  // A fresh profile per run; playwright passes --headless itself.
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fusegpu-chromium-')), {
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
      '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
      '--disable-component-update', '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe.runIf(haveChromium)('browser', () => {
  it('fuses a colour pair with WebGPU in the page, equal to the Node CPU reference', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const r = rng(42);
    const [h, w] = [48, 64];
    const ir = tensor([1, h, w]);
    const vis = tensor([3, h, w]);
    ir.data.forEach((_, i) => (ir.data[i] = r()));
    vis.data.forEach((_, i) => (vis.data[i] = r()));
    const result = await page.evaluate(
      async ({ ir, vis, h, w }) => {
        const f = (window as any).fusegpu;
        const engine = await f.Fusegpu.fromGpu(navigator.gpu);
        const out = await engine.fuse(f.tensor([1, h, w], new Float32Array(ir)), f.tensor([3, h, w], new Float32Array(vis)), { params: { levels: 4 } });
        const adapter = engine.adapter;
        engine.dispose();
        return { data: Array.from(out.fused.data as Float32Array), backend: out.backend, adapter };
      },
      { ir: Array.from(ir.data), vis: Array.from(vis.data), h, w },
    );
    expect(result.backend, JSON.stringify(result.adapter)).toBe('gpu');
    const want = (await Fusegpu.cpu().fuse(ir, vis, { params: { levels: 4 } })).fused.data;
    // Same kernels as the Node GPU tests; the chain stays within 1e-5 of the reference (ties
    // of max-abs on random floats are practically absent).
    let worst = 0;
    result.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
    expect(worst).toBeLessThan(1e-5);
    await page.close();
  });

  it.runIf(existsSync(WEIGHTS))('runs AUIF-Net from weights the page fetched, equal to the Node CPU reference', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const r = rng(7);
    const [h, w] = [40, 52];
    const ir = tensor([1, h, w]);
    const vis = tensor([1, h, w]);
    ir.data.forEach((_, i) => (ir.data[i] = r()));
    vis.data.forEach((_, i) => (vis.data[i] = r()));
    const result = await page.evaluate(
      async ({ ir, vis, h, w }) => {
        const f = (window as any).fusegpu;
        const weights = f.parseSafetensors(new Uint8Array(await (await fetch('/auif-net.safetensors')).arrayBuffer()), 'auif-net.safetensors');
        const engine = await f.Fusegpu.fromGpu(navigator.gpu);
        const out = await engine.fuse(f.tensor([1, h, w], new Float32Array(ir)), f.tensor([1, h, w], new Float32Array(vis)), { method: 'auif', weights });
        engine.dispose();
        return { data: Array.from(out.fused.data as Float32Array), backend: out.backend };
      },
      { ir: Array.from(ir.data), vis: Array.from(vis.data), h, w },
    );
    expect(result.backend).toBe('gpu');
    const weights = parseSafetensors(new Uint8Array(readFileSync(WEIGHTS)));
    const want = (await Fusegpu.cpu().fuse(ir, vis, { method: 'auif', weights })).fused.data;
    // Each backend must reproduce the authors' decoder output within the crop manifest's 2e-4
    // (auif.test.ts), so two backends may differ by twice that.
    let worst = 0;
    result.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
    expect(worst).toBeLessThanOrEqual(4e-4);
    await page.close();
  });
});
