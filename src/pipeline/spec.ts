import { FusegpuError, fail } from '../core/errors.js';
import type { AnyOp, OpDescriptor, Shapes } from '../core/op.js';
import { resolveParams, type Params } from '../core/params.js';
import { fmtShape, type Shape } from '../core/tensor.js';
import { getOp } from '../ops/registry.js';

/**
 * A pipeline as JSON: named inputs, nodes that reference inputs or other nodes' outputs
 * ("node" for a node's only output, "node.out" to pick one), and named outputs.
 */
export interface PipelineSpec {
  inputs: string[];
  nodes: NodeSpec[];
  outputs: Record<string, string>;
}

export interface NodeSpec {
  id: string;
  op: string;
  inputs: Record<string, string>;
  params?: Record<string, unknown>;
}

/** A kernel node after macro expansion; values are named 'input' or 'nodeId.output'. */
export interface KernelNode {
  id: string;
  /** The spec node it came from (a macro's id for expanded nodes), for error messages. */
  origin: string;
  op: OpDescriptor;
  params: Params;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}

export interface Graph {
  inputs: string[];
  nodes: KernelNode[];
  outputs: Record<string, string>;
}

const compiled = new WeakSet<Graph>();

/** True for a graph that compile() produced (already validated and expanded). */
export function isGraph(x: unknown): x is Graph {
  return typeof x === 'object' && x !== null && compiled.has(x as Graph);
}

const ID = /^[A-Za-z_][A-Za-z0-9_/-]*$/;

function specError(msg: string): never {
  fail('bad-spec', `pipeline: ${msg}`);
}

function checkShape(spec: unknown): asserts spec is PipelineSpec {
  const s = spec as PipelineSpec;
  if (!s || typeof s !== 'object') specError('the spec must be an object with inputs, nodes and outputs');
  if (!Array.isArray(s.inputs) || s.inputs.some((i) => typeof i !== 'string')) specError("'inputs' must be an array of names");
  if (!Array.isArray(s.nodes)) specError("'nodes' must be an array");
  if (!s.outputs || typeof s.outputs !== 'object' || Object.keys(s.outputs).length === 0) specError("'outputs' must name at least one output");
  for (const n of s.nodes) {
    if (!n || typeof n.id !== 'string' || typeof n.op !== 'string' || !n.inputs || typeof n.inputs !== 'object') {
      specError(`every node needs a string 'id', a string 'op' and an 'inputs' object; got ${JSON.stringify(n)}`);
    }
  }
}

/** Validates a spec (ops, params, refs, cycles) and expands macros, before any work runs. */
export function compile(spec: unknown): Graph {
  checkShape(spec);
  const names = new Set<string>();
  for (const i of spec.inputs) {
    if (!ID.test(i)) specError(`input name '${i}' is not a valid identifier`);
    if (names.has(i)) specError(`input '${i}' is declared twice`);
    names.add(i);
  }
  const byId = new Map<string, NodeSpec>();
  for (const n of spec.nodes) {
    if (!ID.test(n.id)) specError(`node id '${n.id}' is not a valid identifier (letters, digits, _ / -)`);
    if (names.has(n.id)) specError(`node id '${n.id}' is used twice (or equals an input name)`);
    names.add(n.id);
    byId.set(n.id, n);
  }

  // Order the spec nodes by their references; a reference back into the path is a cycle.
  const order: NodeSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const refNode = (ref: string) => ref.split('.')[0];
  const visit = (n: NodeSpec, path: string[]) => {
    const st = state.get(n.id);
    if (st === 'done') return;
    if (st === 'visiting') specError(`cycle: ${[...path.slice(path.indexOf(n.id)), n.id].join(' -> ')}`);
    state.set(n.id, 'visiting');
    for (const [port, ref] of Object.entries(n.inputs)) {
      if (typeof ref !== 'string') specError(`node '${n.id}' input '${port}' must be a reference string`);
      const dep = byId.get(refNode(ref));
      if (dep) visit(dep, [...path, n.id]);
      else if (!spec.inputs.includes(ref)) specError(`node '${n.id}' input '${port}' refers to '${ref}', which is neither a pipeline input nor a node`);
    }
    state.set(n.id, 'done');
    order.push(n);
  };
  for (const n of spec.nodes) visit(n, []);

  const g: Graph = { inputs: [...spec.inputs], nodes: [], outputs: {} };
  const produced = new Map<string, string[]>(); // spec node id -> its output names
  const valueOf = new Map<string, string>(); // "node" / "node.out" -> value id
  for (const i of spec.inputs) valueOf.set(i, i);

  const resolveRef = (ref: string, where: string): string => {
    const v = valueOf.get(ref);
    if (v) return v;
    const outs = produced.get(refNode(ref));
    if (outs && !ref.includes('.') && outs.length > 1) specError(`${where} refers to '${ref}', which has several outputs (${outs.join(', ')}); use '${ref}.<output>'`);
    specError(`${where} refers to '${ref}', which does not exist${outs ? ` (outputs: ${outs.join(', ')})` : ''}`);
  };

  for (const n of order) {
    const op = getOp(n.op);
    let params: Params;
    try {
      params = resolveParams(n.op, op.params, n.params ?? {});
    } catch (e) {
      throw new FusegpuError('bad-param', `node '${n.id}': ${(e as Error).message}`);
    }
    const inSpecs = op.kind === 'macro' ? op.inputs(params) : op.inputs;
    const ports = new Set(inSpecs.map((i) => i.name));
    for (const port of Object.keys(n.inputs)) {
      if (!ports.has(port)) specError(`node '${n.id}' (${n.op}) has no input '${port}' (inputs: ${[...ports].join(', ')})`);
    }
    for (const i of inSpecs) {
      if (!i.optional && !(i.name in n.inputs)) specError(`node '${n.id}' (${n.op}) is missing input '${i.name}'`);
    }
    const inputs: Record<string, string> = {};
    for (const [port, ref] of Object.entries(n.inputs)) inputs[port] = resolveRef(ref, `node '${n.id}' input '${port}'`);
    const outs = op.outputs(params);
    const outputs = expandInto(g, n.id, n.id, op, params, inputs);
    produced.set(n.id, outs);
    for (const o of outs) valueOf.set(`${n.id}.${o}`, outputs[o]);
    if (outs.length === 1) valueOf.set(n.id, outputs[outs[0]]);
  }
  for (const [name, ref] of Object.entries(spec.outputs)) {
    if (typeof ref !== 'string') specError(`output '${name}' must be a reference string`);
    g.outputs[name] = resolveRef(ref, `output '${name}'`);
  }
  compiled.add(g);
  return g;
}

