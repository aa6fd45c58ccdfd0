import { z } from 'zod';

/**
 * The hooks section of the settings (`hooks.*`): how the dispatcher runs the hooks of
 * `.kiro/hooks/` and `~/.kiro/hooks/`. The hooks themselves live in those files.
 */
export const HookSettings = z
  .object({
    /** Off: no hook runs (the panel still lists them). */
    enabled: z.boolean().default(true),
    /** A burst of file events (a "save all", a checkout) within this window is one run with every path. */
    debounceMs: z.number().int().min(0).max(60_000).default(200),
    /**
     * Hook runs in the background at once (file events, agent stop, post-task, Run). Runs
     * a caller waits for — pre/post tool use, prompt submit, session start, pre-task — are
     * never queued behind them.
     */
    maxConcurrent: z.number().int().min(1).max(64).default(4),
    /** A hook triggered by a hook's change is at depth 2; a chain stops (with a notice) past this. */
    maxDepth: z.number().int().min(1).max(20).default(3),
    /** Seconds a command may run when its hook gives no `timeout`. */
    defaultTimeoutSeconds: z.number().min(1).max(86_400).default(60),
    /** Characters of a command's stdout and stderr kept (each; head and tail) for the panel and the model. */
    maxOutputChars: z.number().int().min(1000).max(1_000_000).default(20_000),
    /** Runs kept per hook for the panel. */
    historyPerHook: z.number().int().min(1).max(200).default(10),
  })
  .prefault({});
export type HookSettings = z.infer<typeof HookSettings>;
