import { z } from 'zod';

/** A list of regular expressions (as strings); one that does not compile rejects the list, so its default applies. */
const RegexList = z.array(z.string().max(500)).superRefine((patterns, ctx) => {
  for (const p of patterns) {
    try {
      new RegExp(p);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `'${p}' is not a valid regular expression (${(e as Error).message})` });
    }
  }
});

const Regex = z
  .string()
  .max(500)
  .refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

/**
 * Commands that do not end by themselves (dev servers, watchers). The agent's commands that
 * match run in a background terminal and the model gets their first output instead of waiting.
 */
const AT_START = String.raw`(?:^|[;&|(])\s*`; // at the start of the command or of a part of it (`cd web && npm run dev`)
export const DEFAULT_BACKGROUND_PATTERNS = [
  String.raw`${AT_START}(npm|pnpm|yarn|bun)\s+(run\s+)?(dev|start|serve|watch|preview)\b`,
  String.raw`${AT_START}(npx\s+)?(vite(?!\s+(build|optimize))|next\s+(dev|start)|nuxt\s+dev|astro\s+dev|webpack\s+serve|webpack-dev-server|nodemon|live-server|http-server)(\s|$)`,
  String.raw`\s--watch(\s|=|$)|${AT_START}(npx\s+)?tsc\s+(.*\s)?-w(\s|$)`,
  // vitest on a terminal watches unless told `run`.
  String.raw`${AT_START}(npx\s+)?vitest(?!\s+run)(\s|$)`,
  String.raw`${AT_START}(python3?\s+-m\s+http\.server|flask\s+run|uvicorn|gunicorn|rails\s+s(erver)?|php\s+-S|hugo\s+server|jekyll\s+serve)\b`,
  String.raw`${AT_START}(docker(-|\s+)compose\s+up)(?!.*\s(-d|--detach)\b)`,
  String.raw`${AT_START}tail\s+(-\w*f|--follow)`,
];

/** The terminal section of the settings (`terminal.*`). */
export const TerminalSettings = z
  .object({
    /** Shell for new terminals; empty means the login shell ($SHELL, then /bin/sh). */
    shell: z.string().max(4096).default(''),
    /** Arguments for that shell. */
    args: z.array(z.string()).default([]),
    /** Extra environment for every terminal; null removes a variable. */
    env: z.record(z.string(), z.string().nullable()).default({}),
    /** Lines of scrollback kept by each terminal view. */
    scrollback: z.number().int().min(100).max(100_000).default(5000),
    /** Recent output the host keeps per terminal (in KB), replayed when a window reattaches and read by `#terminal`. */
    reattachBufferKb: z.number().int().min(16).max(16_384).default(1024),
    agent: z
      .object({
        /** Default time an agent command may run before it is interrupted (Ctrl-C, then killed). */
        timeoutMs: z.number().int().min(1000).max(86_400_000).default(120_000),
        /** Wait after Ctrl-C before the command's processes are killed. */
        interruptGraceMs: z.number().int().min(100).max(60_000).default(2000),
        /** Characters of output returned to the model; longer output keeps its head and tail. */
        maxOutputChars: z.number().int().min(1000).max(1_000_000).default(16_000),
        /** Commands matching any of these run in a background terminal. */
        backgroundPatterns: RegexList.default(DEFAULT_BACKGROUND_PATTERNS),
        /** Output that shows a background command is ready (returns its first output at once). */
        backgroundReadyPattern: Regex.default(String.raw`\b(ready|listening|started|compiled|watching)\b|https?://(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\])(:\d+)?`),
        /** Longest wait for a background command's first output. */
        backgroundWaitMs: z.number().int().min(100).max(600_000).default(15_000),
        /** Once a background command has printed something, how long it must stay quiet before its output is returned. */
        backgroundSettleMs: z.number().int().min(50).max(60_000).default(1500),
        /** Environment for agent commands: pagers would wait for a key press nobody sends. */
        env: z.record(z.string(), z.string().nullable()).default({ PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' }),
      })
      .prefault({}),
  })
  .prefault({});
export type TerminalSettings = z.infer<typeof TerminalSettings>;
