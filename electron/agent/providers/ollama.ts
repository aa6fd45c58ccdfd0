import type { ModelEntryInput } from '../../../shared/settings/agent';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';

export interface OllamaFound {
  /** The OpenAI-compatible base URL to use (`…/v1`). */
  baseUrl: string;
  /** Installed models, e.g. `llama3.1:8b`, `qwen2.5-coder:7b`. */
  models: string[];
}

/**
 * Whether a local Ollama answers (its native `GET /api/tags`), and with which models. The
 * settings UI calls this to offer Ollama; it never throws and gives up quickly, since
 * most machines have none.
 */
export async function detectOllama(options: { url?: string; timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<OllamaFound | null> {
  const url = (options.url ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, '');
  try {
    const res = await (options.fetch ?? fetch)(`${url}/api/tags`, { signal: AbortSignal.timeout(options.timeoutMs ?? 1000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { models?: { name?: string; model?: string }[] };
    if (!Array.isArray(body.models)) return null;
    return { baseUrl: `${url}/v1`, models: body.models.map((m) => m.name ?? m.model ?? '').filter(Boolean) };
  } catch {
    return null;
  }
}

/** Catalog entries for a detected Ollama: OpenAI-compatible, no key, free. */
export function ollamaModelEntries(found: OllamaFound, contextWindow = 32_768): ModelEntryInput[] {
  return found.models.map((model) => ({
    id: `ollama/${model}`,
    label: `${model} (Ollama)`,
    provider: 'openai',
    model,
    baseUrl: found.baseUrl,
    apiKeyName: '',
    contextWindow,
    maxOutputTokens: 4096,
    price: {},
  }));
}
