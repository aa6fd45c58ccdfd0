// `.config.kiro` — `{"specId": uuid, "workflowType": "requirements-first"|"design-first",
// "specType": "feature"|"bugfix"}`, one line as Kiro writes it. Unknown keys are kept (the
// spec store may add its own); updates touch only the values they change.

import { diagAt, type KiroDiagnostic } from './diagnostics';
import { isObject, objectEdits, parseLenientJson } from './lenient-json';
import { applyTextEdits, joinBom, splitBom } from './text';

export type WorkflowType = 'requirements-first' | 'design-first';
export type SpecType = 'feature' | 'bugfix';

export interface SpecConfig {
  specId: string | null;
  workflowType: WorkflowType | null;
  specType: SpecType | null;
  /** Every other key, as parsed. */
  extra: Record<string, unknown>;
}

export interface SpecConfigDoc {
  kind: 'spec-config';
  config: SpecConfig;
  diagnostics: KiroDiagnostic[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKFLOWS: readonly string[] = ['requirements-first', 'design-first'];
const TYPES: readonly string[] = ['feature', 'bugfix'];

export function parseSpecConfig(text: string): SpecConfigDoc {
  const json = parseLenientJson(text, '.config.kiro file');
  const diagnostics = [...json.diagnostics];
  const config: SpecConfig = { specId: null, workflowType: null, specType: null, extra: {} };
  const doc: SpecConfigDoc = { kind: 'spec-config', config, diagnostics };
  if (json.value === undefined) return doc;
  if (!isObject(json.value)) {
    diagnostics.push(json.diagAt([], 'error', 'config.not-object', '.config.kiro should hold one JSON object: {"specId": …, "workflowType": …, "specType": …}.'));
    return doc;
  }
  const v = json.value;
  for (const [k, val] of Object.entries(v)) {
    if (k === 'specId') {
      if (typeof val === 'string') {
        config.specId = val;
        if (!UUID.test(val)) diagnostics.push(json.diagAt([k], 'warning', 'config.spec-id', `specId "${val}" is not a UUID; Kiro writes one such as "c991336d-1fc8-43b3-9c04-e5d194f18120".`));
      } else diagnostics.push(json.diagAt([k], 'error', 'config.spec-id', 'specId must be a string (a UUID).'));
    } else if (k === 'workflowType') {
      if (typeof val === 'string' && WORKFLOWS.includes(val)) config.workflowType = val as WorkflowType;
      else diagnostics.push(json.diagAt([k], 'warning', 'config.workflow-type', `workflowType ${JSON.stringify(val)} is not "requirements-first" or "design-first"; the spec is read as requirements-first.`));
    } else if (k === 'specType') {
      if (typeof val === 'string' && TYPES.includes(val)) config.specType = val as SpecType;
      else diagnostics.push(json.diagAt([k], 'warning', 'config.spec-type', `specType ${JSON.stringify(val)} is not "feature" or "bugfix"; the type is taken from the files present.`));
    } else config.extra[k] = val;
  }
  if (config.specId === null && !diagnostics.some((d) => d.code === 'config.spec-id')) {
    diagnostics.push(diagAt('info', 'config.no-spec-id', 'No specId: Kiro identifies the spec by its folder name only.', 1));
  }
  return doc;
}

/**
 * Sets keys of a `.config.kiro` text (undefined removes a key), keeping its layout: a value
 * replaced in place, a new key appended in the file's own style. An empty or broken text is
 * replaced by a fresh one-line config.
 */
export function updateSpecConfig(text: string, patch: Record<string, unknown>): string {
  const src = splitBom(text);
  const json = parseLenientJson(text);
  if (json.broken || !isObject(json.value)) {
    const base = isObject(json.value) ? json.value : {};
    const merged: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    return joinBom(src, renderSpecConfig(merged) + (src.body.endsWith('\n') ? src.eol : ''));
  }
  return applyTextEdits(text, objectEdits(json, patch));
}

/** A new `.config.kiro`, in Kiro's own one-line style. */
export function renderSpecConfig(cfg: Record<string, unknown>): string {
  return `{${Object.entries(cfg)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
}
