import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { create, globals } from 'webgpu';
import { FusegpuError } from '../core/errors.js';
import { Fusegpu } from '../engine.js';
import type { GpuOptions } from '../gpu/context.js';

export type AdapterChoice = 'auto' | 'hardware' | 'llvmpipe' | 'swiftshader';
export const ADAPTER_CHOICES: AdapterChoice[] = ['auto', 'hardware', 'llvmpipe', 'swiftshader'];

/** Debian's SwiftShader Vulkan driver, shipped by the chromium package. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export const INSTALL_HINT =
  'no WebGPU adapter found. On Debian/Ubuntu without a GPU install a software one: ' +
  "'apt-get install libvulkan1 chromium' (SwiftShader) or 'apt-get install libegl1 libegl-mesa0 libgles2' (llvmpipe); the cpu backend (--backend cpu) works without either";

Object.assign(globalThis, globals);

function isSoftware(a: GPUAdapter): boolean {
  const i = a.info;
  return /swiftshader|llvmpipe|lavapipe|softpipe/i.test(`${i.vendor} ${i.architecture} ${i.device} ${i.description}`);
}

// Dawn reads these when it creates an instance; set only what the user has not set.
function prepareEnv(): void {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  if (existsSync(SWIFTSHADER_ICD) && !process.env.VK_ICD_FILENAMES) {
    const add = process.env.VK_ADD_DRIVER_FILES;
    if (!add?.split(':').includes(SWIFTSHADER_ICD)) process.env.VK_ADD_DRIVER_FILES = add ? `${add}:${SWIFTSHADER_ICD}` : SWIFTSHADER_ICD;
  }
}

// Dawn's instance must outlive its adapters and devices: dropping it while a device works
// crashes the process, so each instance created is kept, one per flag set.
const instances = new Map<string, GPU>();

// Dawn zero-fills workgroup memory at the start of every workgroup unless told not to. Every
// fusegpu kernel writes its workgroup memory before reading it (the FFT's line buffer, the
// reductions' and histograms' arrays), so the fill is pure cost: on SwiftShader it made the
// FFT's pipeline take 5.5 s to compile instead of 0.05 s (its 32 KB buffer, initialised per
// element), and on llvmpipe every FFT workgroup cleared 32 KB before loading its line.
const DAWN_FEATURES = 'enable-dawn-features=disable_workgroup_init';

async function tryAdapter(backendFlags: string[], options: GPURequestAdapterOptions): Promise<GPUAdapter | null> {
  const dawnFlags = [...backendFlags, DAWN_FEATURES];
  try {
    const key = dawnFlags.join(' ');
    let gpu = instances.get(key);
    if (!gpu) {
      gpu = create(dawnFlags);
      instances.set(key, gpu);
    }
    return await gpu.requestAdapter(options);
  } catch {
    return null;
  }
}

const finders: Record<Exclude<AdapterChoice, 'auto'>, () => Promise<GPUAdapter | null>> = {
  hardware: async () => {
    const a = await tryAdapter([], { powerPreference: 'high-performance' });
    return a && !isSoftware(a) ? a : null;
  },
  // Mesa llvmpipe through Dawn's OpenGL ES backend: compatibility mode only.
  llvmpipe: async () => {
    const a = await tryAdapter(['backend=opengles'], { featureLevel: 'compatibility' } as GPURequestAdapterOptions);
    return a && /llvmpipe/i.test(`${a.info.device} ${a.info.description}`) ? a : null;
  },
  swiftshader: async () => {
    const a = await tryAdapter(['backend=vulkan'], { forceFallbackAdapter: false });
    return a && /swiftshader/i.test(`${a.info.vendor} ${a.info.architecture} ${a.info.description}`) ? a : null;
  },
};

/**
 * Finds an adapter in Node: 'auto' takes a hardware GPU first, then llvmpipe (about 4x
 * faster than SwiftShader per dispatch on our machines), then SwiftShader.
 */
export async function findNodeAdapter(choice: AdapterChoice = 'auto'): Promise<{ adapter: GPUAdapter; kind: Exclude<AdapterChoice, 'auto'> } | null> {
  prepareEnv();
  const order: Exclude<AdapterChoice, 'auto'>[] = choice === 'auto' ? ['hardware', 'llvmpipe', 'swiftshader'] : [choice];
  for (const kind of order) {
    const adapter = await finders[kind]();
    if (adapter) return { adapter, kind };
  }
  return null;
}

export interface NodeEngineOptions extends GpuOptions {
  adapter?: AdapterChoice;
  /** Throw when no adapter is found instead of returning a CPU-only engine. */
  requireGpu?: boolean;
}

/** A Fusegpu engine on the best (or the chosen) adapter; CPU-only with a reason when there is none. */
export async function openNodeEngine(opts: NodeEngineOptions = {}): Promise<Fusegpu> {
  const found = await findNodeAdapter(opts.adapter ?? 'auto');
  if (!found) {
    const what = opts.adapter && opts.adapter !== 'auto' ? `adapter '${opts.adapter}' not available: ` : '';
    if (opts.requireGpu) throw new FusegpuError('no-adapter', `${what}${INSTALL_HINT}`);
    return Fusegpu.cpu(`${what}${INSTALL_HINT}`);
  }
  return Fusegpu.fromAdapter(found.adapter, { ...opts, kind: found.kind });
}
