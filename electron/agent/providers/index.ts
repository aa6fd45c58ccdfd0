/** The model providers: one streaming interface over Bedrock, OpenAI-compatible servers and Anthropic. */
export type { ModelProvider, ProviderAdapter } from './types';
export { ProviderError } from './types';
export { ProviderRegistry, type ProviderRegistryOptions } from './registry';
export { resilientProvider, backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';
export { EnvSecretSource, type SecretSource } from '../../secrets/secret-store';
export { detectOllama, ollamaModelEntries, OLLAMA_DEFAULT_URL, type OllamaFound } from './ollama';
export { BedrockAdapter, toConverseInput } from './bedrock';
export { OpenAICompatibleAdapter, toOpenAIBody } from './openai-compatible';
export { AnthropicAdapter, toAnthropicBody } from './anthropic';
