import type { ModelRequest } from '../../../shared/agent/messages';
import type { ProviderErrorInfo, ProviderErrorKind, StreamEvent } from '../../../shared/agent/stream';
import type { ProviderId } from '../../../shared/settings/agent';

/**
 * One model endpoint behind the common streaming interface. `stream` never throws and
 * always ends with exactly one `stop` or `error` event (see `StreamEvent`); aborting
 * `signal` ends it promptly with an `aborted` error that keeps the partial answer.
 * Throttling and server errors are retried inside, announced by `retry` events.
 */
export interface ModelProvider {
  readonly id: ProviderId;
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

/**
 * What an adapter implements: one attempt, yielding events and throwing on failure
 * (a `ProviderError`, or anything `classify` can turn into one). An attempt must yield
 * its `usage` (when the provider reports one) before its `stop`, and `stop` last.
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  attempt(request: ModelRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** Turns an adapter-specific failure (an SDK exception, a fetch TypeError) into a ProviderError. */
  classify(error: unknown, request: ModelRequest): ProviderError;
}

/** A classified provider failure, thrown inside adapters; streams turn it into an `error` event. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly extra: { status?: number; code?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'server' || this.kind === 'network' || this.kind === 'stream_cut';
  }

  info(): ProviderErrorInfo {
    return {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      ...(this.extra.status !== undefined ? { status: this.extra.status } : {}),
      ...(this.extra.code !== undefined ? { code: this.extra.code } : {}),
    };
  }
}
