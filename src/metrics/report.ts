// An evaluation table: metric values per (image, method), the mean per method over the images
// that were scored, and the failures that were not (never silently dropped from the means).
import { fail } from '../core/errors.js';
import { LOWER_IS_BETTER, METRICS, profileOf, type Profile, type VifbMetric } from './vifb.js';

/** The names papers print, and VIFB's file names. */
export const METRIC_SHORT: Record<VifbMetric, string> = {
  Avg_gradient: 'AG', Cross_entropy: 'CE', Edge_intensity: 'EI', Entropy: 'EN', Mutinf: 'MI', Psnr: 'PSNR',
  Qabf: 'Qabf', Qcb: 'Qcb', Qcv: 'Qcv', Rmse: 'RMSE', Spatial_frequency: 'SF', Ssim: 'SSIM', Variance: 'SD',
  CC: 'CC', SCD: 'SCD', VIF: 'VIF', VIFF: 'VIFF', Nabf: 'Nabf', FMI_pixel: 'FMI_pixel', FMI_gradient: 'FMI_gradient',
};

/** Parses a list like "EN,SSIM,Qabf" (short or VIFB names, any case). */
export function parseMetricList(list: string): VifbMetric[] {
  const byName = new Map<string, VifbMetric>();
  for (const m of METRICS) {
    byName.set(m.toLowerCase(), m);
    byName.set(METRIC_SHORT[m].toLowerCase(), m);
  }
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => byName.get(s.toLowerCase()) ?? fail('usage', `unknown metric '${s}' (known: ${METRICS.map((m) => METRIC_SHORT[m]).join(', ')})`));
}

export interface EvalRow {
  image: string;
  method: string;
  values: Partial<Record<VifbMetric, number>>;
}

export interface EvalReport {
  /** The definitions each metric follows: VIFB's code ('vifb') or its own paper ('standard'). */
  profiles: Partial<Record<VifbMetric, 'vifb' | 'standard'>>;
  metrics: VifbMetric[];
  rows: EvalRow[];
  means: { method: string; images: number; values: Partial<Record<VifbMetric, number>> }[];
  failures: string[];
}

export function summarise(metrics: VifbMetric[], rows: EvalRow[], failures: string[], profile: Profile = 'vifb'): EvalReport {
  const methods = [...new Set(rows.map((r) => r.method))];
  const means = methods.map((method) => {
    const mine = rows.filter((r) => r.method === method);
    const values: Partial<Record<VifbMetric, number>> = {};
    for (const m of metrics) values[m] = mine.reduce((s, r) => s + r.values[m]!, 0) / mine.length;
    return { method, images: mine.length, values };
  });
  return { profiles: Object.fromEntries(metrics.map((m) => [m, profileOf(m, profile)])), metrics, rows, means, failures };
}

/** Why a metric can be undefined (NaN) for an image, as its reference code defines it. */
const WHY_UNDEFINED: Partial<Record<VifbMetric, string>> = {
  VIFF: 'VIFF needs at least 41 pixels a side (a scale with no window gives 0 / 0, as in VIFF_Public.m)',
  FMI_pixel: 'FMI needs at least 3 x 3 pixels',
  FMI_gradient: 'FMI needs at least 3 x 3 pixels',
};

const fmt = (v: number | undefined) => (v === undefined ? '' : Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(5));
/** A metric's column name; those with the 'standard' profile carry it. */
const column = (r: EvalReport, m: VifbMetric) => `${METRIC_SHORT[m]}${r.profiles[m] === 'standard' ? ' [standard]' : ''}`;
const header = (r: EvalReport) => r.metrics.map((m) => `${column(r, m)}${LOWER_IS_BETTER.includes(m) ? ' (lower better)' : ''}`);
/** The profile column: vifb, standard, or vifb+standard for a mixed table. */
const profileCell = (r: EvalReport) => [...new Set(r.metrics.map((m) => r.profiles[m]))].join('+');
const uses = (r: EvalReport, p: Profile) => r.metrics.some((m) => r.profiles[m] === p);

export function toCsv(r: EvalReport): string {
  const lines = [['image', 'method', 'profile', ...r.metrics.map((m) => column(r, m))].join(',')];
  for (const row of r.rows) lines.push([row.image, row.method, profileCell(r), ...r.metrics.map((m) => String(row.values[m]))].join(','));
  for (const m of r.means) lines.push(['MEAN', m.method, profileCell(r), ...r.metrics.map((k) => String(m.values[k]))].join(','));
  return `${lines.join('\n')}\n`;
}

export function toMarkdown(r: EvalReport): string {
  const cols = ['image', 'method', ...header(r)];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    [
      uses(r, 'vifb') ? "Metrics with the **vifb** profile (VIFB's definitions, ../shared/fixtures/METRICS.md)" : '',
      uses(r, 'standard') ? "metrics marked [standard] with the **standard** profile (their papers' definitions, src/metrics/standard-reference.ts and extra-reference.ts)" : '',
    ].filter(Boolean).join('; ') + '.',
    '',
    line(cols),
    line(cols.map(() => '---')),
    ...r.rows.map((row) => line([row.image, row.method, ...r.metrics.map((m) => fmt(row.values[m]))])),
    ...r.means.map((m) => line([`**mean of ${m.images}**`, m.method, ...r.metrics.map((k) => fmt(m.values[k]))])),
  ];
  const undefinedAt = r.rows.flatMap((row) => r.metrics.filter((m) => Number.isNaN(row.values[m])).map((m) => `${METRIC_SHORT[m]} for ${row.image} (${row.method})${WHY_UNDEFINED[m] ? `: ${WHY_UNDEFINED[m]}` : ''}`));
  if (undefinedAt.length) out.push('', 'NaN: the metric is undefined for that image (its mean too):', ...undefinedAt.map((u) => `- ${u}`));
  if (r.failures.length) out.push('', `Not scored (${r.failures.length}), not in the means:`, ...r.failures.map((f) => `- ${f}`));
  return `${out.join('\n')}\n`;
}
