import { z } from 'zod';

/**
 * Trusted commands (Kiro's rule syntax: `npm test`, `npm *`, `*`). Both scopes count: the
 * user's rules apply everywhere, the workspace's (`.kiro/settings/specwright.json`) in
 * that folder. `Run and trust` in an approval adds to one of them.
 */
export const TrustedCommands = z.array(z.string().max(1000)).max(2000).default([]);

export const PolicySettings = z
  .object({
    trustedCommands: TrustedCommands,
    /** The mode of a workspace whose status-bar switch was never touched; once chosen, the workspace keeps its choice. */
    // User scope only: a folder's own settings must not be able to put it in Autopilot.
    defaultMode: z.enum(['supervised', 'autopilot']).default('supervised').meta({ scope: 'user' }),
  })
  .prefault({});
