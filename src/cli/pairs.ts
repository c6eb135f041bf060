import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.npy']);

/** Image files of a folder by name stem (several files per stem are kept to be reported). */
export function imagesByStem(d: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of readdirSync(d).sort()) {
    if (!IMAGE_EXT.has(extname(f).toLowerCase()) || !statSync(join(d, f)).isFile()) continue;
    const stem = basename(f, extname(f));
    m.set(stem, [...(m.get(stem) ?? []), join(d, f)]);
  }
  return m;
}

/** Pairs files of two folders by file stem; unmatched and duplicate stems are reported, not dropped. */
export function pairFolders(irDir: string, visDir: string): { pairs: [string, string, string][]; problems: string[] } {
  const ir = imagesByStem(irDir);
  const vis = imagesByStem(visDir);
  const pairs: [string, string, string][] = [];
  const problems: string[] = [];
  for (const [stem, files] of ir) {
    const v = vis.get(stem);
    if (files.length > 1 || (v && v.length > 1)) problems.push(`${stem}: several files share this name (${[...files, ...(v ?? [])].join(', ')})`);
    else if (!v) problems.push(`${files[0]}: no visible image named ${stem}.* in ${visDir}`);
    else pairs.push([stem, files[0], v[0]]);
  }
  for (const [stem, files] of vis) if (!ir.has(stem)) problems.push(`${files[0]}: no infrared image named ${stem}.* in ${irDir}`);
  return { pairs, problems };
}

