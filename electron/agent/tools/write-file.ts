import { z } from 'zod';
import { lineStats, patchOf, plural, readBefore, writeChecked } from './file-state';
import { toolPath } from './paths';
import { ToolInputError, type AgentTool } from './types';

const Input = z
  .object({
    path: z.string().min(1).describe('File path relative to the workspace root. Missing folders are created.'),
    content: z.string().describe('The complete new content of the file.'),
  });

export const writeFileTool: AgentTool<z.infer<typeof Input>> = {
  name: 'write_file',
  category: 'write',
  description: 'Create a file, or replace all of its content. For a change to part of an existing file, prefer edit_file.',
  input: Input,
  async prepare(input, ctx) {
    const { rel } = await toolPath(ctx.ws, input.path);
    if (!rel) throw new ToolInputError('Name a file, not the workspace folder.');
    const before = await readBefore(ctx.ws, rel, 'write');
    // Keep the file's line endings when the model writes plain \n.
    const after = before.crlf && !input.content.includes('\r\n') ? input.content.replace(/\n/g, '\r\n') : input.content;
    return {
      action: { kind: 'write', path: rel, before: before.text, after },
      mutates: true,
      label: `Before write_file ${rel}`,
      async execute() {
        await writeChecked(ctx.ws, rel, after, before);
        const { added, removed } = lineStats(before.text, after);
        const lines = after === '' ? 0 : after.split('\n').length - (after.endsWith('\n') ? 1 : 0);
        return before.exists
          ? { content: `Wrote ${rel}: ${plural(lines, 'line')} (+${added} −${removed}).`, summary: `+${added} −${removed}`, file: { path: rel, change: 'edit', added, removed, patch: patchOf(rel, before.text, after) } }
          : { content: `Created ${rel} (${plural(lines, 'line')}).`, summary: `created, ${plural(lines, 'line')}`, file: { path: rel, change: 'create', added, removed: 0, patch: patchOf(rel, null, after) } };
      },
    };
  },
};
