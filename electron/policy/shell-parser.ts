import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import type { ParsedCommandLine, ShNode, StrictFacts } from '../../shared/policy/syntax';

/**
 * Parses command lines with two real shell grammars and returns plain data for the pure
 * policy code:
 *  - tree-sitter-bash (WASM) gives the typed tree the structure check walks;
 *  - mvdan/sh (sh-syntax, WASM) is the strict second opinion: it rejects what bash would
 *    reject, and its top-level statements must agree with tree-sitter's (sh-syntax only
 *    exposes statements and redirections, not the commands inside them).
 * Both load once; after that a parse costs microseconds (tree-sitter) plus one Go
 * runtime start (sh-syntax).
 */

/** Longer command lines are refused before parsing: nobody reviews 256 KB of shell. */
export const MAX_COMMAND_LENGTH = 256 * 1024;

const require = createRequire(import.meta.url);

type ShProcessor = (text: string, options?: { keepComments?: boolean }) => Promise<ShFile>;
interface ShPos {
  Offset: number;
}
interface ShFile {
  Stmts?: { Pos: ShPos; End: ShPos; Background: boolean; Redirs: { Op: string }[] }[];
}

export interface ShellParser {
  parse(line: string): Promise<ParsedCommandLine>;
}

let loading: Promise<ShellParser> | null = null;

/** The process-wide parser, loaded on first use. */
export function loadShellParser(): Promise<ShellParser> {
  loading ??= createShellParser().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

async function createShellParser(): Promise<ShellParser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const bashWasm = path.join(path.dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm');
  const bash = await Language.load(readFileSync(bashWasm));
  const parser = new Parser();
  parser.setLanguage(bash);
  const strict = await loadStrictProcessor();

  return {
    async parse(line) {
      if (line.length > MAX_COMMAND_LENGTH) {
        return {
          source: line,
          tree: null,
          treeError: null,
          strict: null,
          strictError: `the line is ${line.length} characters long, over the ${MAX_COMMAND_LENGTH}-character limit`,
        };
      }
      const { tree, error: treeError } = parseTree(parser, line);
      const { facts, error } = await strictFacts(strict, line);
      return { source: line, tree, treeError, strict: facts, strictError: error };
    },
  };
}

/** Deeper trees (thousands of chained commands) are refused rather than walked. */
export const MAX_TREE_DEPTH = 1000;

class TooDeep extends Error {}

function parseTree(parser: TsParser, line: string): { tree: ShNode | null; error: string | null } {
  const tree = parser.parse(line);
  if (!tree) return { tree: null, error: 'the shell grammar could not run' };
  try {
    return { tree: convert(tree.rootNode, null, line, 0), error: null };
  } catch (e) {
    if (e instanceof TooDeep) return { tree: null, error: `the line nests or chains commands more than ${MAX_TREE_DEPTH} levels deep` };
    throw e;
  } finally {
    tree.delete();
  }
}

/** Copies tree-sitter's tree into plain objects (its nodes live in WASM memory). */
function convert(node: TsNode, field: string | null, source: string, depth: number): ShNode {
  if (depth > MAX_TREE_DEPTH) throw new TooDeep();
  const children: ShNode[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child) children.push(convert(child, node.fieldNameForChild(i), source, depth + 1));
  }
  return {
    type: node.type,
    named: node.isNamed,
    field,
    start: node.startIndex,
    end: node.endIndex,
    text: source.slice(node.startIndex, node.endIndex),
    ...(node.isMissing ? { missing: true } : {}),
    children,
  };
}

/**
 * The Go runtime never frees the result buffers it hands back, and its garbage collector
 * rescans everything still held on each allocation once its heap is full: after about a
 * thousand parses of long lines, every parse took seconds. So a fresh runtime replaces it
 * after this many parses or once this many result bytes have been left behind, whichever
 * comes first.
 */
const PARSES_PER_INSTANCE = 2000;
const LEAKED_BYTES_PER_INSTANCE = 8 * 1024 * 1024;

interface GoExports {
  memory: WebAssembly.Memory;
  wasmAlloc(size: number): number;
  wasmFree(pointer: number): void;
  process(...args: (number | boolean)[]): number;
}

/**
 * mvdan/sh through sh-syntax's WASM build. sh-syntax's own `parse` starts a new Go runtime
 * for every call (about 4 ms); this keeps one instance and calls its exported `process`
 * directly with the arguments sh-syntax 0.7.0 passes (the version is pinned exactly), so a
 * parse costs about 0.1 ms. If the exports ever differ, it falls back to sh-syntax's API.
 */
