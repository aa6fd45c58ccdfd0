import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TerminalOutput } from '../../shared/contract/terminal';
import { SettingsService, userSettingsFile } from '../settings/settings-service';
import { WorkspaceFiles } from '../workspace/files';
import { IgnoreRules } from '../workspace/ignore-rules';
import { makeTempTree } from '../workspace/test-support';
import type { TerminalSession } from './session';
import { TerminalService, type TerminalServiceOptions, type TerminalWorkspace } from './terminal-service';

/** A plain bash with a fixed prompt, so that tests do not depend on anyone's ~/.bashrc. */
export const TEST_SHELL = { shell: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: 'PROMPT$ ', HISTFILE: '/dev/null' } };

/**
 * A real workspace folder with the real settings service (user settings written to a
 * real data folder) and real confined file access — what the terminal service uses.
 */
export async function makeTerminalWorkspace(terminalSettings: Record<string, unknown> = TEST_SHELL, files: Record<string, string> = {}): Promise<TerminalWorkspace> {
  const root = await makeTempTree(files, 'sw-term-ws-');
  const data = await makeTempTree({}, 'sw-term-data-');
  await mkdir(path.dirname(userSettingsFile(data)), { recursive: true });
  await writeFile(userSettingsFile(data), JSON.stringify({ terminal: terminalSettings }));
  return { root, settings: new SettingsService(data, root), files: new WorkspaceFiles(root, new IgnoreRules(root, { files: ['.gitignore'] })) };
}

export async function makeService(terminalSettings?: Record<string, unknown>, options?: TerminalServiceOptions, files?: Record<string, string>) {
  const ws = await makeTerminalWorkspace(terminalSettings, files);
  return new TerminalService(ws, options);
}

/**
 * A view of one terminal as the renderer has it: subscribed to its output, acknowledging
 * what it "processed", with everything it received in `text`.
 */
export function watch(session: TerminalSession, options: { ack?: boolean } = {}) {
  const view = {
    text: '',
    events: [] as TerminalOutput[],
    exit: null as Extract<TerminalOutput, { type: 'exit' }> | null,
    stream: 0,
    /** Waits until the received text matches `pattern` (from `from` on). */
    async until(pattern: RegExp | string, timeoutMs = 10_000, from = 0): Promise<string> {
      const start = Date.now();
      const test = () => (typeof pattern === 'string' ? view.text.indexOf(pattern, from) >= 0 : pattern.test(view.text.slice(from)));
      while (!test()) {
        if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${pattern} in terminal output:\n${JSON.stringify(view.text.slice(-2000))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return view.text;
    },
    async exited(timeoutMs = 10_000) {
      const start = Date.now();
      while (!view.exit) {
        if (Date.now() - start > timeoutMs) throw new Error('Timed out waiting for the terminal to exit');
        await new Promise((r) => setTimeout(r, 10));
      }
      return view.exit;
    },
    dispose: () => {},
  };
  const sub = session.output.subscribe((e) => {
    view.events.push(e);
    if (e.type === 'exit') view.exit = e;
    else {
      if (e.type === 'replay') {
        view.stream = e.stream;
        if (e.reset) view.text = '';
      }
      view.text += e.data;
      if (options.ack !== false) session.output.ack(view.stream, e.data.length);
    }
  });
  view.dispose = sub.dispose;
  return view;
}
