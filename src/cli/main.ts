import { readFileSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option, CommanderError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { FusegpuError } from '../core/errors.js';
import { describeOps } from '../ops/describe.js';
import { Fusegpu, type Backend } from '../engine.js';
import { allMethods, getMethod } from '../methods/registry.js';
import { ADAPTER_CHOICES, openNodeEngine, type AdapterChoice } from '../node/gpu-provider.js';
import { readImage, readWeights, writeImage } from '../node/io.js';
import { demoPair } from '../node/demo-pair.js';
import { addMethodOptions } from './method-options.js';
import { fuseFiles, type FuseJobOptions } from './fuse-job.js';
import { pairFolders } from './pairs.js';
import { evaluate } from './eval-job.js';
import { parseMetricList, toCsv, toMarkdown } from '../metrics/report.js';
import { PROFILES, VIFB_METRICS } from '../metrics/vifb.js';
import { writeAtomic } from '../node/io.js';
import { comparePicture, type Panel } from '../node/compare.js';
import { resizeBilinear } from '../core/resize.js';

/**
 * Exit codes: 0 ok, 1 some batch items failed, 2 usage or input error, 3 no usable GPU when
 * one was required, 4 the GPU failed (timeout, device lost, out of memory after retries).
 */
export const EXIT = { ok: 0, itemsFailed: 1, usage: 2, noGpu: 3, gpuFailed: 4 } as const;

const GPU_FAILURES = new Set(['timeout', 'device-lost', 'out-of-memory']);

interface EngineFlags {
  backend?: Backend;
  adapter: AdapterChoice;
  gpuTimeout?: string;
}

async function engineFor(o: EngineFlags): Promise<Fusegpu> {
  if (o.backend === 'cpu') return Fusegpu.cpu('the cpu backend was chosen');
  let timeoutMs: number | undefined;
  if (o.gpuTimeout !== undefined) {
    timeoutMs = Number(o.gpuTimeout) * 1000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new FusegpuError('usage', `--gpu-timeout must be a number of seconds >= 0, got ${o.gpuTimeout}`);
  }
  return openNodeEngine({ adapter: o.adapter, requireGpu: o.backend === 'gpu', timeoutMs });
}

function engineOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--backend <name>', 'gpu or cpu (default: gpu when an adapter exists, else cpu)').choices(['gpu', 'cpu']))
    .addOption(new Option('--adapter <name>', 'which GPU adapter').choices(ADAPTER_CHOICES).default('auto'))
    .option('--gpu-timeout <seconds>', 'fail a GPU run that takes longer (0 = no limit; default 120)');
}

function jobOptions(o: Record<string, unknown>, backend: Backend): FuseJobOptions {
  let tile: number | undefined;
  if (o.tile !== undefined) {
    tile = Number(o.tile);
    if (!Number.isInteger(tile) || tile < 16) throw new FusegpuError('usage', `--tile must be an integer >= 16, got ${String(o.tile)}`);
  }
  // Weights are read and checked once per command, before any image is touched.
  const weights = typeof o.weights === 'string' ? readWeights(o.weights) : undefined;
  getMethod(String(o.method)).constants?.(weights);
  return { method: String(o.method), backend, force: !!o.force, resize: !!o.resize, verify: !!o.verify, bitDepth: o.bitDepth === '16' ? 16 : 8, raw: o, weights, tile };
}

function fusionCommand(cmd: Command): Command {
  return addMethodOptions(
    engineOptions(cmd)
      .addOption(new Option('--method <name>', 'fusion method').choices(allMethods().map((m) => m.name)).default('laplacian'))
      .addOption(new Option('--bit-depth <n>', 'PNG output bit depth').choices(['8', '16']).default('8'))
      .option('--force', 'overwrite existing outputs', false)
      .option('--resize', 'resize the infrared image to the visible size when they differ', false)
      .option('--verify', 'also run the CPU reference and report the GPU-CPU difference per node', false)
      .option('--weights <path>', "the method's published weights (.safetensors), e.g. auif-net.safetensors for --method auif")
      .option('--tile <n>', 'fuse in tiles of at most n x n pixels (methods with a finite receptive field, e.g. auif)'),
  );
}

