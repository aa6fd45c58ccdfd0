import { z } from 'zod';

/**
 * Checkpoints: what the shadow repository keeps, and for how long.
 * Read where it acts (`ws.settings.settings.checkpoints`), so a change applies at once.
 */
export const CheckpointSettings = z
  .object({
    /** Checkpoint every editor save (and explorer create/rename/delete), coalesced into one per burst. */
    onSave: z.boolean().default(true),
    /**
     * Retention: a session is pruned only when it is neither one of the last `keepSessions`
     * sessions nor younger than `keepDays` days, so recent work is never lost to a count
     * and a burst of sessions is never lost to an age. The current session is always kept.
     */
    keepSessions: z.number().int().min(1).max(10_000).default(20),
    keepDays: z.number().int().min(0).max(3650).default(14),
    /** Files larger than this are left out of checkpoints (and never touched by a restore). */
    maxFileSizeMB: z.number().positive().max(4096).default(10),
    /** Extra exclusions in .gitignore syntax, on top of .gitignore, .kiroignore and the built-in list; `!pattern` re-includes a built-in one. */
    exclude: z.array(z.string().max(1000)).max(1000).default([]),
    /** Minutes between background full verifications against the disk (0 = only on demand and at start). */
    verifyEveryMinutes: z.number().int().min(0).max(24 * 60).default(10),
  })
  .prefault({});
export type CheckpointSettings = z.infer<typeof CheckpointSettings>;
