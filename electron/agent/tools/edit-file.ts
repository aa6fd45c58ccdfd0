import { z } from 'zod';
import { lineAt, noMatchMessage, occurrences, severalMatchesMessage } from './edit-match';
import { lineStats, patchOf, readBefore, writeChecked } from './file-state';
import { toolPath } from './paths';
import { ToolInputError, type AgentTool } from './types';

const Input = z
  .object({
    path: z.string().min(1).describe('File path relative to the workspace root.'),
    old_text: z.string().min(1).describe('Exact text to replace, including whitespace and indentation; it must occur exactly once unless occurrence is given.'),
    new_text: z.string().describe('The replacement text.'),
    occurrence: z.number().int().min(1).optional().describe('Which occurrence of old_text to replace (1-based), when it occurs more than once.'),
  });

export const editFileTool: AgentTool<z.infer<typeof Input>> = {
  name: 'edit_file',
  category: 'write',
  description:
    'Replace an exact piece of text in a file. old_text must match the file exactly (copy it from read_file without the line-number prefixes) and occur once; include a few surrounding lines to make it unique, or give occurrence. On no match, the error lists the nearest candidates with their line numbers.',
  input: Input,
  async prepare(input, ctx) {
    const { rel } = await toolPath(ctx.ws, input.path);
    const before = await readBefore(ctx.ws, rel, 'edit');
    if (!before.exists || before.text === null) throw new ToolInputError(`'${rel}' does not exist; use write_file to create it.`);
    const text = before.text;
    let oldText = input.old_text;
    let newText = input.new_text;
    let found = occurrences(text, oldText);
    if (!found.length && before.crlf && !oldText.includes('\r\n')) {
      // The file has Windows line endings and the model wrote plain \n: match and write in the file's style.
      oldText = oldText.replace(/\n/g, '\r\n');
      newText = newText.replace(/\r?\n/g, '\r\n');
      found = occurrences(text, oldText);
    }
    if (oldText === newText) throw new ToolInputError('old_text and new_text are the same: there is nothing to change.');
    if (!found.length) throw new ToolInputError(noMatchMessage(rel, text, input.old_text));
    let at: number;
    if (input.occurrence !== undefined) {
      if (input.occurrence > found.length) throw new ToolInputError(`occurrence ${input.occurrence} asked for, but old_text occurs ${found.length === 1 ? 'once' : `${found.length} times`} in ${rel}.`);
      at = found[input.occurrence - 1]!;
    } else if (found.length > 1) {
      throw new ToolInputError(severalMatchesMessage(rel, text, found));
    } else {
      at = found[0]!;
    }
    const after = text.slice(0, at) + newText + text.slice(at + oldText.length);
    const line = lineAt(text, at);
    return {
      action: { kind: 'write', path: rel, before: text, after },
      mutates: true,
      label: `Before edit_file ${rel}`,
      async execute() {
        await writeChecked(ctx.ws, rel, after, before);
        const { added, removed } = lineStats(text, after);
        return { content: `Edited ${rel} at line ${line} (+${added} −${removed}).`, summary: `+${added} −${removed}`, file: { path: rel, change: 'edit', added, removed, patch: patchOf(rel, text, after) } };
      },
    };
  },
};
