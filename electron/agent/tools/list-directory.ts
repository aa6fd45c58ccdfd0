import { z } from 'zod';
import type { Entry } from '../../../shared/contract/workspace';
import { formatBytes } from '../../workspace/files';
import { asToolError, toolPath } from './paths';
import type { AgentTool, ToolWorkspace } from './types';

const Input = z
  .object({
    path: z.string().default('.').describe('Folder relative to the workspace root; "." for the root.'),
    depth: z.number().int().min(1).max(5).optional().describe('How many levels to list (1–5). Default: 1.'),
  });

const MAX_ENTRIES = 500;
/** Folders listed by name but not entered: their content is rarely what the model needs and can be huge. */
const NOT_ENTERED = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'target', '.next', '.venv', 'venv', '__pycache__']);

async function walk(ws: ToolWorkspace, rel: string, depth: number, indent: string, out: string[], state: { count: number; cut: boolean }) {
  let entries: Entry[];
  try {
    entries = await ws.files.list(rel);
  } catch (e) {
    if (indent === '') throw asToolError(e);
    return;
  }
  for (const e of entries) {
    if (state.count >= MAX_ENTRIES) {
      state.cut = true;
      return;
    }
    state.count++;
    const mark = e.ignored ? ' (ignored)' : '';
    if (e.kind === 'dir') {
      const skip = NOT_ENTERED.has(e.name) || e.ignored;
      out.push(`${indent}${e.name}/${mark}${depth > 1 && skip ? ' (not listed)' : ''}`);
      if (depth > 1 && !skip) await walk(ws, e.path, depth - 1, `${indent}  `, out, state);
    } else {
      out.push(`${indent}${e.name}${e.size !== undefined ? ` (${formatBytes(e.size)})` : ''}${mark}`);
    }
  }
}

export const listDirectoryTool: AgentTool<z.infer<typeof Input>> = {
  name: 'list_directory',
  category: 'read',
  description: 'List the files and folders in a workspace folder (folders end with "/"), optionally several levels deep. Ignored entries (.gitignore) are marked.',
  input: Input,
  async prepare(input, ctx) {
    const { rel } = await toolPath(ctx.ws, input.path);
    const depth = input.depth ?? 1;
    return {
      action: { kind: 'read', path: rel || '.' },
      mutates: false,
      label: `list_directory ${rel || '.'}`,
      async execute() {
        const out: string[] = [];
        const state = { count: 0, cut: false };
        await walk(ctx.ws, rel, depth, '', out, state);
        const where = rel || '. (workspace root)';
        if (!out.length) return { content: `${where} is empty.`, summary: 'empty' };
        const note = state.cut ? `\n\n[Stopped after ${MAX_ENTRIES} entries; list a subfolder or use a smaller depth.]` : '';
        return { content: `${where}:\n${out.join('\n')}${note}`, summary: `${state.count} entries` };
      },
    };
  },
};
