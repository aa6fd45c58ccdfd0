import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';
import { Diagnostic } from './hooks';

/** The steering panel: every steering file with when it applies, and what is wrong with it. */

export const SteeringFileView = z.object({
  /** `#name` refers to it: `tech`, `api/rest`, `AGENTS.md`. */
  name: z.string(),
  /** `.kiro/steering/tech.md`, `~/.kiro/steering/git.md`, `AGENTS.md`. */
  file: z.string(),
  scope: z.enum(['workspace', 'user', 'agents']),
  inclusion: z.enum(['always', 'fileMatch', 'manual', 'auto']),
  patterns: z.array(z.string()),
  description: z.string().nullable(),
  /** `#[[file:…]]` includes, as written. */
  includes: z.array(z.string()),
  diagnostics: z.array(Diagnostic),
  /** Editable in the workspace (user files open read-only in the panel's view of them). */
  editable: z.boolean(),
});
export type SteeringFileView = z.infer<typeof SteeringFileView>;

export const SteeringTemplateView = z.object({
  id: z.enum(['product', 'tech', 'structure']),
  title: z.string(),
  description: z.string(),
  /** `.kiro/steering/product.md` */
  path: z.string(),
  exists: z.boolean(),
});
export type SteeringTemplateView = z.infer<typeof SteeringTemplateView>;

export const SteeringState = z.object({
  files: z.array(SteeringFileView),
  /** User files hidden by a workspace file of the same name. */
  shadowed: z.array(z.object({ file: z.string(), by: z.string() })),
  templates: z.array(SteeringTemplateView),
});
export type SteeringState = z.infer<typeof SteeringState>;

export const steeringContract = {
  'steering.state': method(Empty, SteeringState),
  /** Fires when a steering file (or AGENTS.md) changes: fetch `steering.state` again. */
  'steering.changes': stream(Empty, z.object({ type: z.literal('changed') })),
  /** Writes `.kiro/steering/<id>.md` from the template; refuses to replace an existing file. */
  'steering.createFromTemplate': method(z.object({ id: z.enum(['product', 'tech', 'structure']) }), z.object({ path: z.string() })),
  /**
   * Starts an agent session that reads the codebase and drafts product.md, tech.md and
   * structure.md with its write tools — each write a proposal the policy approves like any
   * change. Returns the session for the chat to show.
   */
  'steering.generate': method(z.object({ only: z.array(z.enum(['product', 'tech', 'structure'])).optional() }), z.object({ sessionId: z.string() })),
};
