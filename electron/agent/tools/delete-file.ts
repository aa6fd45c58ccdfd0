import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { lineStats, patchOf, readBefore } from './file-state';
import { asToolError, toolPath } from './paths';
import { ToolInputError, type AgentTool } from './types';

const Input = z.object({ path: z.string().min(1).describe('File path relative to the workspace root.') });

export const deleteFileTool: AgentTool<z.infer<typeof Input>> = {
  name: 'delete_file',
  category: 'write',
  description: 'Delete a file of the workspace (a checkpoint is taken first, so it can be restored).',
  input: Input,
  async prepare(input, ctx) {
    const { abs, rel } = await toolPath(ctx.ws, input.path);
    if (!rel) throw new ToolInputError('The workspace folder itself cannot be deleted.');
    const info = await lstat(abs).catch(() => null);
    if (!info) throw new ToolInputError(`'${rel}' does not exist.`);
    if (info.isDirectory()) throw new ToolInputError(`'${rel}' is a folder; delete_file deletes files only (use run_command for folders).`);
    const before = await readBefore(ctx.ws, rel, 'delete').catch(() => null);
    return {
      action: { kind: 'delete', path: rel },
      mutates: true,
      label: `Before delete_file ${rel}`,
      async execute() {
        try {
          await ctx.ws.files.delete(rel);
        } catch (e) {
          throw asToolError(e);
        }
        const { removed } = lineStats(before?.text ?? '', '');
        return { content: `Deleted ${rel}.`, summary: 'deleted', file: { path: rel, change: 'delete', added: 0, removed, ...(before?.text != null ? { patch: patchOf(rel, before.text, null) } : {}) } };
      },
    };
  },
};
