import type { ParamSpec, Params } from '../core/params.js';

/** Rule names; the index is the id used by shaders/common/fuse_rule.wgsl. */
export const FUSE_RULES = ['mean', 'maxAbs', 'weighted', 'activityMax', 'activityWeighted'] as const;
export type FuseRule = (typeof FUSE_RULES)[number];

export const ruleId = (r: string) => FUSE_RULES.indexOf(r as FuseRule);

export function ruleParams(name: string, def: FuseRule): ParamSpec[] {
  return [
    { name, type: 'enum', values: FUSE_RULES, default: def, doc: 'mean | maxAbs | weighted (w*a + (1-w)*b) | activityMax | activityWeighted (windowed l1 activity)' },
  ];
}

export const RULE_TUNING: ParamSpec[] = [
  { name: 'weight', type: 'number', default: 0.5, min: 0, max: 1, doc: "weight of input 'a' for the weighted rule" },
  { name: 'radius', type: 'int', default: 1, min: 0, max: 7, doc: 'activity window radius: (2r+1)^2 pixels' },
];

/** Rules that weigh windowed l1 activity (shaders/common/fuse_rule.wgsl's needsActivity). */
export const needsActivity = (r: string) => ruleId(r) >= ruleId('activityMax');

export function ruleUniforms(p: Params, ruleKey = 'rule') {
  return { rule: ruleId(p[ruleKey] as string), weight: p.weight as number, radius: p.radius as number };
}
