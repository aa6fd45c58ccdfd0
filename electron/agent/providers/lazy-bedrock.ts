import type { ModelRequest } from '../../../shared/agent/messages';
import type { StreamEvent } from '../../../shared/agent/stream';
import type { BedrockAdapter, BedrockOptions } from './bedrock';
import { ProviderError, type ProviderAdapter } from './types';

/**
 * Bedrock behind a dynamic import. The AWS SDK is about a seventh of the host's code; loading
 * it at the first Bedrock request rather than at start makes the host ready sooner (and
 * lighter for those who use another provider).
 */
export class LazyBedrockAdapter implements ProviderAdapter {
  readonly id = 'bedrock' as const;
  private real: BedrockAdapter | null = null;
  private loading: Promise<BedrockAdapter> | null = null;

  constructor(private readonly options: BedrockOptions = {}) {}

  load(): Promise<BedrockAdapter> {
    this.loading ??= import('./bedrock').then(({ BedrockAdapter }) => (this.real = new BedrockAdapter(this.options)));
    return this.loading;
  }

  async *attempt(request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const real = await this.load();
    yield* real.attempt(request, signal);
  }

  classify(error: unknown, request: ModelRequest): ProviderError {
    if (this.real) return this.real.classify(error, request);
    if (error instanceof ProviderError) return error;
    // Not retried: a client that cannot load means a damaged installation.
    return new ProviderError('bad_request', `Cannot load the Bedrock client (${error instanceof Error ? error.message : String(error)}); reinstall Specwright.`);
  }

  dispose(): void {
    this.real?.dispose();
  }
}
