/**
 * The parsed form of a command line that the pure policy code works on. The host parses
 * with two real shell grammars (tree-sitter-bash for the typed tree, mvdan/sh through
 * sh-syntax as a strict second opinion) and hands over plain data, so that everything
 * that decides stays pure, synchronous and testable.
 */

/** One node of tree-sitter-bash's concrete syntax tree, as plain data. */
export interface ShNode {
  type: string;
  /** Named nodes are grammar rules; anonymous ones are tokens such as `&&`, `|`, `;`, `&`. */
  named: boolean;
  /** The field this node fills in its parent (`name`, `argument`, `redirect`, `destination`, …). */
  field: string | null;
  /** Offsets into the command line, in UTF-16 code units (JavaScript string indices). */
  start: number;
  end: number;
  text: string;
  /** A node the parser invented to recover from an error. */
  missing?: boolean;
  children: ShNode[];
}

/** What mvdan/sh (the strict grammar) says about the top-level statements. */
export interface StrictFacts {
  statements: { start: number; end: number; background: boolean; redirects: string[] }[];
}

export interface ParsedCommandLine {
  source: string;
  /** tree-sitter-bash's tree, or null when that parser could not run. */
  tree: ShNode | null;
  /** Why there is no tree (e.g. nested too deeply), in words. */
  treeError: string | null;
  /** mvdan/sh's view, or null with `strictError` when it rejects the line. */
  strict: StrictFacts | null;
  /** Why the line is not valid shell, in words (first error, with its column). */
  strictError: string | null;
}

/** Every node of a tree, depth first (iteratively: trees can be deep). */
export function* walk(node: ShNode): Generator<ShNode> {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

export const namedChildren = (node: ShNode) => node.children.filter((c) => c.named);
