import { Fzf } from 'fzf';
import { truncateMiddle } from '../../../shared/agent/fit';
import { numbered } from '../tools/read-file';
import { fetchText, parseHttpUrl } from '../tools/fetch-url';
import { formatMatches } from '../tools/search-engine';
import { toolPath } from '../tools/paths';
import type { ToolWorkspace } from '../tools/types';
import { gitDiffProvider } from './git-diff';
import { placeholderProvider, type ContextProvider, type Suggestion } from './registry';

/** One `#` item may bring at most this much text; the whole message's context is bounded by the window fit. */
export const ITEM_MAX_CHARS = 120_000;

const fence = (text: string, lang = '') => {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
};
const langOf = (p: string) => /\.([a-z0-9]+)$/i.exec(p)?.[1]?.toLowerCase() ?? '';

function fuzzy(items: string[], query: string, limit = 30): Suggestion[] {
  if (!query) return items.slice(0, limit).map((v) => ({ value: v, label: v }));
  return new Fzf(items, { limit, casing: 'smart-case' }).find(query).map((r) => ({ value: r.item, label: r.item }));
}

function foldersOf(files: string[]): string[] {
  const set = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
  }
  return [...set].sort();
}

async function fileText(ws: ToolWorkspace, given: string, maxChars: number): Promise<{ rel: string; text: string; lines: number; truncated: boolean }> {
  const { rel } = await toolPath(ws, given);
  const r = await ws.files.read(rel);
  if (r.kind !== 'text') throw new Error(r.notice);
  const lines = r.text.split('\n').length;
  const t = truncateMiddle(numbered(r.text.replace(/\n$/, '').split(/\r?\n/), 1), maxChars, 'of this file');
  return { rel, text: t.text, lines, truncated: t.truncated };
}

export const fileProvider: ContextProvider = {
  id: 'file',
  label: 'file',
  description: 'A file of the workspace, with line numbers',
  argument: 'file',
  async suggest(query, env) {
    return fuzzy((await env.ws.listFiles()).files, query);
  },
  async resolve(ref, env) {
    if (!ref.arg) throw new Error('Name a file: #file path/to/file');
    const f = await fileText(env.ws, ref.arg, ITEM_MAX_CHARS);
    return { title: `${f.rel} (${f.lines} lines${f.truncated ? ', cut' : ''})`, text: fence(f.text, langOf(f.rel)), files: [f.rel] };
  },
};

export const folderProvider: ContextProvider = {
  id: 'folder',
  label: 'folder',
  description: 'A folder: its file list and the text of its files (as much as fits)',
  argument: 'folder',
  async suggest(query, env) {
    return fuzzy(foldersOf((await env.ws.listFiles()).files), query);
  },
  async resolve(ref, env) {
    const { rel } = await toolPath(env.ws, ref.arg ?? '.');
    const all = (await env.ws.listFiles()).files.filter((f) => !rel || f.startsWith(`${rel}/`));
    if (!all.length) throw new Error(`'${rel || '.'}' has no files (ignored files are left out).`);
    const parts = [`Files in ${rel || 'the workspace'} (${all.length}):\n${all.slice(0, 400).join('\n')}${all.length > 400 ? `\n… ${all.length - 400} more` : ''}`];
    let budget = ITEM_MAX_CHARS - parts[0]!.length;
    const included: string[] = [];
    for (const f of all) {
      if (budget < 2000) break;
      try {
        const t = await fileText(env.ws, f, Math.min(budget, 30_000));
        const block = `${f}\n${fence(t.text, langOf(f))}`;
        budget -= block.length;
        parts.push(block);
        included.push(f);
      } catch {
        // binary or unreadable files are listed above, not included
      }
    }
    const left = all.length - included.length;
    if (left) parts.push(`[${left} files are listed but not included, to keep the context small; read them with read_file.]`);
    return { title: `${rel || '.'}/ (${all.length} files, ${included.length} included)`, text: parts.join('\n\n'), files: included };
  },
};

const STOP = new Set('the a an and or of to in on for with is are be this that it as at by from how what where which why who does do can should would could please me my i you we our your file files code'.split(' '));

