import { z } from 'zod';

/** Look and feel. Each feature owns a section like this one, in its own file. */
export const GeneralSettings = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
    fontSize: z.number().int().min(8).max(40).default(13),
    /** There is nothing to send; the switch exists so that people can see it is off. */
    telemetry: z.literal(false).default(false),
    /** Desktop app: a native notification when an agent request or a task run ends while no window has the focus. */
    notifications: z
      .object({
        enabled: z.boolean().default(true),
        /** Only for work that took at least this long (seconds). */
        minSeconds: z.number().int().min(0).max(3600).default(10),
      })
      .prefault({}),
  })
  .prefault({});
