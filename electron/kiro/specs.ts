// Reading spec folders from disk: `.kiro/specs/<name>/` in the workspace and in nested
// `.kiro/` folders of a monorepo, each parsed, linted and traced by shared/kiro.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { diagAt, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { parseSpec, SPEC_FILES, type ParsedSpec, type SpecFileName, type SpecTexts } from '../../shared/kiro/spec';
import { readKiroText } from './read';
import { findKiroFolders, type FindOptions } from './tree';

export interface SpecFolder {
  /** The folder name (`user-auth`). */
  name: string;
  dir: string;
  /** Workspace-relative POSIX path of the spec folder. */
  rel: string;
  /** The package owning its `.kiro/` ('' for the workspace root). */
  owner: string;
  texts: SpecTexts;
  /** Problems reading a file (encoding, size), added to that file's diagnostics in `spec`. */
  readDiagnostics: Partial<Record<SpecFileName, KiroDiagnostic[]>>;
  /** Other files in the folder (another tool's `spec.json`, notes). */
  otherFiles: string[];
  spec: ParsedSpec;
}

export async function readSpecFolder(dir: string, where: { rel?: string; owner?: string } = {}): Promise<SpecFolder> {
  const entries = await readdir(dir, { withFileTypes: true });
  const texts: SpecTexts = {};
  const readDiagnostics: SpecFolder['readDiagnostics'] = {};
  const otherFiles: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    if ((SPEC_FILES as readonly string[]).includes(e.name)) {
      const name = e.name as SpecFileName;
      try {
        const t = await readKiroText(path.join(dir, e.name));
        texts[name] = t.text;
        if (t.diagnostics.length) readDiagnostics[name] = t.diagnostics;
      } catch (err) {
        texts[name] = '';
        readDiagnostics[name] = [diagAt('error', 'file.unreadable', `Cannot read ${e.name}: ${(err as Error).message}`, 1)];
      }
    } else otherFiles.push(e.name);
  }
  const spec = parseSpec(texts);
  for (const [file, ds] of Object.entries(readDiagnostics) as [SpecFileName, KiroDiagnostic[]][]) {
    spec.diagnostics[file] = [...ds, ...(spec.diagnostics[file] ?? [])];
    for (const d of ds) spec.summary.diagnostics[d.severity]++;
  }
  return { name: path.basename(dir), dir, rel: where.rel ?? path.basename(dir), owner: where.owner ?? '', texts, readDiagnostics, otherFiles: otherFiles.sort(), spec };
}

/** Spec folders directly under one `.kiro/specs/`. */
export async function readSpecsOf(kiroDir: string, owner: string): Promise<SpecFolder[]> {
  const specsDir = path.join(kiroDir, 'specs');
  let entries;
  try {
    entries = await readdir(specsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const prefix = owner ? `${owner}/.kiro/specs` : '.kiro/specs';
  const out: SpecFolder[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    out.push(await readSpecFolder(path.join(specsDir, e.name), { rel: `${prefix}/${e.name}`, owner }));
  }
  return out;
}

/** Every spec of the workspace, nested `.kiro/` folders included. */
export async function listSpecs(root: string, options: FindOptions = {}): Promise<SpecFolder[]> {
  const out: SpecFolder[] = [];
  for (const k of await findKiroFolders(root, options)) out.push(...(await readSpecsOf(k.dir, k.owner)));
  markDuplicateSpecIds(out);
  return out;
}

/** Two folders with the same `specId` (a copied folder) confuse anything keyed by it: say so on both. */
export function markDuplicateSpecIds(specs: SpecFolder[]): void {
  const byId = new Map<string, SpecFolder[]>();
  for (const s of specs) {
    const id = s.spec.config?.config.specId;
    if (id) byId.set(id, [...(byId.get(id) ?? []), s]);
  }
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    for (const s of group) {
      const others = group.filter((o) => o !== s).map((o) => o.rel);
      const d = diagAt('warning', 'spec.duplicate-id', `specId ${s.spec.config!.config.specId} is also used by ${others.join(', ')} (a copied folder?); give this spec a new id.`, 1);
      s.spec.diagnostics['.config.kiro'] = [...(s.spec.diagnostics['.config.kiro'] ?? []), d];
      s.spec.summary.diagnostics.warning++;
    }
  }
}
