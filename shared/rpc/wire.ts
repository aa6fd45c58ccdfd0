import { z } from 'zod';
import { WireError } from './errors';

/**
 * The messages exchanged over any transport. Calls are answered once; subscriptions
 * stream events until either side ends them. Ids are chosen by the client and are
 * unique per connection.
 */
const Id = z.number().int().nonnegative();

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: Id, method: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('cancel'), id: Id }),
  z.object({ t: z.literal('sub'), id: Id, topic: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: Id }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: Id, value: z.unknown() }),
  z.object({ t: z.literal('error'), id: Id.nullable(), error: WireError }),
  z.object({ t: z.literal('event'), id: Id, value: z.unknown() }),
  /** The host ended a subscription (its source finished, or failed). */
  z.object({ t: z.literal('end'), id: Id, error: WireError.optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export { MAX_MESSAGE_BYTES } from './limits';
