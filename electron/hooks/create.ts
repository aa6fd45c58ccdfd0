// New hook files: the panel's form and the ready templates. Written in the older
// `.kiro.hook` format (one hook per file), which Kiro reads too.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NewHook } from '../../shared/contract/hooks';
import { parseHookFile } from '../../shared/kiro/hooks';
import { RpcError } from '../../shared/rpc/errors';
import { CONFIG_PATTERNS } from './secret-scan';

export const HOOKS_DIR = '.kiro/hooks';

/** `Lint on save!` → `lint-on-save`. */
export function hookSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'hook';
}

const FILE_TRIGGERS = new Set(['fileEdited', 'fileCreated', 'fileDeleted']);
const TOOL_TRIGGERS = new Set(['preToolUse', 'postToolUse']);

/** The file's text: `{"enabled", "name", "description", "version", "when", "then"}`, two-space indented. */
export function newHookText(input: NewHook): string {
  if (FILE_TRIGGERS.has(input.trigger) && !input.patterns.length) throw new RpcError('BAD_REQUEST', `A ${input.trigger} hook needs at least one file pattern, such as src/**/*.ts.`);
  if (TOOL_TRIGGERS.has(input.trigger) && !input.toolTypes.length) throw new RpcError('BAD_REQUEST', `A ${input.trigger} hook needs at least one tool type: read, write, shell, web, spec, mcp, * — or a regular expression over tool names.`);
  for (const t of input.toolTypes) {
    try {
      new RegExp(t);
    } catch {
      throw new RpcError('BAD_REQUEST', `“${t}” is neither a tool category nor a valid regular expression.`);
    }
  }
  const when: Record<string, unknown> = { type: input.trigger };
  if (FILE_TRIGGERS.has(input.trigger) || (input.trigger === 'userTriggered' && input.patterns.length)) when.patterns = input.patterns;
  if (TOOL_TRIGGERS.has(input.trigger)) when.toolTypes = input.toolTypes;
  const then: Record<string, unknown> = input.action.type === 'askAgent' ? { type: 'askAgent', prompt: input.action.prompt } : { type: 'runCommand', command: input.action.command, ...(input.action.timeout ? { timeout: input.action.timeout } : {}) };
  const text = `${JSON.stringify({ enabled: true, name: input.name, ...(input.description?.trim() ? { description: input.description.trim() } : {}), version: '1', when, then }, null, 2)}\n`;
  // Our own writer must produce a hook our own reader runs.
  const parsed = parseHookFile(text, 'new.kiro.hook');
  if (parsed.hooks.length !== 1) throw new RpcError('INTERNAL', `The new hook would not load: ${parsed.invalid[0]?.reason ?? 'unknown reason'}`);
  return text;
}

/** A free `.kiro/hooks/<slug>[-n].kiro.hook` in the workspace. */
export function freeHookPath(root: string, name: string): string {
  const slug = hookSlug(name);
  for (let i = 1; i < 1000; i++) {
    const rel = `${HOOKS_DIR}/${slug}${i > 1 ? `-${i}` : ''}.kiro.hook`;
    if (!existsSync(path.join(root, rel))) return rel;
  }
  throw new RpcError('CONFLICT', `Too many hooks named ${slug}.`);
}

// ── templates ──

export interface HookTemplate {
  id: string;
  title: string;
  description: string;
  hooks: { file: string; hook: NewHook }[];
  /** Trust rules added to the workspace with the template (said in its description), so its commands run without asking. */
  trust: string[];
}

const SCAN_NOTE = 'Uses Specwright’s built-in scanner (`specwright hooks scan-secrets`, on PATH for hook commands).';

export const HOOK_TEMPLATES: HookTemplate[] = [
  {
    id: 'secret-scan',
    title: 'Secret scan',
    description:
      'Blocks a `git commit` whose staged changes hold credentials (AWS keys, private keys, bearer and API tokens, passwords in URLs, high-entropy values in assignments) and agent writes that would put one in a config file, with the finding’s file and line; warns when a saved config file holds one. Adds the trust rule `specwright hooks scan-secrets *` to this workspace so the scan runs without asking.',
    trust: ['specwright hooks scan-secrets *'],
    hooks: [
      {
        file: 'secret-scan-commit.kiro.hook',
        hook: {
          name: 'Secret scan: before commit',
          description: `Before the agent runs a shell command that is a git commit, scans what the commit adds and blocks it on a finding. ${SCAN_NOTE}`,
          trigger: 'preToolUse',
          patterns: [],
          toolTypes: ['shell'],
          action: { type: 'runCommand', command: 'specwright hooks scan-secrets --staged', timeout: 60 },
        },
      },
      {
        file: 'secret-scan-write.kiro.hook',
        hook: {
          name: 'Secret scan: agent writes',
          description: `Before the agent writes a config-like file, scans the new content and blocks the write on a finding. ${SCAN_NOTE}`,
          trigger: 'preToolUse',
          patterns: [],
          toolTypes: ['write'],
          action: { type: 'runCommand', command: 'specwright hooks scan-secrets --tool-input', timeout: 30 },
        },
      },
      {
        file: 'secret-scan-save.kiro.hook',
        hook: {
          name: 'Secret scan: config files',
          description: `When a config-like file is saved, scans it and warns with the location of each finding. ${SCAN_NOTE}`,
          trigger: 'fileEdited',
          patterns: CONFIG_PATTERNS,
          toolTypes: [],
          action: { type: 'runCommand', command: 'specwright hooks scan-secrets', timeout: 30 },
        },
      },
    ],
  },
];
