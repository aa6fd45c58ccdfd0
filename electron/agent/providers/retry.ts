import { TurnCollector } from '../../../shared/agent/collect';
import type { ModelRequest } from '../../../shared/agent/messages';
import type { StreamEvent, Usage } from '../../../shared/agent/stream';
import { countRequestTokens, countTokens } from '../../../shared/agent/tokens';
import { ProviderError, type ModelProvider, type ProviderAdapter } from './types';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** For tests: the jitter's source of randomness in [0, 1). */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept, half is
 * random, so clients that were throttled together do not come back together. A server's
 * Retry-After wins when it asks for longer, up to the cap.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + (policy.random ?? Math.random)() * (exp / 2);
  const wanted = retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
  return Math.round(Math.min(wanted, policy.maxDelayMs));
}

const abortError = () => new ProviderError('aborted', 'Stopped.');

/** Resolves after `ms`, or rejects with an aborted ProviderError as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Iterates `source` but gives up the moment `signal` aborts, even when the source is
 * stuck waiting for the network: the abort must end the stream promptly whatever the SDK
 * does. The source is told to stop (`return`) without waiting for it.
 */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    for (;;) {
      const r = await Promise.race([it.next(), aborted]);
      if (r.done) return;
      yield r.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Do not await: a stuck source must not hold the caller.
    void Promise.resolve(it.return?.()).catch(() => {});
  }
}

const isContent = (e: StreamEvent) => e.type === 'text_delta' || e.type === 'tool_use_start' || e.type === 'tool_use_delta' || e.type === 'tool_use_end' || e.type === 'tool_use_invalid';

/** Usage counted approximately, for a call whose provider reported none (a cut stream, some local servers). */
function estimatedUsage(request: ModelRequest, collector: TurnCollector): Usage {
  const out = collector.content().reduce((n, b) => n + (b.type === 'text' ? countTokens(b.text) : b.type === 'tool_use' ? countTokens(JSON.stringify(b.input)) : 0), 0);
  return { inputTokens: countRequestTokens(request), outputTokens: out, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true };
}

/**
 * The common part of every provider: retries with visible `retry` events, prompt abort,
 * the partial answer kept on failure, and usage never left out.
 *
 * Retrying is safe only while nothing has streamed: once part of an answer is out, a
 * failure ends the stream with `stream_cut` and the partial answer (the loop's Retry
 * continues from there), so no text is ever shown twice.
 */
export function resilientProvider(adapter: ProviderAdapter, policy: RetryPolicy = DEFAULT_RETRY): ModelProvider {
  return {
    id: adapter.id,
    stream: (request, signal) => resilientStream(adapter, request, signal, policy),
  };
}

async function* resilientStream(adapter: ProviderAdapter, request: ModelRequest, signal: AbortSignal, policy: RetryPolicy): AsyncGenerator<StreamEvent> {
  const collector = new TurnCollector();
  const maxAttempts = policy.maxRetries + 1;
  for (let attempt = 1; ; attempt++) {
    let streamed = false;
    let sawUsage = false;
    let stop: StreamEvent | null = null;
    try {
      if (signal.aborted) throw abortError();
      for await (const e of untilAborted(adapter.attempt(request, signal), signal)) {
        if (e.type === 'stop') {
          stop = e;
          continue;
        }
        if (isContent(e)) streamed = true;
        if (e.type === 'usage') sawUsage = true;
        collector.add(e);
        yield e;
      }
      if (!stop) {
        throw streamed
          ? new ProviderError('stream_cut', 'The answer was cut off: the connection closed before the model finished. The partial answer is kept.')
          : new ProviderError('server', 'The model service closed the connection without answering.');
      }
      if (!sawUsage) yield { type: 'usage', usage: estimatedUsage(request, collector) };
      yield stop;
      return;
    } catch (err) {
      const pe = signal.aborted ? abortError() : err instanceof ProviderError ? err : adapter.classify(err, request);
      if (!streamed && pe.retryable && pe.kind !== 'stream_cut' && attempt < maxAttempts) {
        const delayMs = backoffDelay(attempt, policy, pe.extra.retryAfterMs);
        yield { type: 'retry', attempt, maxAttempts, delayMs, retryAt: Date.now() + delayMs, reason: pe.kind, message: pe.message };
        try {
          await sleep(delayMs, signal);
        } catch {
          yield { type: 'error', error: abortError().info(), partial: collector.content() };
          return;
        }
        continue;
      }
      // Once part of the answer is out, any failure but a stop is a cut stream.
      const final =
        streamed && pe.kind !== 'aborted' && pe.kind !== 'stream_cut'
          ? new ProviderError('stream_cut', `The answer was cut off: ${pe.message} The partial answer is kept.`, pe.extra)
          : pe;
      if (streamed && !sawUsage) yield { type: 'usage', usage: estimatedUsage(request, collector) };
      yield { type: 'error', error: final.info(), partial: collector.content() };
      return;
    }
  }
}
