import { z } from 'zod';
import { asToolError, toolPath } from './paths';
import { ToolInputError, type AgentTool } from './types';

const Input = z
  .object({
    path: z.string().min(1).describe('File path relative to the workspace root.'),
    start_line: z.number().int().min(1).optional().describe('First line to read (1-based). Default: 1.'),
    end_line: z.number().int().min(1).optional().describe('Last line to read (inclusive). Default: the end, up to 2000 lines.'),
  });

const MAX_LINES = 2000;

/** `   12\tline` — line numbers the model can cite and use for `start_line` (they are not part of the file). */
export const numbered = (lines: string[], first: number) => {
  const width = String(first + lines.length - 1).length;
  return lines.map((l, i) => `${String(first + i).padStart(width, ' ')}\t${l}`).join('\n');
};

export const readFileTool: AgentTool<z.infer<typeof Input>> = {
  name: 'read_file',
  category: 'read',
  description:
    'Read a text file of the workspace. Returns the lines with their line numbers (a number and a tab before each line; they are not part of the file). Reads up to 2000 lines at a time; use start_line/end_line for more.',
  input: Input,
  async prepare(input, ctx) {
    const { rel } = await toolPath(ctx.ws, input.path);
    if (input.end_line !== undefined && input.start_line !== undefined && input.end_line < input.start_line) {
      throw new ToolInputError(`end_line (${input.end_line}) is before start_line (${input.start_line}).`);
    }
    return {
      action: { kind: 'read', path: rel || '.' },
      mutates: false,
      label: `read_file ${rel}`,
      async execute() {
        let file;
        try {
          file = await ctx.ws.files.read(rel);
        } catch (e) {
          throw asToolError(e);
        }
        if (file.kind !== 'text') throw new ToolInputError(`Cannot read '${rel}' as text: ${file.notice}`);
        const all = file.text.split(/\r?\n/);
        if (all.length > 1 && all.at(-1) === '') all.pop();
        const start = input.start_line ?? 1;
        if (all.length === 0 || (all.length === 1 && all[0] === '')) return { content: `${rel} is empty.`, summary: 'empty file' };
        if (start > all.length) throw new ToolInputError(`'${rel}' has ${all.length} lines; start_line ${start} is past the end.`);
        const end = Math.min(all.length, input.end_line ?? start + MAX_LINES - 1, start + MAX_LINES - 1);
        const body = numbered(all.slice(start - 1, end), start);
        const whole = start === 1 && end === all.length;
        const head = whole ? `${rel} (${all.length} lines)` : `${rel} (lines ${start}–${end} of ${all.length})`;
        const more = end < all.length ? `\n\n[${all.length - end} more lines; read on with start_line ${end + 1}.]` : '';
        return { content: `${head}\n${body}${more}`, summary: whole ? (all.length === 1 ? "1 line" : `${all.length} lines`) : `lines ${start}–${end} of ${all.length}` };
      },
    };
  },
};
