import { z } from 'zod';

/** Empty params or results. */
export const Empty = z.object({}).strict();

/**
 * A path inside the workspace, relative, with forward slashes; '' is the root. The host
 * still confines every one of them (no `..`, no absolute paths, no symlink escapes).
 */
export const RelPath = z.string().max(4096);
