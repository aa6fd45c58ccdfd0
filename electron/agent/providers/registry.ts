import type { AgentSettings, ModelEntry } from '../../../shared/settings/agent';
import { AnthropicAdapter } from './anthropic';
import { LazyBedrockAdapter } from './lazy-bedrock';
import { OpenAICompatibleAdapter } from './openai-compatible';
import { resilientProvider, type RetryPolicy } from './retry';
import { EnvSecretSource, type SecretSource } from '../../secrets/secret-store';
import type { ModelProvider, ProviderAdapter } from './types';

export interface ProviderRegistryOptions {
  secrets?: SecretSource;
  /** Where OPENAI_BASE_URL / ANTHROPIC_BASE_URL are read (the official SDKs' variables). */
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** For tests: the jitter's randomness. */
  random?: () => number;
}

/**
 * Gives the provider for a catalog entry under the current settings. Bedrock clients are
 * kept per region and profile (they hold HTTP/2 sessions and cached credentials); the
 * fetch-based adapters are cheap and made per call. Dispose with the workspace.
 */
export class ProviderRegistry {
  private bedrock = new Map<string, LazyBedrockAdapter>();
  readonly secrets: SecretSource;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: ProviderRegistryOptions = {}) {
    this.env = options.env ?? process.env;
    this.secrets = options.secrets ?? new EnvSecretSource(this.env);
  }

  /** The base URL an entry talks to (entry, then settings, then the standard variable, then the public API). */
  baseUrl(entry: ModelEntry, agent: AgentSettings): string | null {
    if (entry.provider === 'openai') return entry.baseUrl ?? agent.openai.baseUrl ?? this.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
    if (entry.provider === 'anthropic') return entry.baseUrl ?? agent.anthropic.baseUrl ?? this.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com';
    return null;
  }

  adapter(entry: ModelEntry, agent: AgentSettings): ProviderAdapter {
    switch (entry.provider) {
      case 'bedrock': {
        const key = `${agent.bedrock.region ?? ''}|${agent.bedrock.profile ?? ''}`;
        let a = this.bedrock.get(key);
        if (!a) {
          a = new LazyBedrockAdapter({ region: agent.bedrock.region, profile: agent.bedrock.profile });
          this.bedrock.set(key, a);
        }
        return a;
      }
      case 'openai':
        return new OpenAICompatibleAdapter({
          baseUrl: this.baseUrl(entry, agent)!,
          apiKeyName: entry.apiKeyName ?? agent.openai.apiKeyName,
          secrets: this.secrets,
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        });
      case 'anthropic':
        return new AnthropicAdapter({
          baseUrl: this.baseUrl(entry, agent)!,
          apiKeyName: entry.apiKeyName ?? agent.anthropic.apiKeyName,
          secrets: this.secrets,
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        });
    }
  }

  /** The streaming provider for `entry`: the adapter with retries, abort and partial answers. */
  forModel(entry: ModelEntry, agent: AgentSettings): ModelProvider {
    const policy: RetryPolicy = { ...agent.retry, ...(this.options.random ? { random: this.options.random } : {}) };
    return resilientProvider(this.adapter(entry, agent), policy);
  }

  dispose(): void {
    for (const a of this.bedrock.values()) a.dispose();
    this.bedrock.clear();
  }
}
