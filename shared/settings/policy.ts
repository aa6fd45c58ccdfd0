import { z } from 'zod';

/**
 * Trusted commands (Kiro's rule syntax: `npm test`, `npm *`, `*`). Both scopes count: the
 * user's rules apply everywhere, the workspace's (`.kiro/settings/specwright.json`) in
 * that folder. `Run and trust` in an approval adds to one of them.
 */
export const PolicySettings = z
  .object({
    trustedCommands: z.array(z.string().max(1000)).max(2000).default([]),
  })
  .prefault({});