/** The words of a message worth searching for: identifiers and longer words, most specific first. */
export function searchTerms(text: string): string[] {
  const words = [...new Set(text.match(/[A-Za-z_][A-Za-z0-9_.]{2,}/g) ?? [])].map((w) => w.replace(/\.$/, '')).filter((w) => !STOP.has(w.toLowerCase()));
  return words.sort((a, b) => Number(/[A-Z_.]/.test(b)) - Number(/[A-Z_.]/.test(a)) || b.length - a.length).slice(0, 6);
}

export const codebaseProvider: ContextProvider = {
  id: 'codebase',
  label: 'codebase',
  description: 'Search the workspace (ripgrep) for what the message is about and include the best matches',
  argument: 'query',
  async resolve(ref, env) {
    const query = ref.arg?.trim() || env.message;
    const terms = searchTerms(query);
    if (!terms.length) throw new Error('Nothing to search for: write what you are looking for after #codebase, or in the message.');
    const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const r = await env.search.search(env.ws, { query: escaped.join('|'), path: '', regex: true, maxResults: env.limits.searchMaxResults, signal: env.signal });
    if (r.error) throw new Error(r.error);
    // Rank files by how many different terms they match, then by matches.
    const byFile = new Map<string, { terms: Set<string>; lines: typeof r.matches }>();
    for (const m of r.matches) {
      const f = byFile.get(m.path) ?? { terms: new Set<string>(), lines: [] };
      for (const t of terms) if (m.text.toLowerCase().includes(t.toLowerCase())) f.terms.add(t);
      f.lines.push(m);
      byFile.set(m.path, f);
    }
    const ranked = [...byFile].sort((a, b) => b[1].terms.size - a[1].terms.size || b[1].lines.length - a[1].lines.length).slice(0, 12);
    const text = ranked.length
      ? formatMatches({ ...r, matches: ranked.flatMap(([, f]) => f.lines.slice(0, 8)) })
      : `No matches for ${terms.join(', ')}.`;
    const note = r.note ? `\n\n[${r.note}]` : '';
    return { title: `codebase search: ${terms.join(', ')} (${ranked.length} files)`, text: `Search terms: ${terms.join(', ')}\n${text}${note}`, files: ranked.map(([f]) => f) };
  },
};

export const terminalProvider: ContextProvider = {
  id: 'terminal',
  label: 'terminal',
  description: 'The last 100 lines of the active terminal',
  argument: 'none',
  async resolve(_ref, env) {
    if (!env.terminal) throw new Error('There is no terminal to read.');
    const t = await env.terminal.recent(100);
    if (!t) throw new Error('No terminal is open.');
    return { title: `terminal "${t.name}" (last ${t.text.split('\n').length} lines)`, text: fence(t.text) };
  },
};

export const problemsProvider: ContextProvider = {
  id: 'problems',
  label: 'problems',
  description: 'Errors and warnings in the open files (the editor\'s markers)',
  argument: 'none',
  renderer: true,
  async resolve(ref) {
    const text = ref.text?.trim();
    if (!text) return { title: 'problems (none)', text: 'No problems are reported in the open files.' };
    const count = text.split('\n').length;
    return { title: `problems (${count})`, text: truncateMiddle(text, ITEM_MAX_CHARS, 'of the problem list').text };
  },
};

export const urlProvider: ContextProvider = {
  id: 'url',
  label: 'url',
  description: 'The text of a web page',
  argument: 'url',
  async resolve(ref, env) {
    const url = parseHttpUrl(ref.arg ?? '');
    const r = await fetchText(url, { maxBytes: env.limits.fetchMaxBytes, signal: env.signal });
    if (r.status >= 400) throw new Error(`${r.finalUrl} answered HTTP ${r.status}.`);
    const t = truncateMiddle(r.text, ITEM_MAX_CHARS, 'of the page');
    return { title: `${r.finalUrl}${t.truncated ? ' (cut)' : ''}`, text: t.text };
  },
};

export const BUILTIN_CONTEXT_PROVIDERS: ContextProvider[] = [
  fileProvider,
  folderProvider,
  codebaseProvider,
  terminalProvider,
  problemsProvider,
  gitDiffProvider,
  urlProvider,
  placeholderProvider('spec', 'spec', 'A spec\'s requirements, design and tasks', 'The specs feature has not registered #spec yet.'),
  placeholderProvider('steering', 'steering', 'A steering file', 'The steering feature has not registered #steering yet.'),
  placeholderProvider('mcp', 'mcp', 'A resource of an MCP server', 'No MCP server offers resources yet.'),
];
