import { Option, type Command } from 'commander';
import type { ParamSpec } from '../core/params.js';
import { allMethods } from '../methods/registry.js';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One CLI flag per method parameter (levels -> --levels, highRule -> --high-rule), from the registry. */
export function addMethodOptions(cmd: Command): Command {
  // A parameter shared by several methods is one flag; its help names each method's default.
  // Enum choices are the union over the methods (dct's --rule and auif's --rule differ); each
  // method still validates its own values.
  const flags = new Map<string, { spec: ParamSpec; defaults: string[]; values: Set<string> }>();
  for (const m of allMethods()) {
    for (const p of m.params) {
      const f = flags.get(p.name) ?? { spec: p, defaults: [], values: new Set<string>() };
      f.defaults.push(`${m.name}: ${String(p.default)}`);
      if (p.type === 'enum') p.values.forEach((v) => f.values.add(v));
      flags.set(p.name, f);
    }
  }
  for (const { spec: p, defaults, values } of flags.values()) {
    const flag = `--${kebab(p.name)} <${p.type === 'enum' ? 'name' : 'value'}>`;
    const o = new Option(flag, `${p.doc} (default ${defaults.join(', ')})`);
    if (p.type === 'enum' && values.size <= 16) o.choices([...values]);
    cmd.addOption(o);
  }
  return cmd;
}

/** The method's parameters picked out of parsed CLI options, converted to their types. */
export function methodParams(params: readonly ParamSpec[], opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const v = opts[p.name];
    if (v === undefined) continue;
    out[p.name] = p.type === 'number' || p.type === 'int' ? Number(v) : p.type === 'bool' ? v === true || v === 'true' : v;
  }
  return out;
}