async function loadStrictProcessor(): Promise<ShProcessor> {
  const shSyntax = (await import('sh-syntax')) as unknown as {
    getProcessor: (w: (imports: WebAssembly.Imports) => Promise<WebAssembly.Instance>) => ShProcessor;
  };
  const wasm = readFileSync(path.join(path.dirname(require.resolve('sh-syntax/package.json')), 'main.wasm'));
  const module = await WebAssembly.compile(wasm);
  const Go = (globalThis as unknown as { Go: new () => { importObject: WebAssembly.Imports; run(i: WebAssembly.Instance): Promise<void> } }).Go;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let exports: GoExports | null = null;
  let uses = 0;
  let leaked = 0;
  const start = async () => {
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    void go.run(instance);
    const e = instance.exports as unknown as GoExports;
    if (typeof e.process !== 'function' || typeof e.wasmAlloc !== 'function' || !(e.memory instanceof WebAssembly.Memory)) return null;
    uses = 0;
    leaked = 0;
    return e;
  };
  const call = (e: GoExports, text: string): ShFile => {
    const put = (bytes: Uint8Array) => {
      const pointer = e.wasmAlloc(bytes.byteLength);
      new Uint8Array(e.memory.buffer).set(bytes, pointer);
      return pointer;
    };
    const name = encoder.encode('');
    const body = encoder.encode(text);
    const stop = encoder.encode('');
    const [a, b, c] = [put(name), put(body), put(stop)];
    // filepath, text, print=false, keepComments=false, variant=bash, stopAt, recoverErrors=0, then printer options.
    const result = e.process(a, name.byteLength, name.byteLength, b, body.byteLength, body.byteLength, false, false, 1, c, stop.byteLength, stop.byteLength, 0, false, 2, true, true, true, false, false, false, false);
    e.wasmFree(a);
    e.wasmFree(b);
    e.wasmFree(c);
    const bytes = new Uint8Array(e.memory.buffer).subarray(result);
    const end = bytes.indexOf(0);
    leaked += end + 1;
    const json = decoder.decode(bytes.subarray(0, end));
    const out = JSON.parse(json) as { file: ShFile; parseError?: { Text: string; Pos?: { Line: number; Col: number } } | null; message?: string };
    if (out.parseError || out.message) throw Object.assign(new Error(out.parseError?.Text ?? out.message), out.parseError ? { Pos: out.parseError.Pos } : {});
    return out.file;
  };
  exports = await start();
  // Self-test: the fast path must give the same facts as sh-syntax's own API, or it is not used.
  if (exports) {
    try {
      const probe = call(exports, 'a & b > c');
      if (probe.Stmts?.length !== 2 || !probe.Stmts[0]!.Background || probe.Stmts[1]!.Redirs[0]?.Op !== '>') exports = null;
    } catch {
      exports = null;
    }
  }
  if (!exports) return shSyntax.getProcessor((imports) => WebAssembly.instantiate(module, imports));
  return async (text) => {
    if (++uses > PARSES_PER_INSTANCE || leaked > LEAKED_BYTES_PER_INSTANCE || !exports) exports = (await start()) ?? exports;
    return call(exports!, text);
  };
}

async function strictFacts(processor: ShProcessor, line: string): Promise<{ facts: StrictFacts | null; error: string | null }> {
  try {
    const file = await processor(line, { keepComments: false });
    const toIndex = byteToIndex(line);
    return {
      facts: {
        statements: (file.Stmts ?? []).map((s) => ({
          start: toIndex(s.Pos.Offset),
          end: toIndex(s.End.Offset),
          background: s.Background,
          redirects: s.Redirs.map((r) => r.Op),
        })),
      },
      error: null,
    };
  } catch (e) {
    const err = e as { message?: string; Pos?: { Line: number; Col: number } };
    const where = err.Pos && err.Pos.Line > 0 ? ` (line ${err.Pos.Line}, column ${err.Pos.Col})` : '';
    return { facts: null, error: `${err.message ?? String(e)}${where}` };
  }
}

/** mvdan/sh counts UTF-8 bytes; JavaScript counts UTF-16 units. */
function byteToIndex(line: string): (byte: number) => number {
  if (![...line].some((c) => c.charCodeAt(0) > 0x7f)) return (b) => b;
  const map: number[] = [];
  let bytes = 0;
  for (let i = 0; i < line.length; i++) {
    const cp = line.codePointAt(i)!;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < len; k++) map[bytes + k] = i;
    bytes += len;
    if (cp >= 0x10000) i++;
  }
  map[bytes] = line.length;
  return (b) => map[b] ?? line.length;
}
