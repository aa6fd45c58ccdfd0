import { z } from 'zod';
import { ContentBlock } from './messages';

/** Token counts of one model call. `estimated` is set when the provider reported none and we counted approximately. */
export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative().default(0),
  cacheWriteTokens: z.number().int().nonnegative().default(0),
  estimated: z.boolean().default(false),
});
export type Usage = z.infer<typeof Usage>;

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: false });

export const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  estimated: a.estimated || b.estimated,
});

export const StopReason = z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'content_filtered', 'other']);
export type StopReason = z.infer<typeof StopReason>;

/**
 * What went wrong, in the person's terms. The loop decides from `kind`; the UI shows `message`
 * (which names what to do: "run `aws sso login --profile work`", "set ANTHROPIC_API_KEY").
 */
export const ProviderErrorKind = z.enum([
  /** 429 / ThrottlingException / rate_limit_error — retried with backoff. */
  'throttled',
  /** 5xx, overloaded, a model stream error before anything was streamed — retried with backoff. */
  'server',
  /** Credentials missing, expired or refused; the message says what to set or run. */
  'auth',
  /** The request does not fit the model's context window. */
  'context_too_long',
  /** The model id or endpoint does not exist (or model access is not enabled). */
  'not_found',
  /** The provider refused the request as malformed. */
  'bad_request',
  /** The connection dropped or the server failed after part of the answer had streamed; the partial answer is kept. */
  'stream_cut',
  /** The endpoint could not be reached at all (refused, DNS, TLS). */
  'network',
  /** The person (or the loop) aborted the call. */
  'aborted',
]);
export type ProviderErrorKind = z.infer<typeof ProviderErrorKind>;

export const ProviderErrorInfo = z.object({
  kind: ProviderErrorKind,
  message: z.string(),
  /** Whether trying again later may help (the loop's Retry button). */
  retryable: z.boolean(),
  status: z.number().int().optional(),
  /** The provider's own error code, e.g. `ThrottlingException`, `rate_limit_error`. */
  code: z.string().optional(),
});
export type ProviderErrorInfo = z.infer<typeof ProviderErrorInfo>;

/**
 * Everything a provider stream says, in order. A stream always ends with exactly one
 * `stop` or one `error` event and never throws: the loop can `for await` it without a try.
 *
 * Tool use: `tool_use_start`, then zero or more `tool_use_delta` (raw JSON fragments, for a
 * live preview), then either `tool_use_end` with the parsed input, or `tool_use_invalid`
 * when the model's JSON does not parse to an object — which the loop returns to the model
 * as a tool error.
 */
export const StreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text_delta'), text: z.string() }),
  z.object({ type: z.literal('tool_use_start'), id: z.string(), name: z.string() }),
  z.object({ type: z.literal('tool_use_delta'), id: z.string(), fragment: z.string() }),
  z.object({ type: z.literal('tool_use_end'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('tool_use_invalid'), id: z.string(), name: z.string(), rawInput: z.string(), error: z.string() }),
  z.object({ type: z.literal('usage'), usage: Usage }),
  /**
   * The call failed in a way that may pass and will be tried again after `delayMs`
   * (at `retryAt`, epoch ms, for a countdown). Nothing streamed yet, so nothing is lost.
   */
  z.object({
    type: z.literal('retry'),
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    delayMs: z.number().nonnegative(),
    retryAt: z.number(),
    reason: ProviderErrorKind,
    message: z.string(),
  }),
  z.object({ type: z.literal('stop'), reason: StopReason }),
  /** Terminal. `partial` is what the model had produced before the failure (text, complete tool uses). */
  z.object({ type: z.literal('error'), error: ProviderErrorInfo, partial: z.array(ContentBlock) }),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type StreamEventOf<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;
