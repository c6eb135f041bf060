// An evaluation table: metric values per (image, method), the mean per method over the images
// that were scored, and the failures that were not (never silently dropped from the means).
import { fail } from '../core/errors.js';
import { LOWER_IS_BETTER, VIFB_METRICS, type VifbMetric } from './vifb.js';

/** The names papers print, and VIFB's file names. */
export const METRIC_SHORT: Record<VifbMetric, string> = {
  Avg_gradient: 'AG', Cross_entropy: 'CE', Edge_intensity: 'EI', Entropy: 'EN', Mutinf: 'MI', Psnr: 'PSNR',
  Qabf: 'Qabf', Qcb: 'Qcb', Qcv: 'Qcv', Rmse: 'RMSE', Spatial_frequency: 'SF', Ssim: 'SSIM', Variance: 'SD',
};

/** Parses a list like "EN,SSIM,Qabf" (short or VIFB names, any case). */
export function parseMetricList(list: string): VifbMetric[] {
  const byName = new Map<string, VifbMetric>();
  for (const m of VIFB_METRICS) {
    byName.set(m.toLowerCase(), m);
    byName.set(METRIC_SHORT[m].toLowerCase(), m);
  }
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => byName.get(s.toLowerCase()) ?? fail('usage', `unknown metric '${s}' (known: ${VIFB_METRICS.map((m) => METRIC_SHORT[m]).join(', ')})`));
}

export interface EvalRow {
  image: string;
  method: string;
  values: Partial<Record<VifbMetric, number>>;
}

export interface EvalReport {
  profile: 'vifb';
  metrics: VifbMetric[];
  rows: EvalRow[];
  means: { method: string; images: number; values: Partial<Record<VifbMetric, number>> }[];
  failures: string[];
}

export function summarise(metrics: VifbMetric[], rows: EvalRow[], failures: string[]): EvalReport {
  const methods = [...new Set(rows.map((r) => r.method))];
  const means = methods.map((method) => {
    const mine = rows.filter((r) => r.method === method);
    const values: Partial<Record<VifbMetric, number>> = {};
    for (const m of metrics) values[m] = mine.reduce((s, r) => s + r.values[m]!, 0) / mine.length;
    return { method, images: mine.length, values };
  });
  return { profile: 'vifb', metrics, rows, means, failures };
}

const fmt = (v: number | undefined) => (v === undefined ? '' : Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(5));
const header = (metrics: VifbMetric[]) => metrics.map((m) => `${METRIC_SHORT[m]}${LOWER_IS_BETTER.includes(m) ? ' (lower better)' : ''}`);

export function toCsv(r: EvalReport): string {
  const lines = [['image', 'method', 'profile', ...r.metrics.map((m) => METRIC_SHORT[m])].join(',')];
  for (const row of r.rows) lines.push([row.image, row.method, r.profile, ...r.metrics.map((m) => String(row.values[m]))].join(','));
  for (const m of r.means) lines.push(['MEAN', m.method, r.profile, ...r.metrics.map((k) => String(m.values[k]))].join(','));
  return `${lines.join('\n')}\n`;
}

export function toMarkdown(r: EvalReport): string {
  const cols = ['image', 'method', ...header(r.metrics)];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    `Metrics with the **${r.profile}** profile (VIFB's definitions, ../shared/fixtures/METRICS.md).`,
    '',
    line(cols),
    line(cols.map(() => '---')),
    ...r.rows.map((row) => line([row.image, row.method, ...r.metrics.map((m) => fmt(row.values[m]))])),
    ...r.means.map((m) => line([`**mean of ${m.images}**`, m.method, ...r.metrics.map((k) => fmt(m.values[k]))])),
  ];
  if (r.failures.length) out.push('', `Not scored (${r.failures.length}), not in the means:`, ...r.failures.map((f) => `- ${f}`));
  return `${out.join('\n')}\n`;
}
