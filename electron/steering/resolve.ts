// Steering resolution for one request: which files go in and why, with `#[[file:path]]`
// includes read live from the workspace (confined to it) at the moment of the request.

import { readFile, realpath, stat } from 'node:fs/promises';
import { decideInclusion, type AutoOptions, type InclusionMode, type InclusionReason, type SteeringContext } from '../../shared/kiro/steering';
import { looksBinary } from '../workspace/text-codec';
import { resolveInside } from '../workspace/paths';
import type { SteeringFile, SteeringScope, SteeringSet } from './loader';

export interface IncludeResult {
  /** The path as written in the steering file. */
  path: string;
  line: number;
  ok: boolean;
  bytes: number;
  /** Why it was not included (outside the workspace, missing, binary) or that it was cut. */
  note: string | null;
}

export interface IncludedSteering {
  name: string;
  file: string;
  scope: SteeringScope;
  mode: InclusionMode;
  reason: InclusionReason;
  /** "always", "matched src/api/x.ts", "#api", "auto: git, branch". */
  why: string;
  /** The text given to the model: the body with includes replaced by the files' current text. */
  content: string;
  includes: IncludeResult[];
}

export interface SteeringResolution {
  included: IncludedSteering[];
  excluded: { name: string; file: string; scope: SteeringScope; mode: InclusionMode; why: string }[];
  /** User files hidden by a workspace file of the same name. */
  shadowed: { file: string; by: string }[];
  /** "Steering: tech.md (always), api.md (matched src/api/x.ts)". */
  summary: string;
}

export interface ResolveOptions {
  /** Bytes read from one included file before it is cut (default 256 KiB). */
  maxIncludeBytes?: number;
  auto?: AutoOptions;
}

export async function resolveSteering(set: SteeringSet, request: SteeringContext, options: ResolveOptions = {}): Promise<SteeringResolution> {
  const realRoot = await realpath(set.root);
  const included: IncludedSteering[] = [];
  const excluded: SteeringResolution['excluded'] = [];
  for (const f of set.files) {
    if (f.diagnostics.some((d) => d.code === 'file.binary' || d.code === 'file.unreadable' || d.code === 'file.too-large')) {
      excluded.push({ name: f.doc.name, file: f.display, scope: f.scope, mode: f.doc.inclusion, why: 'unreadable' });
      continue;
    }
    const decision = f.scope === 'agents' ? { included: true, reason: { kind: 'agents' } as InclusionReason, why: 'always' } : decideInclusion(f.doc, request, options.auto);
    if (!decision.included || !decision.reason) {
      excluded.push({ name: f.doc.name, file: f.display, scope: f.scope, mode: f.doc.inclusion, why: decision.why });
      continue;
    }
    const { content, includes } = await expandIncludes(f, realRoot, options.maxIncludeBytes ?? 256 * 1024);
    included.push({ name: f.doc.name, file: f.display, scope: f.scope, mode: f.scope === 'agents' ? 'always' : f.doc.inclusion, reason: decision.reason, why: decision.why, content, includes });
  }
  const label = (i: IncludedSteering) => i.file.replace(/^.*\//, '');
  return {
    included,
    excluded,
    shadowed: set.shadowed.map((s) => ({ file: s.file.display, by: s.by })),
    summary: included.length ? `Steering: ${included.map((i) => `${label(i)} (${i.why})`).join(', ')}` : 'Steering: none',
  };
}

async function expandIncludes(f: SteeringFile, realRoot: string, maxBytes: number): Promise<{ content: string; includes: IncludeResult[] }> {
  if (!f.doc.includes.length) return { content: f.doc.body, includes: [] };
  const includes: IncludeResult[] = [];
  const texts = new Map<string, string>();
  for (const inc of f.doc.includes) {
    if (texts.has(inc.raw)) continue;
    const r = await readInclude(realRoot, inc.path, maxBytes);
    includes.push({ path: inc.path, line: inc.line, ok: r.ok, bytes: r.bytes, note: r.note });
    texts.set(inc.raw, r.ok ? r.text : `[not included: ${inc.path} — ${r.note}]`);
  }
  const content = f.doc.body.replace(/#\[\[([^\]\n]*)\]\]/g, (m) => texts.get(m) ?? m);
  return { content, includes };
}

async function readInclude(realRoot: string, rel: string, maxBytes: number): Promise<{ ok: boolean; text: string; bytes: number; note: string | null }> {
  let abs: string;
  try {
    abs = (await resolveInside(realRoot, rel.replace(/^\.\//, ''))).abs;
  } catch (e) {
    return { ok: false, text: '', bytes: 0, note: (e as Error).message.replace(/^Refused path '[^']*': /, 'refused: ') };
  }
  try {
    const info = await stat(abs);
    if (!info.isFile()) return { ok: false, text: '', bytes: 0, note: 'not a file' };
    const handle = await readFile(abs);
    if (looksBinary(handle)) return { ok: false, text: '', bytes: handle.length, note: 'a binary file' };
    const cut = handle.length > maxBytes;
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(cut ? handle.subarray(0, maxBytes) : handle);
    return { ok: true, text: cut ? `${text}\n[… cut at ${maxBytes} bytes of ${handle.length}]` : text, bytes: handle.length, note: cut ? `cut at ${maxBytes} bytes` : null };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, text: '', bytes: 0, note: code === 'ENOENT' ? 'file not found' : (e as Error).message };
  }
}
