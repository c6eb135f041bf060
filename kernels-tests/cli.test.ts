// The built CLI (dist/cli.js via bin/fusegpu.mjs), as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, existsSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng, readImage } from '../src/node/io.js';
import { tensor } from '../src/core/tensor.js';
import { rng } from './helpers/gpu.js';

const BIN = resolve(__dirname, '../bin/fusegpu.mjs');
const dir = mkdtempSync(join(tmpdir(), 'fusegpu-cli-'));
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('fusegpu') || l.startsWith('failed') || l.startsWith('error:')).join('\n') };
};
const png = (name: string, c: number, h: number, w: number) => {
  const r = rng(h * w + c);
  const t = tensor([c, h, w]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = r();
  const p = join(dir, name);
  writeFileSync(p, encodePng(t));
  return p;
};

describe('fusegpu fuse', () => {
  const ir = png('ir.png', 1, 40, 56);
  const vis = png('vis.png', 3, 40, 56);
  it('fuses a pair on the gpu and writes a colour PNG, refusing to overwrite without --force', () => {
    const out = join(dir, 'f.png');
    const r = cli('fuse', '--ir', ir, '--vis', vis, '-o', out, '--levels', '3', '--high-rule', 'activityMax', '--backend', 'gpu');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/56x40 colour, laplacian on gpu, 11 dispatches/);
    expect(existsSync(out)).toBe(true);
    const again = cli('fuse', '--ir', ir, '--vis', vis, '-o', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/f\.png: exists; pass --force/);
    expect(cli('fuse', '--ir', ir, '--vis', vis, '-o', out, '--force', '--verify').out).toMatch(/verify: max \|gpu-cpu\|/);
  });
  it('a GPU run past --gpu-timeout exits 4 and writes nothing', () => {
    const out = join(dir, 'slow.png');
    // 640x512 colour: tens of milliseconds on a software adapter, far past the 1 ms timer.
    const bigIr = png('big-ir.png', 1, 512, 640);
    const bigVis = png('big-vis.png', 3, 512, 640);
    const r = cli('fuse', '--ir', bigIr, '--vis', bigVis, '-o', out, '--backend', 'gpu', '--gpu-timeout', '0.000001');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/GPU timeout: a run of \d+ nodes did not finish within 0\.001 ms/);
    expect(existsSync(out)).toBe(false);
  });
  it('gpu and cpu backends write the same 8-bit image within 1 grey level', () => {
    cli('fuse', '--ir', ir, '--vis', vis, '-o', join(dir, 'g.png'), '--backend', 'gpu');
    cli('fuse', '--ir', ir, '--vis', vis, '-o', join(dir, 'c.png'), '--backend', 'cpu');
    const a = readImage(join(dir, 'g.png')).tensor.data;
    const b = readImage(join(dir, 'c.png')).tensor.data;
    expect(a.length).toBe(3 * 40 * 56);
    // The float results differ by < 1e-5; rounding to 8 bits can move a value by one step at most.
    let worst = 0;
    a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
    expect(worst).toBeLessThanOrEqual(1 / 255 + 1e-7);
  });
  it.each([
    ['mismatched sizes', () => ['--ir', png('small.png', 1, 30, 56), '--vis', vis], /small\.png is 56x30 but .*vis\.png is 56x40; pass --resize/],
    ['a text file named .png', () => ['--ir', (writeFileSync(join(dir, 't.png'), 'text'), join(dir, 't.png')), '--vis', vis], /t\.png: not a supported image/],
    ['output equal to an input', () => ['--ir', ir, '--vis', vis, '-o', ir, '--force'], /would overwrite an input/],
    ['a bad parameter', () => ['--ir', ir, '--vis', vis, '--levels', '0'], /levels' must be >= 1/],
  ])('%s: exit 2, one clear line, nothing written', (_n, args, re) => {
    const a = args();
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.png`);
    const r = cli('fuse', ...(a.includes('-o') ? a : [...a, '-o', out]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(existsSync(out)).toBe(false);
  });
  it('--resize fuses pairs of different sizes to the visible size', () => {
    const r = cli('fuse', '--ir', png('small2.png', 1, 20, 28), '--vis', vis, '-o', join(dir, 'rs.png'), '--resize');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/56x40/);
  });
});

describe('fusegpu batch', () => {
  it('skips and reports bad pairs, fuses the rest, exit 1, no temp files', () => {
    const irDir = join(dir, 'bir');
    const visDir = join(dir, 'bvis');
    const out = join(dir, 'bout');
    mkdirSync(irDir);
    mkdirSync(visDir);
    for (const s of ['a', 'b', 'c']) {
      copyFileSync(png(`${s}i.png`, 1, 24, 32), join(irDir, `${s}.png`));
      copyFileSync(png(`${s}v.png`, 3, 24, 32), join(visDir, `${s}.png`));
    }
    writeFileSync(join(irDir, 'b.png'), 'corrupt');
    copyFileSync(png('lonely.png', 1, 24, 32), join(irDir, 'lonely.png'));
    const r = cli('batch', '--ir', irDir, '--vis', visDir, '-o', out, '--no-progress');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2 fused, 2 failed/);
    expect(r.err).toMatch(/b\.png: not a supported image/);
    expect(r.err).toMatch(/lonely\.png: no visible image/);
    expect(readdirSync(out).sort()).toEqual(['a.png', 'c.png']);
  });
});

describe('fusegpu run and ops', () => {
  it('runs a pipeline JSON and writes .npy outputs', () => {
    const spec = join(dir, 'p.json');
    writeFileSync(spec, JSON.stringify({ inputs: ['x'], nodes: [{ id: 'b', op: 'laplacianBuild', inputs: { x: 'x' }, params: { levels: 3 } }], outputs: { top: 'b.L2', fine: 'b.L0' } }));
    const r = cli('run', spec, '--in', `x=${png('x.png', 1, 33, 21)}`, '--out', `top=${join(dir, 'top.npy')}`, `fine=${join(dir, 'fine.npy')}`);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'top.npy')).toString('latin1', 0, 80)).toMatch(/'shape': \(9, 6\)/);
  });
  it('reports an unknown op in a pipeline with exit 2', () => {
    const spec = join(dir, 'bad.json');
    writeFileSync(spec, JSON.stringify({ inputs: ['x'], nodes: [{ id: 'n', op: 'nope', inputs: { x: 'x' } }], outputs: { y: 'n' } }));
    const r = cli('run', spec, '--in', `x=${join(dir, 'x.png')}`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown op 'nope'/);
  });
  it('ops prints every op as JSON', () => {
    const r = cli('ops');
    expect(JSON.parse(r.out).map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['pyrDown', 'laplacianFusion', 'rgbToYcrcb']));
  });
});

describe('fusegpu fuse: the classical methods and their options', () => {
  const ir = png('m-ir.png', 1, 40, 56);
  const vis = png('m-vis.png', 3, 40, 56);
  it.each([
    ['dwt', '--wavelet', 'sym4', '--mode', 'periodization', '--levels', '2', '--high-rule', 'activityMax'],
    ['swt', '--wavelet', 'bior2.2', '--levels', '2'],
    ['dct', '--rule', 'maxAbs'],
    ['nsst', '--scales', '2', '--directions-per-scale', '4,2'],
    ['cbf', '--window', '7'],
    ['gff', '--r1', '20'],
  ])('%s with options', (method, ...opts) => {
    const out = join(dir, `m-${method}.png`);
    const r = cli('fuse', '--method', method, ...opts, '--ir', ir, '--vis', vis, '-o', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`56x40 colour, ${method} on`));
    expect(readImage(out).tensor.shape).toEqual([3, 40, 56]);
  });
  it('bad method parameters: one line, exit 2, no output', () => {
    const out = join(dir, 'm-bad.png');
    const w = cli('fuse', '--method', 'dwt', '--wavelet', 'db99', '--ir', ir, '--vis', vis, '-o', out);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/parameter 'wavelet' must be one of .*db99/);
    const l = cli('fuse', '--method', 'dwt', '--wavelet', 'haar', '--levels', '9', '--ir', ir, '--vis', vis, '-o', out);
    expect(l.code).toBe(2);
    expect(l.err).toMatch(/too many levels/);
    const d = cli('fuse', '--method', 'nsst', '--scales', '2', '--directions-per-scale', '4', '--ir', ir, '--vis', vis, '-o', out);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/directionsPerScale '4' must list 2 integers/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('fusegpu fuse --method auif', () => {
  const SHARED_AUIF = resolve(__dirname, '../../shared/auif');
  const have = existsSync(SHARED_AUIF);
  if (!have) console.warn(`\n*** CLI AUIF-Net tests SKIPPED: ${SHARED_AUIF} does not exist (published weights live there) ***\n`);
  const ir = png('auif-ir.png', 1, 48, 64);
  const vis = png('auif-vis.png', 1, 48, 64);
  it.runIf(have)('fuses with --weights, tiles with --tile, and matches the cpu backend', () => {
    const weights = join(SHARED_AUIF, 'auif-net.safetensors');
    const g = cli('fuse', '--method', 'auif', '--weights', weights, '--ir', ir, '--vis', vis, '-o', join(dir, 'auif-g.png'), '--backend', 'gpu');
    expect(g.code, g.err).toBe(0);
    expect(g.out).toMatch(/64x48 grey, auif on gpu, \d+ dispatches/);
    const t = cli('fuse', '--method', 'auif', '--weights', weights, '--ir', ir, '--vis', vis, '-o', join(dir, 'auif-t.png'), '--tile', '16', '--rule', 'l1');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/in 12 tiles/);
    const c = cli('fuse', '--method', 'auif', '--weights', weights, '--ir', ir, '--vis', vis, '-o', join(dir, 'auif-c.png'), '--backend', 'cpu');
    expect(c.code, c.err).toBe(0);
    const a = readImage(join(dir, 'auif-g.png')).tensor.data;
    const b = readImage(join(dir, 'auif-c.png')).tensor.data;
    // Backends differ by ~1e-5 before rounding: at most one 8-bit step apart.
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThanOrEqual(1 / 255 + 1e-7);
  });
  it('says what is missing or wrong about the weights, and writes nothing', () => {
    const out = join(dir, 'auif-bad.png');
    const none = cli('fuse', '--method', 'auif', '--ir', ir, '--vis', vis, '-o', out);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/method 'auif' needs its published weights: pass --weights PATH/);
    const notFile = cli('fuse', '--method', 'auif', '--weights', join(dir, 'nope.safetensors'), '--ir', ir, '--vis', vis, '-o', out);
    expect(notFile.code).toBe(2);
    expect(notFile.err).toMatch(/nope\.safetensors: no such file/);
    const png = cli('fuse', '--method', 'auif', '--weights', ir, '--ir', ir, '--vis', vis, '-o', out);
    expect(png.code).toBe(2);
    expect(png.err).toMatch(/auif-ir\.png: not a safetensors file/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('fusegpu eval and compare', () => {
  const root = join(dir, 'eval');
  const [irDir, visDir, fusedDir] = ['ir', 'vis', 'mine'].map((d) => join(root, d));
  for (const d of [irDir, visDir, fusedDir]) mkdirSync(d, { recursive: true });
  const img = (path: string, c: number, seed: number) => {
    const r = rng(seed);
    const t = tensor([c, 32, 40]);
    for (let i = 0; i < t.data.length; i++) t.data[i] = r();
    writeFileSync(path, encodePng(t));
  };
  for (const [k, stem] of ['a', 'b', 'c'].entries()) {
    img(join(irDir, `${stem}.png`), 1, 10 + k);
    img(join(visDir, `${stem}.png`), 3, 20 + k);
  }
  img(join(fusedDir, 'a.png'), 3, 30);
  writeFileSync(join(fusedDir, 'b.png'), 'not a png');
  // c has no fused image in 'mine'.

  it('scores folders and methods, reports bad or missing files, keeps them out of the means', () => {
    const prefix = join(root, 'report');
    const r = cli('eval', '--ir', irDir, '--vis', visDir, '--fused', fusedDir, '--methods', 'laplacian', '--metrics', 'EN,SSIM,Qabf', '-o', prefix, '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\*\*vifb\*\* profile/);
    expect(r.out).toMatch(/\| \*\*mean of 1\*\* \| mine \|/);
    expect(r.out).toMatch(/\| \*\*mean of 3\*\* \| laplacian \|/);
    expect(r.err).toMatch(/failed: b \/ mine: .*b\.png/);
    expect(r.err).toMatch(/failed: c \/ mine: .*no fused image named c\.\*/);
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('image,method,profile,EN,SSIM,Qabf');
    expect(csv).toHaveLength(1 + 4 + 2);
    const json = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    expect(json.means.find((m: { method: string }) => m.method === 'mine').images).toBe(1);
    expect(json.failures).toHaveLength(2);
    expect(existsSync(`${prefix}.md`)).toBe(true);
    const again = cli('eval', '--ir', irDir, '--vis', visDir, '--fused', fusedDir, '-o', prefix);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/report\.csv: exists; pass --force/);
    expect(cli('eval', '--ir', irDir, '--vis', visDir, '--fused', fusedDir, '--metrics', 'EN,XYZ').err).toMatch(/unknown metric 'XYZ'/);
  });
  it('--profile standard scores with the papers\' definitions and says so beside every number', () => {
    const prefix = join(root, 'standard');
    const r = cli('eval', '--ir', irDir, '--vis', visDir, '--methods', 'laplacian', '--metrics', 'EN,MI,CC', '--profile', 'standard', '-o', prefix, '--backend', 'cpu');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\*\*standard\*\* profile/);
    expect(readFileSync(`${prefix}.csv`, 'utf8').split('\n')[0]).toBe('image,method,profile,EN [standard],MI [standard],CC [standard]');
    const bad = cli('eval', '--ir', irDir, '--vis', visDir, '--methods', 'laplacian', '--profile', 'textbook');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/textbook.*(vifb|standard)/);
  });
  it('the gpu backend scores the metrics on the GPU, within their bounds of the cpu backend', () => {
    const okDir = join(root, 'ok');
    mkdirSync(okDir, { recursive: true });
    for (const [k, stem] of ['a', 'b', 'c'].entries()) img(join(okDir, `${stem}.png`), 3, 40 + k);
    // all but VIFF, which is undefined below 41 pixels a side (these are 40 x 32)
    const all = 'EN,CE,MI,PSNR,RMSE,SD,AG,EI,SF,SSIM,Qabf,Qcb,Qcv,CC,SCD,VIF,Nabf,FMI_pixel,FMI_gradient';
    const run = (backend: string) => {
      const prefix = join(root, `scores-${backend}`);
      const r = cli('eval', '--ir', irDir, '--vis', visDir, '--fused', okDir, '--metrics', all, '-o', prefix, '--backend', backend);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(readFileSync(`${prefix}.json`, 'utf8')).rows as { image: string; values: Record<string, number> }[];
    };
    const [gpu, cpu] = [run('gpu'), run('cpu')];
    expect(gpu).toHaveLength(3);
    // the same files scored both ways: float32 sums of the GPU path against float64
    // (kernels-tests/metrics-gpu.test.ts derives the bounds: counts exact, sums 5e-6, SSIM
    // 2e-5, Qabf 5e-5, Qcb 1e-4, Qcv 1e-5, FMI 2e-4, Nabf 2e-5 absolute)
    for (const [i, row] of gpu.entries()) {
      for (const [k, v] of Object.entries(row.values)) {
        const want = cpu[i].values[k];
        // these unrelated random images correlate near 0 and share little information: CC, SCD
        // and VIF are near 0 and bounded by absolute errors (of covariances relative to the
        // variances, of VIF's numerator terms relative to its denominator): 1e-4
        const absolute = k === 'CC' || k === 'SCD' || k === 'VIF' || k === 'Nabf';
        const tol = k === 'Qabf' ? 5e-5 : k === 'Nabf' ? 2e-5 : k === 'Qcb' || k.startsWith('FMI') || absolute ? 1e-4 : k === 'Qcv' ? 1e-5 : 2e-5;
        expect(Math.abs(v - want) / (absolute ? 1 : Math.max(Math.abs(want), 1e-9)), `${row.image} ${k}: gpu ${v} cpu ${want}`).toBeLessThan(tol);
      }
    }
  });
  it('writes one labelled picture of the pair and the methods', () => {
    const out = join(root, 'compare.png');
    const r = cli('compare', '--ir', join(irDir, 'a.png'), '--vis', join(visDir, 'a.png'), '--fused', `mine=${join(fusedDir, 'a.png')}`, '--methods', 'laplacian', '-o', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/infrared, visible, mine, laplacian/);
    const pic = readImage(out).tensor;
    // Four 40-pixel panels with 8-pixel gaps, one row under 24-pixel labels.
    expect(pic.shape).toEqual([3, 8 + 32 + 24 + 8, 8 + 4 * 48]);
  });
});
