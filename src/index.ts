// The browser-safe core: no Node-only import may reach this module (scripts/build.mjs
// bundles it for platform 'browser' to keep it that way).
export { Fusegpu, type Backend, type FuseOptions, type FuseResult, type RunOptions, type EngineRunResult } from './engine.js';
export { FusegpuError, type ErrorCode } from './core/errors.js';
export { tensor, channel, stackChannels, fmtShape, toChannelsLast, fromChannelsLast, type Tensor, type Shape } from './core/tensor.js';
export type { ParamSpec } from './core/params.js';
export type { OpDescriptor, MacroDescriptor, GpuPass, GpuPlan } from './core/op.js';
export { registerOp, getOp, allOps } from './ops/registry.js';
export { registerMethod, getMethod, allMethods, type FusionMethod } from './methods/registry.js';
export { compile, inferShapes, type PipelineSpec, type NodeSpec, type Graph } from './pipeline/spec.js';
export { runCpu } from './pipeline/cpu-executor.js';
export { runGpu, type GpuRunStats } from './gpu/executor.js';
export { verify, diffTensors, type NodeDiff } from './pipeline/verify.js';
export { GpuContext, type AdapterReport, type GpuOptions } from './gpu/context.js';
export { describeOps } from './ops/describe.js';
export { parseSafetensors, requireWeight, type WeightFile, type WeightTensor } from './nn/safetensors.js';
export { loadAuifWeights, type AuifWeights } from './nn/auif-weights.js';
export { auifTwoStep } from './nn/auif-two-step.js';
export { foldUnrolledLayer, type UnrolledLayerWeights } from './reference/unrolled.js';
export { vifbMetrics, toLevels, VIFB_METRICS, EXTRA_METRICS, METRICS, PROFILES, profileOf, LOWER_IS_BETTER, type VifbMetric, type Profile } from './metrics/vifb.js';
export { vifbMetricsGpu, metricsPipeline, GPU_METRICS, type GpuMetric, type MetricsPipelineOptions } from './metrics/vifb-gpu.js';
export { summarise, toCsv, toMarkdown, parseMetricList, METRIC_SHORT, type EvalReport, type EvalRow } from './metrics/report.js';
