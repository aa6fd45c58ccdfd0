import { COMMAND_RUNNERS, FIND_EXEC, INTERPRETERS, isDangerousEnvName } from './catalog';
import { namedChildren, walk, type ParsedCommandLine, type ShNode } from './syntax';
import { staticWord } from './words';

/**
 * Structure analysis of a parsed command line: the simple commands in it, and everything
 * that puts it outside the structure a trust rule may approve (substitutions, background
 * jobs, writes through redirections, wrappers that run other commands, …). A line with
 * any blocker goes to a person, whatever the rules say.
 */

export type BlockerKind =
  | 'unparseable'
  | 'grammars-disagree'
  | 'empty'
  | 'substitution'
  | 'background'
  | 'subshell'
  | 'compound'
  | 'function'
  | 'declaration'
  | 'runner'
  | 'interpreter-input'
  | 'write-redirect'
  | 'dynamic-word'
  | 'assignment'
  | 'unknown-syntax';

export interface Blocker {
  kind: BlockerKind;
  /** Plain words for the approval prompt. */
  message: string;
  start: number;
  end: number;
}

export interface Word {
  start: number;
  end: number;
  /** The raw text as written. */
  text: string;
  /** The value bash gives it, or null when only running the line could tell. */
  value: string | null;
  glob: boolean;
}

export interface Assignment {
  name: string;
  value: string | null;
  start: number;
  end: number;
}

export interface Redirect {
  op: string;
  /** Target file (or fd) as a static value, null when dynamic. */
  target: string | null;
  writes: boolean;
  start: number;
  end: number;
}

/** One simple command: optional assignments, a program and its arguments, redirections. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  assignments: Assignment[];
  words: Word[];
  /** Static argv when every word is static; null otherwise. */
  argv: string[] | null;
  redirects: Redirect[];
  /** Nested inside a subshell, a function, a substitution, a loop…: never trusted by a rule. */
  nested: boolean;
  /** Receives another command's output through a pipe. */
  pipedInto: boolean;
}

export interface Operator {
  op: string;
  start: number;
  end: number;
}

export interface CommandAnalysis {
  source: string;
  segments: Segment[];
  blockers: Blocker[];
  operators: Operator[];
}

const WRITE_OPS = new Set(['>', '>>', '&>', '&>>', '>|', '<>']);
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);
const COMPOUND_TYPES: Record<string, string> = {
  compound_statement: 'a { … } group',
  if_statement: 'an if statement',
  while_statement: 'a loop',
  for_statement: 'a loop',
  c_style_for_statement: 'a loop',
  case_statement: 'a case statement',
  test_command: 'a [[ … ]] test',
};
const SEPARATORS = new Set([';', '&&', '||', '|', '|&', '&', '\n']);

export const basename = (program: string) => program.slice(program.lastIndexOf('/') + 1);

