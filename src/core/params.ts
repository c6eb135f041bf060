import { fail } from './errors.js';

/** One op parameter: its type, default and allowed range, used for validation and for `fusegpu ops`. */
export type ParamSpec =
  | { name: string; type: 'number'; default: number; min?: number; max?: number; exclusiveMin?: boolean; doc: string }
  | { name: string; type: 'int'; default: number; min?: number; max?: number; doc: string }
  | { name: string; type: 'enum'; default: string; values: readonly string[]; doc: string }
  | { name: string; type: 'bool'; default: boolean; doc: string }
  | { name: string; type: 'string'; default: string; doc: string };

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/** Fills defaults and checks every value; the message names the op, the parameter and the rule broken. */
export function resolveParams(op: string, specs: readonly ParamSpec[], given: Record<string, unknown> = {}): Params {
  const known = new Set(specs.map((s) => s.name));
  for (const k of Object.keys(given)) {
    if (!known.has(k)) {
      fail('bad-param', `${op}: unknown parameter '${k}' (known: ${[...known].join(', ') || 'none'})`);
    }
  }
  const out: Params = {};
  for (const s of specs) {
    const v = given[s.name] ?? s.default;
    const where = `${op}: parameter '${s.name}'`;
    switch (s.type) {
      case 'number':
      case 'int': {
        if (typeof v !== 'number' || !Number.isFinite(v)) fail('bad-param', `${where} must be a finite number, got ${JSON.stringify(v)}`);
        if (s.type === 'int' && !Number.isInteger(v)) fail('bad-param', `${where} must be an integer, got ${v}`);
        if (s.min !== undefined) {
          const excl = s.type === 'number' && s.exclusiveMin;
          if (excl ? v <= s.min : v < s.min) fail('bad-param', `${where} must be ${excl ? '>' : '>='} ${s.min}, got ${v}`);
        }
        if (s.max !== undefined && v > s.max) fail('bad-param', `${where} must be <= ${s.max}, got ${v}`);
        out[s.name] = v;
        break;
      }
      case 'enum':
        if (typeof v !== 'string' || !s.values.includes(v)) {
          fail('bad-param', `${where} must be one of ${s.values.join(', ')}, got ${JSON.stringify(v)}`);
        }
        out[s.name] = v;
        break;
      case 'bool':
        if (typeof v !== 'boolean') fail('bad-param', `${where} must be true or false, got ${JSON.stringify(v)}`);
        out[s.name] = v;
        break;
      case 'string':
        if (typeof v !== 'string') fail('bad-param', `${where} must be a string, got ${JSON.stringify(v)}`);
        out[s.name] = v;
        break;
    }
  }
  return out;
}

export const num = (p: Params, k: string) => p[k] as number;
export const str = (p: Params, k: string) => p[k] as string;
