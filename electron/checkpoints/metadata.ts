import { z } from 'zod';
import { Checkpoint } from '../../shared/contract/checkpoints';

/**
 * A checkpoint's metadata lives in its commit message — the label on the first line, then
 * one JSON trailer — so the shadow repository alone is the whole truth: no side database to
 * fall out of step with it when a process dies between two writes.
 */
const TRAILER = 'Specwright-Checkpoint: ';

export const CheckpointMeta = Checkpoint.omit({ id: true }).extend({
  format: z.literal(1),
  sessionKind: z.enum(['editor', 'agent']),
});
export type CheckpointMeta = z.infer<typeof CheckpointMeta>;

export function encodeMessage(meta: CheckpointMeta): string {
  const firstLine = meta.label.replace(/\s+/g, ' ').trim() || 'Checkpoint';
  return `${firstLine}\n\n${TRAILER}${JSON.stringify(meta)}\n`;
}

/** The metadata of a commit message, or null when it is not one of ours or cannot be read. */
export function decodeMessage(message: string): CheckpointMeta | null {
  const line = message.split('\n').find((l) => l.startsWith(TRAILER));
  if (!line) return null;
  try {
    const parsed = CheckpointMeta.safeParse(JSON.parse(line.slice(TRAILER.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