function addKernel(g: Graph, id: string, origin: string, op: OpDescriptor, params: Params, inputs: Record<string, string>): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const o of op.outputs(params)) outputs[o] = `${id}.${o}`;
  g.nodes.push({ id, origin, op, params, inputs, outputs });
  return outputs;
}

/**
 * Adds a node to the graph: a kernel as is, a macro as its expansion with inner ids
 * "macroId/innerId". Returns the value ids of the node's outputs.
 */
function expandInto(g: Graph, id: string, origin: string, op: AnyOp, params: Params, inputs: Record<string, string>): Record<string, string> {
  if (op.kind === 'kernel') return addKernel(g, id, origin, op, params, inputs);
  const body = op.expand(params);
  const local = new Map<string, string>(Object.entries(inputs));
  const lookup = (ref: string) => local.get(ref) ?? fail('bad-spec', `macro '${op.name}' (node '${origin}') refers to unknown '${ref}'`);
  for (const n of body.nodes) {
    const inner = getOp(n.op);
    const ins = Object.fromEntries(Object.entries(n.inputs).map(([p, r]) => [p, lookup(r)]));
    const outs = expandInto(g, `${id}/${n.id}`, origin, inner, resolveParams(n.op, inner.params, n.params ?? {}), ins);
    for (const [o, v] of Object.entries(outs)) local.set(`${n.id}.${o}`, v);
    const names = Object.keys(outs);
    if (names.length === 1) local.set(n.id, outs[names[0]]);
  }
  return Object.fromEntries(Object.entries(body.outputs).map(([o, ref]) => [o, lookup(ref)]));
}

/** Shapes of every value, or one error naming the node and the rule broken. */
export function inferShapes(g: Graph, inputs: Record<string, Shape>): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const i of g.inputs) {
    const s = inputs[i];
    if (!s) fail('shape', `pipeline input '${i}' was not given`);
    if (s.some((d) => !Number.isInteger(d) || d < 1)) fail('shape', `pipeline input '${i}' has an empty or invalid shape ${fmtShape(s)}`);
    shapes.set(i, s);
  }
  for (const n of g.nodes) {
    const ins: Shapes = {};
    for (const [p, v] of Object.entries(n.inputs)) ins[p] = shapes.get(v)!;
    let outs: Shapes;
    try {
      outs = n.op.shapes(ins, n.params);
    } catch (e) {
      if (e instanceof FusegpuError) throw new FusegpuError(e.code, `node '${n.id}' (${n.op.name}): ${e.message}`);
      throw e;
    }
    for (const [o, v] of Object.entries(n.outputs)) shapes.set(v, outs[o]);
  }
  return shapes;
}
