import type xtermHeadless from '@xterm/headless';

let loading: Promise<typeof xtermHeadless.Terminal> | null = null;
/**
 * xterm.js headless, loaded at the first render rather than with the host (it is an eighth of
 * the host's code). A CommonJS package: Node's ESM loader gives its exports as `default`;
 * code compiled to CommonJS (tsx running a script) gets them as the module itself.
 */
const loadTerminal = () =>
  (loading ??= import('@xterm/headless').then((m) => ((m as { default?: typeof xtermHeadless }).default ?? (m as unknown as typeof xtermHeadless)).Terminal));

/**
 * Terminal output as a person would read it on screen, as plain lines: escape sequences
 * interpreted (colours dropped, `\r` progress bars collapsed to their last state, cursor
 * movement and erasing applied) by xterm.js itself, headless, rather than by a regex that
 * would keep every frame of a progress bar. Soft-wrapped lines are joined again.
 */
export async function renderPlainText(raw: string, cols = 120): Promise<string[]> {
  if (!raw) return [];
  const Terminal = await loadTerminal();
  const lines = Math.max(1000, raw.length / Math.max(10, cols / 2));
  const term = new Terminal({ cols: Math.max(20, cols), rows: 50, scrollback: Math.min(200_000, Math.ceil(lines)), allowProposedApi: true });
  return new Promise((resolve) => {
    term.write(raw, () => {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i++) {
        const line = buffer.getLine(i);
        if (!line) continue;
        // Untrimmed, so that a space exactly at a soft wrap survives the join.
        const text = line.translateToString(false);
        if (line.isWrapped && out.length) out[out.length - 1] += text;
        else out.push(text);
      }
      for (let i = 0; i < out.length; i++) out[i] = out[i]!.trimEnd();
      while (out.length && out[out.length - 1] === '') out.pop();
      term.dispose();
      resolve(out);
    });
  });
}

/** Drops a partial first line: text cut from the middle of a stream may start inside a line or an escape sequence. */
export function fromLineStart(raw: string): string {
  const nl = raw.indexOf('\n');
  return nl >= 0 ? raw.slice(nl + 1) : raw;
}