function parseAssignments(list: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of list) {
    const i = s.indexOf('=');
    if (i <= 0) throw new FusegpuError('usage', `${what} '${s}' must look like NAME=PATH`);
    out[s.slice(0, i)] = s.slice(i + 1);
  }
  return out;
}

export function buildProgram(out: { code: number }): Command {
  const program = new Command('fusegpu').description('Multi-modal image fusion with WebGPU compute kernels').exitOverride();
  const log = (s: string) => process.stdout.write(`${s}\n`);

  program
    .command('ops')
    .description('list every op with its inputs, outputs and parameters, as JSON')
    .action(() => {
      log(JSON.stringify(describeOps(), null, 2));
    });

  engineOptions(program.command('info').description('show the GPU adapter fusegpu would use')).action(async (o) => {
    const e = await engineFor(o);
    log(JSON.stringify(e.adapter ?? { backend: 'cpu', reason: 'no GPU adapter' }, null, 2));
    e.dispose();
  });

  fusionCommand(program.command('fuse').description('fuse one infrared/visible pair'))
    .requiredOption('--ir <path>', 'infrared image')
    .requiredOption('--vis <path>', 'visible image')
    .requiredOption('-o, --out <path>', 'output .png or .npy')
    .action(async (o) => {
      const e = await engineFor(o);
      try {
        log(await fuseFiles(e, o.ir, o.vis, o.out, jobOptions(o, o.backend ?? e.defaultBackend)));
      } finally {
        e.dispose();
      }
    });

  fusionCommand(program.command('demo').description('fuse a generated infrared/visible pair and write the result'))
    .option('-o, --out <path>', 'output PNG', 'demo-fused.png')
    .action(async (o) => {
      const dir = '.fusegpu-demo';
      mkdirSync(dir, { recursive: true });
      const { ir, vis } = demoPair();
      writeImage(join(dir, 'ir.png'), ir);
      writeImage(join(dir, 'vis.png'), vis);
      const e = await engineFor(o);
      try {
        log(`demo pair written to ${dir}/ir.png and ${dir}/vis.png; adapter: ${e.adapter ? `${e.adapter.kind} (${e.adapter.name})` : 'none, cpu backend'}`);
        log(await fuseFiles(e, join(dir, 'ir.png'), join(dir, 'vis.png'), o.out, { ...jobOptions(o, o.backend ?? e.defaultBackend), force: true }));
      } finally {
        e.dispose();
      }
    });

  fusionCommand(program.command('batch').description('fuse every pair of two folders (matched by file name stem)'))
    .requiredOption('--ir <dir>', 'folder of infrared images')
    .requiredOption('--vis <dir>', 'folder of visible images')
    .requiredOption('-o, --out <dir>', 'output folder (created if missing)')
    .option('--no-progress', 'no progress bar')
    .action(async (o) => {
      for (const d of [o.ir, o.vis]) if (!existsSync(d) || !statSync(d).isDirectory()) throw new FusegpuError('usage', `${d}: not a folder`);
      mkdirSync(o.out, { recursive: true });
      const { pairs, problems } = pairFolders(o.ir, o.vis);
      const job = jobOptions(o, o.backend ?? 'cpu');
      const e = await engineFor(o);
      job.backend = o.backend ?? e.defaultBackend;
      const failed = [...problems];
      let written = 0;
      const bar = o.progress && process.stderr.isTTY ? new SingleBar({ format: 'fusing {bar} {value}/{total} {stem}' }, Presets.shades_classic) : undefined;
      bar?.start(pairs.length, 0, { stem: '' });
      try {
        for (const [stem, ir, vis] of pairs) {
          bar?.increment(0, { stem });
          try {
            const msg = await fuseFiles(e, ir, vis, join(o.out, `${stem}.png`), job);
            written++;
            if (!bar) log(msg);
          } catch (err) {
            // A lost or timed-out device cannot fuse the rest: stop the batch (exit 4).
            if (err instanceof FusegpuError && (err.code === 'device-lost' || err.code === 'timeout')) throw err;
            failed.push((err as Error).message);
          }
          bar?.increment(1);
        }
      } finally {
        bar?.stop();
        e.dispose();
      }
      log(`${written} fused, ${failed.length} failed`);
      for (const f of failed) process.stderr.write(`failed: ${f}\n`);
      out.code = failed.length ? EXIT.itemsFailed : EXIT.ok;
    });

  engineOptions(program.command('eval').description("score fused images (folders, or methods fused on the fly) with VIFB's metrics; prints a table, writes CSV, JSON and Markdown"))
    .requiredOption('--ir <dir>', 'folder of infrared images')
    .requiredOption('--vis <dir>', 'folder of visible images')
    .option('--fused <dir...>', 'folders of fused images named like the pairs (the folder name is the method)', [])
    .option('--methods <list>', 'fusion methods to run on every pair, comma-separated (e.g. laplacian,auif)', '')
    .option('--metrics <list>', "metrics, comma-separated: VIFB's (the default: EN,CE,MI,PSNR,RMSE,SSIM,Qabf,Qcb,Qcv,AG,EI,SF,SD) and, with their papers' definitions, CC,SCD,VIF,VIFF,Nabf,FMI_pixel,FMI_gradient", '')
    .addOption(new Option('--profile <name>', "definitions of VIFB's metrics: vifb (VIFB's code, quirks included) or standard (the metrics' papers)").choices([...PROFILES]).default('vifb'))
    .option('--weights <path>', 'weights for network methods (auif)')
    .option('-o, --out <prefix>', 'write PREFIX.csv, PREFIX.json and PREFIX.md')
    .option('--force', 'overwrite existing reports', false)
    .option('--no-progress', 'no progress bar')
    .action(async (o) => {
      const metrics = o.metrics ? parseMetricList(o.metrics) : [...VIFB_METRICS];
      const methods = String(o.methods).split(',').map((s) => s.trim()).filter(Boolean);
      for (const m of methods) getMethod(m);
      const reports = o.out ? ['csv', 'json', 'md'].map((ext) => `${o.out}.${ext}`) : [];
      for (const p of reports) if (existsSync(p) && !o.force) throw new FusegpuError('usage', `${p}: exists; pass --force to overwrite`);
      const weights = typeof o.weights === 'string' ? readWeights(o.weights) : undefined;
      for (const m of methods) getMethod(m).constants?.(weights);
      const e = methods.length ? await engineFor(o) : Fusegpu.cpu('only reading fused images');
      try {
        const report = await evaluate(e, { ir: o.ir, vis: o.vis, fused: o.fused, methods, metrics, profile: o.profile, backend: o.backend ?? e.defaultBackend, weights, progress: o.progress });
        log(toMarkdown(report));
        if (o.out) {
          writeAtomic(reports[0], new TextEncoder().encode(toCsv(report)));
          writeAtomic(reports[1], new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
          writeAtomic(reports[2], new TextEncoder().encode(toMarkdown(report)));
          log(`wrote ${reports.join(', ')}`);
        }
        for (const f of report.failures) process.stderr.write(`failed: ${f}\n`);
        out.code = report.failures.length ? EXIT.itemsFailed : EXIT.ok;
      } finally {
        e.dispose();
      }
    });

  engineOptions(program.command('compare').description("one labelled picture: infrared, visible and each method's fused image side by side"))
    .requiredOption('--ir <path>', 'infrared image')
    .requiredOption('--vis <path>', 'visible image')
    .option('--fused <LABEL=PATH...>', 'fused images to show, each with its label', [])
    .option('--methods <list>', 'fusion methods to run on the pair, comma-separated', '')
    .option('--weights <path>', 'weights for network methods (auif)')
    .option('--columns <n>', 'panels per row', '4')
    .requiredOption('-o, --out <path>', 'output PNG')
    .option('--force', 'overwrite an existing output', false)
    .action(async (o) => {
      if (existsSync(o.out) && !o.force) throw new FusegpuError('usage', `${o.out}: exists; pass --force to overwrite`);
      const columns = Number(o.columns);
      if (!Number.isInteger(columns) || columns < 1) throw new FusegpuError('usage', `--columns must be a positive integer, got ${o.columns}`);
      const methods = String(o.methods).split(',').map((x) => x.trim()).filter(Boolean);
      for (const m of methods) getMethod(m);
      const fused = parseAssignments(o.fused, '--fused');
      if (!methods.length && !Object.keys(fused).length) throw new FusegpuError('usage', 'give --fused LABEL=PATH or --methods NAME,... (something to compare)');
      const weights = typeof o.weights === 'string' ? readWeights(o.weights) : undefined;
      for (const m of methods) getMethod(m).constants?.(weights);
      const vis = readImage(o.vis).tensor;
      let ir = readImage(o.ir).tensor;
      if (ir.shape[1] !== vis.shape[1] || ir.shape[2] !== vis.shape[2]) ir = resizeBilinear(ir, vis.shape[1], vis.shape[2]);
      const panels: Panel[] = [{ label: 'infrared', image: ir }, { label: 'visible', image: vis }];
      for (const [label, path] of Object.entries(fused)) panels.push({ label, image: readImage(path).tensor });
      const e = methods.length ? await engineFor(o) : Fusegpu.cpu('only reading fused images');
      try {
        for (const method of methods) panels.push({ label: method, image: (await e.fuse(ir, vis, { method, weights, backend: o.backend ?? e.defaultBackend })).fused });
      } finally {
        e.dispose();
      }
      writeAtomic(o.out, await comparePicture(panels, columns));
      log(`${o.out}: ${panels.map((p) => p.label).join(', ')}`);
    });

  engineOptions(program.command('run').description('run a pipeline spec (JSON) on images'))
    .argument('<pipeline>', 'pipeline JSON file')
    .option('--in <NAME=PATH...>', 'pipeline inputs', [])
    .option('--out <NAME=PATH...>', 'pipeline outputs to write (.png or .npy)', [])
    .option('--force', 'overwrite existing outputs', false)
    .addOption(new Option('--bit-depth <n>', 'PNG output bit depth').choices(['8', '16']).default('8'))
    .action(async (file: string, o) => {
      let spec: unknown;
      try {
        spec = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new FusegpuError('usage', `${file}: cannot read the pipeline JSON (${(err as Error).message})`);
      }
      const ins = parseAssignments(o.in, '--in');
      const outs = parseAssignments(o.out, '--out');
      for (const p of Object.values(outs)) if (existsSync(p) && !o.force) throw new FusegpuError('usage', `${p}: exists; pass --force to overwrite`);
      const e = await engineFor(o);
      try {
        const graph = e.compile(spec as never);
        for (const name of Object.keys(outs)) if (!(name in graph.outputs)) throw new FusegpuError('usage', `--out ${name}: the pipeline has no output '${name}' (outputs: ${Object.keys(graph.outputs).join(', ')})`);
        const tensors = Object.fromEntries(Object.entries(ins).map(([k, p]) => [k, readImage(p).tensor]));
        const r = await e.run(graph, tensors, { backend: o.backend ?? e.defaultBackend });
        for (const [name, p] of Object.entries(outs)) writeImage(p, r.outputs[name], o.bitDepth === '16' ? 16 : 8);
        log(`ran ${graph.nodes.length} kernel nodes on ${r.backend}; wrote ${Object.values(outs).join(', ') || 'nothing'}`);
      } finally {
        e.dispose();
      }
    });
  return program;
}

/** Runs the CLI; returns the exit code. Errors print one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const out = { code: EXIT.ok as number };
  const program = buildProgram(out);
  try {
    await program.parseAsync(argv);
    return out.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof FusegpuError) {
      process.stderr.write(`fusegpu: ${err.message}\n`);
      return err.code === 'no-adapter' ? EXIT.noGpu : GPU_FAILURES.has(err.code) ? EXIT.gpuFailed : EXIT.usage;
    }
    process.stderr.write(`fusegpu: ${(err as Error).stack ?? err}\n`);
    return EXIT.usage;
  }
}