export function analyzeCommandLine(parsed: ParsedCommandLine): CommandAnalysis {
  const { source } = parsed;
  const result: CommandAnalysis = { source, segments: [], blockers: [], operators: [] };
  const block = (kind: BlockerKind, message: string, node?: { start: number; end: number }) => {
    result.blockers.push({ kind, message, start: node?.start ?? 0, end: node?.end ?? source.length });
  };

  if (parsed.strictError !== null || !parsed.strict) {
    block('unparseable', `The line is not valid shell: ${parsed.strictError ?? 'it could not be parsed'}.`);
  }
  const tree = parsed.tree;
  if (!tree) {
    if (parsed.treeError || parsed.strictError === null) block('unparseable', `The line could not be parsed: ${parsed.treeError ?? 'no syntax tree'}.`);
    return result;
  }
  for (const n of walk(tree)) {
    if (n.type === 'ERROR' || n.missing) {
      block('unparseable', `The shell grammar cannot make sense of ${n.text ? `'${clip(n.text)}'` : 'the line'}.`, n);
      break;
    }
  }
  for (const n of walk(tree)) {
    if (n.type === 'command_substitution') {
      block('substitution', `Runs a command inside another (${n.text.startsWith('`') ? 'backticks' : '$( … )'}): ${clip(n.text)}`, n);
    } else if (n.type === 'process_substitution') {
      block('substitution', `Runs a command through a process substitution: ${clip(n.text)}`, n);
    }
  }

  const ctx: VisitContext = { result, block, source, seen: new Set() };
  visitStatementList(tree, ctx, false);
  // What runs inside substitutions is shown and classified too (never trusted: it is nested).
  for (const n of walk(tree)) {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') visitStatementList(n, ctx, true);
  }

  if (result.segments.length === 0 && !result.blockers.some((b) => b.kind === 'unparseable')) {
    block('empty', 'There is no command to run.');
  }
  if (parsed.strict) crossCheck(tree, parsed, block);
  // A word that is a substitution is already explained by the substitution itself.
  const substitutions = result.blockers.filter((b) => b.kind === 'substitution');
  result.blockers = result.blockers.filter(
    (b) => b.kind !== 'dynamic-word' || !substitutions.some((s) => s.start < b.end && b.start < s.end),
  );
  return result;
}

interface VisitContext {
  result: CommandAnalysis;
  block: (kind: BlockerKind, message: string, node?: { start: number; end: number }) => void;
  source: string;
  /** Commands already listed (a here-document's pipeline can be reached twice). */
  seen: Set<ShNode>;
}

function visitStatementList(node: ShNode, ctx: VisitContext, nested: boolean) {
  for (const child of node.children) {
    if (!child.named) {
      noteOperator(child, ctx);
      continue;
    }
    visitStatement(child, ctx, nested, false);
  }
}

function noteOperator(token: ShNode, ctx: VisitContext) {
  if (!SEPARATORS.has(token.type)) return;
  ctx.result.operators.push({ op: token.type, start: token.start, end: token.end });
  if (token.type === '&') ctx.block('background', 'Starts a command in the background (&), where it keeps running unseen.', token);
}

function visitStatement(node: ShNode, ctx: VisitContext, nested: boolean, pipedInto: boolean): void {
  switch (node.type) {
    case 'comment':
    case 'ERROR':
      return;
    case 'list':
    case 'program':
      return visitStatementList(node, ctx, nested);
    case 'pipeline': {
      let first = true;
      for (const child of node.children) {
        if (!child.named) {
          noteOperator(child, ctx);
          continue;
        }
        visitStatement(child, ctx, nested, pipedInto || !first);
        first = false;
      }
      return;
    }
    case 'negated_command':
      for (const child of namedChildren(node)) visitStatement(child, ctx, nested, pipedInto);
      return;
    case 'redirected_statement':
      return visitRedirected(node, ctx, nested, pipedInto);
    case 'command':
      visitCommand(node, [], ctx, nested, pipedInto);
      return;
    case 'variable_assignment':
    case 'variable_assignments': {
      // A bare assignment changes the shell's state for the commands after it.
      const segment = emptySegment(node, ctx.source, nested, pipedInto);
      const assignments = node.type === 'variable_assignment' ? [node] : namedChildren(node);
      for (const a of assignments) segment.assignments.push(checkAssignment(a, ctx));
      ctx.result.segments.push(segment);
      return;
    }
    case 'subshell':
      ctx.block('subshell', `Runs commands in a subshell: ${clip(node.text)}`, node);
      return collectNested(node, ctx);
    case 'function_definition':
      ctx.block('function', `Defines a shell function: ${clip(node.text)}`, node);
      return collectNested(node, ctx);
    case 'declaration_command':
    case 'unset_command':
      ctx.block('declaration', `Changes shell variables for the commands that follow: ${clip(node.text)}`, node);
      return;
    case 'heredoc_body':
    case 'heredoc_start':
    case 'heredoc_end':
      return;
    default: {
      const what = COMPOUND_TYPES[node.type];
      if (what) ctx.block('compound', `Contains ${what}: ${clip(node.text)}`, node);
      else ctx.block('unknown-syntax', `Contains shell syntax the policy does not approve on its own: ${clip(node.text)}`, node);
      return collectNested(node, ctx);
    }
  }
}

/**
 * Inside a structure no rule can approve (loops, groups, functions), every command is
 * still listed, so that the person sees it and the risk check classifies it.
 */
function collectNested(node: ShNode, ctx: VisitContext) {
  for (const n of walk(node)) if (n.type === 'command' && n !== node) visitCommand(n, [], ctx, true, false);
}

/** `body > file`: the redirections belong to the body's command. */
function visitRedirected(node: ShNode, ctx: VisitContext, nested: boolean, pipedInto: boolean) {
  const body = node.children.find((c) => c.field === 'body');
  const redirects = node.children.filter((c) => c.field === 'redirect' || c.type.endsWith('_redirect'));
  if (body?.type === 'command') {
    visitCommand(body, redirects, ctx, nested, pipedInto);
    return;
  }
  if (body) visitStatement(body, ctx, nested, pipedInto);
  // Redirections of a pipeline or group: writing or feeding input to a compound is never trusted.
  for (const r of redirects) {
    const info = readRedirect(r, ctx);
    if (info.redirect.writes) ctx.block('write-redirect', `Writes the output to ${info.redirect.target ?? 'a file whose name is computed'}.`, r);
    else if (r.type !== 'file_redirect') ctx.block('interpreter-input', `Feeds input to a group of commands: ${clip(r.text)}`, r);
    for (const inner of info.statements) visitStatement(inner, ctx, nested, true);
    if (info.extraWords.length) ctx.block('unknown-syntax', `Words after a redirection of a group: ${clip(r.text)}`, r);
  }
}

function emptySegment(node: ShNode, source: string, nested: boolean, pipedInto: boolean): Segment {
  return { start: node.start, end: node.end, text: source.slice(node.start, node.end), assignments: [], words: [], argv: [], redirects: [], nested, pipedInto };
}

function toWord(node: ShNode): Word {
  const s = staticWord(node);
  return { start: node.start, end: node.end, text: node.text, value: s?.value ?? null, glob: s?.glob ?? false };
}

function checkAssignment(node: ShNode, ctx: VisitContext): Assignment {
  const nameNode = node.children.find((c) => c.field === 'name');
  const valueNode = node.children.find((c) => c.field === 'value');
  const name = nameNode?.text ?? node.text.split('=')[0] ?? '';
  const value = valueNode ? staticWord(valueNode)?.value ?? null : node.text.endsWith('=') ? '' : null;
  if (!nameNode || nameNode.type !== 'variable_name') {
    ctx.block('assignment', `Assigns to '${clip(name)}', which is not a plain variable.`, node);
  } else if (isDangerousEnvName(name)) {
    ctx.block('assignment', `Sets ${name}, which changes which program runs or what it loads.`, node);
  } else if (value === null) {
    ctx.block('assignment', `Sets ${name} to a value computed when the line runs: ${clip(node.text)}`, node);
  }
  return { name, value, start: node.start, end: node.end };
}

interface RedirectInfo {
  redirect: Redirect;
  /** tree-sitter-bash parses `cmd > out more words` with the words as extra destinations: they are arguments. */
  extraWords: ShNode[];
  /** Commands the grammar placed inside a here-document redirect (`cat <<EOF | sh`). */
  statements: ShNode[];
}

function readRedirect(r: ShNode, ctx: VisitContext): RedirectInfo {
  const opToken = r.children.find((c) => !c.named && /[<>]/.test(c.type));
  const op = opToken?.type ?? (r.type === 'heredoc_redirect' ? '<<' : r.type === 'herestring_redirect' ? '<<<' : '?');
  const destinations = r.children.filter((c) => c.field === 'destination');
  const statements = r.children.filter((c) => c.named && ['pipeline', 'command', 'list', 'redirected_statement'].includes(c.type));
  let target: string | null = null;
  let writes = false;
  if (r.type === 'file_redirect') {
    const dest = destinations[0];
    target = dest ? staticWord(dest)?.value ?? null : null;
    const fdDup = (op === '>&' || op === '<&') && target !== null && /^(\d+|-)$/.test(target);
    writes = WRITE_OPS.has(op) || (op === '>&' && !fdDup);
    if (writes && target !== null && HARMLESS_TARGETS.has(target)) writes = false;
    if (dest && target === null) ctx.block('write-redirect', `Redirects to a file whose name is computed when the line runs: ${clip(dest.text)}`, dest);
  }
  return {
    redirect: { op, target, writes, start: r.start, end: r.end },
    extraWords: destinations.slice(1),
    statements,
  };
}

function visitCommand(node: ShNode, outerRedirects: ShNode[], ctx: VisitContext, nested: boolean, pipedInto: boolean) {
  if (ctx.seen.has(node)) return;
  ctx.seen.add(node);
  const segment = emptySegment(node, ctx.source, nested, pipedInto);
  const wordNodes: ShNode[] = [];
  const redirectNodes: ShNode[] = [];
  for (const c of node.children) {
    // Tokens filling a word slot (the `$` of `$"…"`) are words too: never skip what bash will read.
    if (!c.named && c.field !== 'argument' && c.field !== 'name') continue;
    if (c.type === 'variable_assignment') segment.assignments.push(checkAssignment(c, ctx));
    else if (c.field === 'name' || c.field === 'argument') wordNodes.push(c);
    else if (c.type.endsWith('_redirect')) redirectNodes.push(c);
    else if (c.type !== 'comment') wordNodes.push(c);
  }
  const afterStatements: ShNode[] = [];
  for (const r of [...redirectNodes, ...outerRedirects]) {
    const info = readRedirect(r, ctx);
    segment.redirects.push(info.redirect);
    wordNodes.push(...info.extraWords);
    afterStatements.push(...info.statements);
    segment.end = Math.max(segment.end, r.end);
  }
  wordNodes.sort((a, b) => a.start - b.start);
  segment.words = wordNodes.map(toWord);
  segment.text = ctx.source.slice(segment.start, segment.end);
  const dynamic = segment.words.filter((w) => w.value === null);
  for (const w of dynamic) {
    if (!w.text.startsWith('$(') && !w.text.startsWith('`')) {
      ctx.block('dynamic-word', `Uses a value only known when the line runs (${clip(w.text)}), so what runs cannot be shown exactly.`, w);
    }
  }
  segment.argv = dynamic.length ? null : segment.words.map((w) => w.value!);
  ctx.result.segments.push(segment);
  checkProgram(segment, ctx);
  // Statements the grammar hung under a here-document continue the pipeline.
  for (const s of afterStatements) visitStatement(s, ctx, nested, true);
}

/** Programs that run other programs, or read code from their input. */
function checkProgram(segment: Segment, ctx: VisitContext) {
  const argv = segment.argv;
  const first = segment.words[0];
  if (!first) return;
  const program = first.value === null ? null : basename(first.value);
  if (program === null) return; // already blocked as dynamic
  const args = argv ? argv.slice(1) : [];
  if (COMMAND_RUNNERS.has(program) && !harmlessRunnerUse(program, args)) {
    ctx.block('runner', `'${program}' runs another command or script, which a trust rule cannot vouch for.`, first);
  }
  const feedsInput = segment.redirects.some((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<');
  if (INTERPRETERS.has(program) && (feedsInput || segment.pipedInto) && !hasScriptArgument(program, args)) {
    ctx.block('interpreter-input', `'${program}' runs code it reads from its input (${feedsInput ? 'a here-document' : 'a pipe'}).`, segment);
  }
  if (program === 'find') {
    const exec = args.find((a) => FIND_EXEC.has(a));
    if (exec) ctx.block('runner', `'find ${exec}' runs a command for every file it finds.`, segment);
    const writer = args.find((a) => ['-fprint', '-fprint0', '-fprintf', '-fls'].includes(a));
    if (writer) ctx.block('write-redirect', `'find ${writer}' writes to a file.`, segment);
  }
  if (program === 'tee') {
    const files = args.filter((a) => !a.startsWith('-') && !HARMLESS_TARGETS.has(a));
    if (files.length) ctx.block('write-redirect', `'tee' writes to ${files.join(', ')}.`, segment);
  }
  if (program === 'git') {
    const risky = args.findIndex((a) => a === '-c' || a.startsWith('--config-env') || a.startsWith('--exec-path') || a.startsWith('--upload-pack') || a.startsWith('--receive-pack'));
    if (risky >= 0) ctx.block('runner', `'git ${args[risky]}' can make git run another program.`, segment);
  }
  for (const r of segment.redirects) {
    if (r.writes) ctx.block('write-redirect', `Writes the output to ${r.target ?? 'a computed file name'}.`, r);
  }
}

function harmlessRunnerUse(program: string, args: string[]): boolean {
  // `env` on its own (or with -u/-0 options and assignments only) just prints the environment.
  if (program === 'env') return args.every((a) => a.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
  // `command -v name` only looks a program up.
  if (program === 'command') return args[0] === '-v' || args[0] === '-V';
  return false;
}

/** `python script.py` reads its code from the file, not from the pipe. */
function hasScriptArgument(program: string, args: string[]): boolean {
  if (['psql', 'mysql', 'sqlite3'].includes(program)) return false;
  const positional = args.filter((a) => !a.startsWith('-'));
  return positional.length > 0 && !positional.includes('-') && !args.includes('-c') && !args.includes('-e');
}

/** The two grammars must agree on the top-level statements, or a person decides. */
function crossCheck(tree: ShNode, parsed: ParsedCommandLine, block: VisitContext['block']) {
  const strict = parsed.strict!;
  const statements = tree.children.filter((c) => c.named && c.type !== 'comment');
  const background = new Set<number>();
  tree.children.forEach((c, i) => {
    if (!c.named && c.type === '&') {
      const prev = tree.children.slice(0, i).filter((x) => x.named && x.type !== 'comment').length - 1;
      background.add(prev);
    }
  });
  const strictBackground = new Set(strict.statements.flatMap((s, i) => (s.background ? [i] : [])));
  const agree =
    statements.length === strict.statements.length &&
    background.size === strictBackground.size &&
    [...background].every((i) => strictBackground.has(i));
  if (!agree) {
    block('grammars-disagree', 'Two shell grammars read this line differently, so what it does is uncertain.');
  }
}

export function clip(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
