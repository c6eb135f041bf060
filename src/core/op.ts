import type { ParamSpec, Params } from './params.js';
import type { Shape, Tensor } from './tensor.js';

export interface InputSpec {
  name: string;
  optional?: boolean;
  doc: string;
}

/**
 * One GPU dispatch of an op. `bindings` maps each WGSL resource variable (except the
 * uniform struct `u`) to a tensor slot: an input name, an output name or a temporary.
 * The executor builds the bind group layout from reflection, so the descriptor never
 * restates binding numbers or access modes.
 */
export interface GpuPass {
  shader: string;
  entry: string;
  bindings: Record<string, string>;
  uniforms: Record<string, number | readonly number[]>;
  /**
   * Invocations along x, y, z; the executor divides x and y by the engine's workgroup size
   * (WG_X, WG_Y). A kernel with its own fixed workgroup size (one workgroup per FFT line) gives
   * `workgroups` instead: the dispatch's workgroup counts as they are.
   */
  grid?: readonly [number, number, number];
  workgroups?: readonly [number, number, number];
  /** Override constants that specialise the entry point (e.g. kernel sizes); one pipeline per distinct set. */
  constants?: Record<string, number>;
}

export interface GpuPlan {
  passes: GpuPass[];
  temps?: Record<string, Shape>;
}

export type Shapes = Record<string, Shape>;
export type Tensors = Record<string, Tensor>;

/**
 * How close the kernel must come to the CPU reference for inputs in [-1, 1]:
 * |gpu - ref| <= atol + rtol * |ref|, derived in `why` from float32 rounding and WGSL's
 * precision rules. `maxMismatchFraction` admits pixels where a near-tie decision
 * (max-abs, choose-max) may flip because the kernel's sums round differently.
 */
export interface Accuracy {
  atol: number;
  rtol: number;
  why: string;
  maxMismatchFraction?: number;
}

/** A primitive op: one WGSL file (one or more entry points), one CPU reference. */
export interface OpDescriptor {
  kind: 'kernel';
  name: string;
  summary: string;
  inputs: readonly InputSpec[];
  outputs: (p: Params) => string[];
  params: readonly ParamSpec[];
  /** Output shapes from input shapes; throws a FusegpuError('shape') naming the rule broken. */
  shapes(inputs: Shapes, p: Params): Shapes;
  /** The CPU reference: same borders, sizes and rounding as the kernel. */
  reference(inputs: Tensors, p: Params): Tensors;
  gpu(inputs: Shapes, outputs: Shapes, p: Params): GpuPlan;
  /** The contract for these params and input shapes (sizes set how many terms a sum has). */
  accuracy(p: Params, inputs: Shapes): Accuracy;
}

/** A node inside a macro expansion; refs are local names (macro inputs or `node.output`). */
export interface MacroNode {
  id: string;
  op: string;
  inputs: Record<string, string>;
  params?: Record<string, unknown>;
}

/**
 * A composite op (Laplacian build, collapse, ...): expands into kernel nodes, so both
 * backends run exactly the kernels that the cross-check tests cover.
 */
export interface MacroDescriptor {
  kind: 'macro';
  name: string;
  summary: string;
  inputs: (p: Params) => readonly InputSpec[];
  outputs: (p: Params) => string[];
  params: readonly ParamSpec[];
  expand(p: Params): { nodes: MacroNode[]; outputs: Record<string, string> };
}

export type AnyOp = OpDescriptor | MacroDescriptor;
