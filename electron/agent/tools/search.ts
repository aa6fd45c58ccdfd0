import { z } from 'zod';
import { toolPath } from './paths';
import { formatMatches } from './search-engine';
import { ToolInputError, type AgentTool } from './types';

const Input = z
  .object({
    query: z.string().min(1).describe('Text to find (exact, case-insensitive unless it has capitals), or a regular expression when regex is true.'),
    path: z.string().optional().describe('Folder or file to search in, relative to the workspace root. Default: the whole workspace.'),
    regex: z.boolean().optional().describe('Treat query as a regular expression (Rust/ripgrep syntax). Default: false.'),
    glob: z.string().optional().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.test.ts".'),
  });

export const searchTool: AgentTool<z.infer<typeof Input>> = {
  name: 'search',
  category: 'read',
  description:
    'Search the text of the workspace files (ripgrep; .gitignore is honoured). Returns matching lines grouped by file, with line numbers. The result is bounded: narrow it with path or glob when it says it was cut.',
  input: Input,
  async prepare(input, ctx) {
    const { rel } = await toolPath(ctx.ws, input.path ?? '.');
    return {
      action: { kind: 'read', path: rel || '.' },
      mutates: false,
      label: `search ${input.query}`,
      async execute() {
        const r = await ctx.search.search(ctx.ws, { query: input.query, path: rel, regex: input.regex ?? false, glob: input.glob, maxResults: ctx.limits.searchMaxResults, signal: ctx.signal });
        if (r.error) throw new ToolInputError(r.error);
        const note = r.note ? `\n\n[${r.note}]` : '';
        if (!r.matches.length) return { content: `No matches for ${JSON.stringify(input.query)}${rel ? ` in ${rel}` : ''}.${note}`, summary: 'no matches' };
        const files = new Set(r.matches.map((m) => m.path)).size;
        const cut = r.truncated ? `\n\n[Only the first ${r.matches.length} matches are shown; narrow the search with path or glob.]` : '';
        return {
          content: `${r.matches.length}${r.truncated ? '+' : ''} matches in ${files} ${files === 1 ? 'file' : 'files'}:\n${formatMatches(r)}${cut}${note}`,
          summary: `${r.matches.length}${r.truncated ? '+' : ''} matches in ${files} ${files === 1 ? 'file' : 'files'}`,
        };
      },
    };
  },
};
