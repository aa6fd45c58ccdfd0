import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parse as parseJsonc, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SettingsIssue } from '../../shared/settings';
import { formatKey, isUserOnly, schemaAt, scopeIssues, type KeyPath, type Scope } from '../../shared/settings/validate';
import { RpcError } from '../../shared/rpc/errors';
import { KeyedLock } from '../host/keyed-lock';
import { writeFileAtomic } from '../workspace/atomic-write';
import { sha256 } from '../workspace/text-codec';
import type { Workspace } from '../workspace/workspace';
import { userSettingsFile, workspaceSettingsFile } from './settings-service';

/** A problem in a settings file's text, with where it is (1-based) for the JSON editor. */
export interface LocatedIssue extends SettingsIssue {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ScopeFile {
  scope: Scope;
  /** Absolute path. */
  file: string;
  /** How the person knows it: `~/.config/Specwright/settings.json`, `.kiro/settings/specwright.json`. */
  display: string;
  exists: boolean;
  text: string;
  /** sha256 of the bytes on disk; '' when the file does not exist. */
  hash: string;
}

const WORKSPACE_REL = '.kiro/settings/specwright.json';
/** Every edit of one settings file, from any window or workspace, waits for the one before it. */
const fileLocks = new KeyedLock();
const BOM = '\uFEFF';

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function range(text: string, offset: number, length: number) {
  const start = position(text, offset);
  const end = position(text, offset + Math.max(1, length));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Where the value (or, for a key no setting has, the key) an issue is about sits in the text. */
function locate(text: string, root: Node | undefined, issue: SettingsIssue): LocatedIssue {
  let path: KeyPath = issue.path ?? [];
  let node: Node | undefined;
  while (root && !(node = findNodeAtLocation(root, path)) && path.length) path = path.slice(0, -1);
  node ??= root;
  if (!node) return { ...issue, ...range(text, 0, 1) };
  // Point at the key of a property when the key itself is the problem (no such setting).
  const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const target = keyNode && /no such setting|only in your user settings/.test(issue.message) ? keyNode : node;
  return { ...issue, ...range(text, target.offset, target.length) };
}

export interface ParsedText {
  value: Record<string, unknown>;
  /** Syntax errors, and the schema's verdict on every value, each with its key and place. */
  issues: LocatedIssue[];
  /** The text is not a JSON object at all: no value in it can be edited in place. */
  unreadable: boolean;
}

/** Parses and validates a settings file's text as the host would load it. */
export function checkSettingsText(text: string, scope: Scope, file: string): ParsedText {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (!body.trim()) return { value: {}, issues: [], unreadable: false };
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(body, errors, { allowTrailingComma: true });
  if (errors.length) {
    return {
      value: {},
      issues: errors.slice(0, 20).map((e) => {
        const where = range(body, e.offset, e.length);
        return { scope, key: '', path: [], message: `${path.basename(file)}:${where.line}:${where.column}: ${printParseErrorCode(e.error)}`, ...where };
      }),
      unreadable: true,
    };
  }
  const root = parseTree(body, [], { allowTrailingComma: true });
  const issues = scopeIssues(value, scope).map((i) => locate(body, root, i));
  const isObject = !!value && typeof value === 'object' && !Array.isArray(value);
  return { value: isObject ? (value as Record<string, unknown>) : {}, issues, unreadable: !isObject };
}

/**
 * The two settings files of a connection: the user's (in the data folder, outside any
 * workspace) and, with a folder open, the workspace's. Edits keep the file's comments,
 * formatting and every other setting; a value the schema refuses is never written.
 */
export class SettingsFiles {
  constructor(
    private readonly dataDir: string,
    private readonly ws: Workspace | null,
    /** Called after the user's file was written: every open workspace reloads it. */
    private readonly afterUserWrite: () => void,
  ) {}

  fileOf(scope: Scope): string {
    if (scope === 'user') return userSettingsFile(this.dataDir);
    if (!this.ws) throw new RpcError('NO_WORKSPACE', 'No folder is open, so there are no workspace settings. Open a folder first (File › Open Folder).');
    return workspaceSettingsFile(this.ws.root);
  }

  display(scope: Scope): string {
    if (scope === 'workspace') return WORKSPACE_REL;
    return this.fileOf('user');
  }

  async read(scope: Scope): Promise<ScopeFile> {
    const file = this.fileOf(scope);
    try {
      const bytes = await readFile(file);
      return { scope, file, display: this.display(scope), exists: true, text: bytes.toString('utf8'), hash: sha256(bytes) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new RpcError('INTERNAL', `Cannot read ${file}: ${(e as Error).message}`);
      return { scope, file, display: this.display(scope), exists: false, text: '', hash: '' };
    }
  }

  private async write(scope: Scope, text: string, baseHash?: string): Promise<string> {
    const current = await this.read(scope);
    if (baseHash !== undefined && baseHash !== current.hash) {
      throw new RpcError('CONFLICT', `${current.display} was changed since you opened it (by another window, Run and trust, or another program). Reload it, then make your change again.`);
    }
    const bytes = Buffer.from(text, 'utf8');
    if (scope === 'workspace') {
      // Through the workspace's files, so the watcher knows the change is the host's own.
      await this.ws!.files.write(WORKSPACE_REL, text, text.startsWith(BOM) ? 'utf8bom' : 'utf8');
    } else {
      await writeFileAtomic(current.file, bytes);
      this.afterUserWrite();
    }
    return sha256(bytes);
  }

  /**
   * Saves a whole file (the JSON editor). Text that does not parse, or holds a value the
   * schema refuses, is not saved: the issues say which key and where.
   */
  async writeText(scope: Scope, text: string, baseHash?: string): Promise<{ saved: boolean; issues: LocatedIssue[]; hash: string | null }> {
    return fileLocks.run(this.fileOf(scope), () => this.writeTextNow(scope, text, baseHash));
  }

  private async writeTextNow(scope: Scope, text: string, baseHash?: string): Promise<{ saved: boolean; issues: LocatedIssue[]; hash: string | null }> {
    const checked = checkSettingsText(text, scope, this.fileOf(scope));
    if (checked.issues.length) return { saved: false, issues: checked.issues, hash: null };
    return { saved: true, issues: [], hash: await this.write(scope, text, baseHash) };
  }

  /**
   * Sets one value (`undefined` resets it to what applies without it), editing only that
   * spot of the file. Refused, with the key named and the file left alone, when the schema
   * says no, when the key is not a setting, or when the file cannot be parsed.
   */
  async setValue(scope: Scope, keyPath: KeyPath, value: unknown): Promise<void> {
    // Two quick changes (a select moved twice) both read the file; unserialized, the
    // slower write would put back what the faster one replaced.
    return fileLocks.run(this.fileOf(scope), () => this.setValueNow(scope, keyPath, value));
  }

  private async setValueNow(scope: Scope, keyPath: KeyPath, value: unknown): Promise<void> {
    const key = formatKey(keyPath);
    if (!keyPath.length || !schemaAt(keyPath)) throw new RpcError('BAD_REQUEST', `${key || 'The key'}: there is no such setting.`);
    if (scope === 'workspace' && isUserOnly(keyPath) && value !== undefined) {
      throw new RpcError('BAD_REQUEST', `${key}: can be set only in your user settings, not in a workspace's.`);
    }
    const current = await this.read(scope);
    const hadBom = current.text.startsWith(BOM);
    let text = hadBom ? current.text.slice(1) : current.text;
    if (!text.trim()) text = '{}\n';
    const before = checkSettingsText(text, scope, current.file);
    if (before.unreadable) {
      const first = before.issues[0]!;
      throw new RpcError('CONFLICT', `Cannot change ${key}: ${current.display} is not valid JSON (${first.message}). Fix the file first (Open Settings (JSON)); it was left unchanged.`);
    }
    const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' } };
    let next = applyEdits(text, modify(text, keyPath, value, options));
    // A reset that leaves an empty object behind (`"general": {}`) takes it away too.
    if (value === undefined) {
      for (let parent = keyPath.slice(0, -1); parent.length; parent = parent.slice(0, -1)) {
        const node = findNodeAtLocation(parseTree(next, [], { allowTrailingComma: true })!, parent);
        if (!node || node.type !== 'object' || node.children?.length) break;
        next = applyEdits(next, modify(next, parent, undefined, options));
      }
    }
    const after = checkSettingsText(next, scope, current.file);
    const old = new Set(before.issues.map((i) => i.message));
    const added = after.issues.filter((i) => !old.has(i.message));
    if (added.length) throw new RpcError('BAD_REQUEST', added.map((i) => i.message).join('\n'), { issues: added });
    if (next === text && current.exists) return;
    await this.write(scope, (hadBom ? BOM : '') + next, current.hash);
  }
}
