import { z } from 'zod';

/** Look and feel. Each feature owns a section like this one, in its own file. */
export const GeneralSettings = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
    fontSize: z.number().int().min(8).max(40).default(13),
    /** There is nothing to send; the switch exists so that people can see it is off. */
    telemetry: z.literal(false).default(false),
  })
  .prefault({});
