import { WgslReflect, type VariableInfo } from 'wgsl_reflect/wgsl_reflect.module.js';

// wgsl_reflect declares ResourceType as a TypeScript enum but does not export it at run time.
const RESOURCE_UNIFORM = 0;
const RESOURCE_STORAGE = 1;
import { fail } from '../core/errors.js';
import { SHADERS } from '../generated/shaders.js';

export interface BindingInfo {
  name: string;
  binding: number;
  kind: 'uniform' | 'read-only-storage' | 'storage';
}

export interface UniformField {
  name: string;
  offset: number;
  size: number;
  type: 'u32' | 'i32' | 'f32' | 'f32[]';
}

export interface EntryLayout {
  shader: string;
  entry: string;
  bindings: BindingInfo[];
  /** The shader's override constants (specialisation points), by name. */
  overrides: string[];
  uniform?: { name: string; binding: number; size: number; fields: UniformField[] };
}

const reflections = new Map<string, WgslReflect>();

export function shaderSource(shader: string): string {
  const code = SHADERS[shader];
  if (code === undefined) fail('usage', `no shader '${shader}' in shaders/ (known: ${Object.keys(SHADERS).join(', ')})`);
  return code;
}

function reflectShader(shader: string): WgslReflect {
  let r = reflections.get(shader);
  if (!r) {
    r = new WgslReflect(shaderSource(shader));
    reflections.set(shader, r);
  }
  return r;
}

function fieldType(name: string, typeName: string, formatName?: string): UniformField['type'] {
  if (typeName === 'u32' || typeName === 'i32' || typeName === 'f32') return typeName;
  if (typeName === 'array' && (formatName === 'vec4<f32>' || formatName === 'vec4f' || formatName === 'f32')) return 'f32[]';
  fail('usage', `uniform field '${name}' has type ${typeName}${formatName ? `<${formatName}>` : ''}, which the packer does not support`);
}

/**
 * The bindings one entry point uses and its uniform struct layout, read from the WGSL by
 * wgsl_reflect: the descriptors never restate binding numbers, access modes or offsets.
 */
export function entryLayout(shader: string, entry: string): EntryLayout {
  const r = reflectShader(shader);
  const fn = r.entry.compute.find((f) => f.name === entry);
  if (!fn) fail('usage', `shader '${shader}' has no compute entry point '${entry}'`);
  const bindings: BindingInfo[] = [];
  let uniform: EntryLayout['uniform'];
  for (const v of fn.resources as VariableInfo[]) {
    if (v.group !== 0) fail('usage', `${shader}.${entry}: resource '${v.name}' is in group ${v.group}; all bindings live in group 0`);
    if ((v.resourceType as number) === RESOURCE_UNIFORM) {
      const members = v.members ?? [];
      uniform = {
        name: v.name,
        binding: v.binding,
        size: Math.ceil(v.size / 16) * 16,
        fields: members.map((m) => ({ name: m.name, offset: m.offset, size: m.size, type: fieldType(m.name, m.type.name, m.format?.getTypeName?.() ?? m.format?.name) })),
      };
      bindings.push({ name: v.name, binding: v.binding, kind: 'uniform' });
    } else if ((v.resourceType as number) === RESOURCE_STORAGE) {
      bindings.push({ name: v.name, binding: v.binding, kind: v.access === 'read_write' ? 'storage' : 'read-only-storage' });
    } else {
      fail('usage', `${shader}.${entry}: resource '${v.name}' is not a buffer; kernels use storage and uniform buffers only`);
    }
  }
  bindings.sort((a, b) => a.binding - b.binding);
  return { shader, entry, bindings, uniform, overrides: (r.overrides ?? []).map((o: { name: string }) => o.name) };
}

/** Writes `values` into `view` at `base` following the reflected layout; every field must be given, no extra key allowed. */
export function packUniforms(layout: EntryLayout, values: Record<string, number | readonly number[]>, view: DataView, base: number): void {
  const u = layout.uniform;
  const where = `${layout.shader}.${layout.entry}`;
  if (!u) {
    if (Object.keys(values).length) fail('usage', `${where} has no uniform struct but got uniforms ${Object.keys(values).join(', ')}`);
    return;
  }
  const names = new Set(u.fields.map((f) => f.name));
  for (const k of Object.keys(values)) if (!names.has(k)) fail('usage', `${where}: uniform '${k}' is not a field of the WGSL struct`);
  for (const f of u.fields) {
    const v = values[f.name];
    if (v === undefined) fail('usage', `${where}: uniform field '${f.name}' was not given`);
    const at = base + f.offset;
    if (f.type === 'f32[]') {
      const arr = v as readonly number[];
      if (!Array.isArray(arr) || arr.length * 4 > f.size) fail('usage', `${where}: '${f.name}' needs at most ${f.size / 4} numbers`);
      arr.forEach((x, i) => view.setFloat32(at + 4 * i, x, true));
    } else if (typeof v !== 'number') {
      fail('usage', `${where}: uniform '${f.name}' must be a number`);
    } else if (f.type === 'f32') view.setFloat32(at, v, true);
    else if (f.type === 'u32') view.setUint32(at, v, true);
    else view.setInt32(at, v, true);
  }
}
