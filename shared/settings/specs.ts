import { z } from 'zod';

/**
 * The spec workflow: how many tasks "Run all tasks" runs at once, and how a task's work is
 * verified before the runner writes `[x]`. Set in `<data folder>/settings.json` or in the
 * workspace's `.kiro/settings/specwright.json` under `"specs"`.
 */
export const SpecsSettings = z
  .object({
    /** Tasks of one dependency wave run side by side, up to this many (default: one at a time). */
    concurrency: z.number().int().min(1).max(8).default(1),
    /**
     * The ceiling for `concurrency` and for the number asked for in "Run all tasks". Three is
     * the default because beyond three agents at once a person can no longer follow what each does.
     */
    maxConcurrency: z.number().int().min(1).max(8).default(3),
    /**
     * Run after the agent's turn for every task that names no command of its own
     * (`_Verify: npm test_` in the task). Empty: only the agent's own success counts.
     */
    verifyCommand: z.string().max(4000).default(''),
    /** A verification still running after this long fails. */
    verifyTimeoutSeconds: z.number().int().min(1).max(24 * 3600).default(600),
  })
  .prefault({});
export type SpecsSettings = z.infer<typeof SpecsSettings>;

/** The limit a run actually uses: what was asked (or the setting), never above the ceiling. */
export const effectiveConcurrency = (s: SpecsSettings, asked?: number) => Math.max(1, Math.min(asked ?? s.concurrency, s.maxConcurrency));
