import type { ModelRequest } from '../../../shared/agent/messages';
import type { StopReason, StreamEvent, Usage } from '../../../shared/agent/stream';
import { classifyFetchError, classifyHttpFailure, readHttpFailure } from './http-errors';
import type { SecretSource } from '../../secrets/secret-store';
import { readSse } from './sse';
import { ToolInputAssembler } from './tool-input';
import { ProviderError, type ProviderAdapter } from './types';

export interface OpenAICompatibleOptions {
  /** Up to and including `/v1`: `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:1234/v1` (LM Studio). */
  baseUrl: string;
  /** Name of the secret holding the key; `''` for servers that need none. */
  apiKeyName: string;
  secrets: SecretSource;
  fetch?: typeof fetch;
}

type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** Chat-completions messages for a neutral request: tool results become `tool` messages, right after the assistant's calls. */
export function toOpenAIMessages(request: ModelRequest): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  if (request.system) out.push({ role: 'system', content: request.system });
  for (const m of request.messages) {
    if (m.role === 'assistant') {
      const text = m.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      const calls = m.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, type: 'function' as const, function: { name: b.name, arguments: JSON.stringify(b.input) } }] : []));
      out.push({ role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls } : {}) });
      continue;
    }
    for (const b of m.content) if (b.type === 'tool_result') out.push({ role: 'tool', tool_call_id: b.toolUseId, content: b.isError ? `Error: ${b.content}` : b.content });
    type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
    const parts: Part[] = m.content.flatMap((b): Part[] =>
      b.type === 'text' && b.text ? [{ type: 'text', text: b.text }] : b.type === 'image' ? [{ type: 'image_url', image_url: { url: `data:${b.mediaType};base64,${b.data}` } }] : [],
    );
    const texts = parts.flatMap((p) => (p.type === 'text' ? [p.text] : []));
    if (parts.length) out.push({ role: 'user', content: texts.length === parts.length ? texts.join('\n') : parts });
  }
  return out;
}

export function toOpenAIBody(request: ModelRequest) {
  return {
    model: request.model,
    messages: toOpenAIMessages(request),
    max_tokens: request.maxTokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.tools?.length
      ? { tools: request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } })) }
      : {}),
    stream: true,
    stream_options: { include_usage: true },
  };
}

const STOP: Record<string, StopReason> = { stop: 'end_turn', tool_calls: 'tool_use', function_call: 'tool_use', length: 'max_tokens', content_filter: 'content_filtered' };

const isLoopback = (url: string) => {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '[::1]' || h.startsWith('127.');
  } catch {
    return false;
  }
};

interface Chunk {
  choices?: { delta?: { content?: string | null; tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } } | null;
  error?: { message?: string; type?: string; code?: string | number };
}

/** `/v1/chat/completions` with streaming and tools: OpenAI, Ollama, LM Studio, vLLM. */
export class OpenAICompatibleAdapter implements ProviderAdapter {
  readonly id = 'openai' as const;

  constructor(private readonly options: OpenAICompatibleOptions) {}

  private get keyHint() {
    return this.options.apiKeyName ? `Set ${this.options.apiKeyName} to a valid key for ${this.options.baseUrl}.` : `The server at ${this.options.baseUrl} wants a key: set apiKeyName for this model in agent.models.`;
  }

  async *attempt(request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    if (this.options.apiKeyName) {
      const key = await this.options.secrets.get(this.options.apiKeyName);
      if (key) headers.authorization = `Bearer ${key}`;
      // Local servers (Ollama, LM Studio, vLLM) usually need no key; a remote one does.
      else if (!isLoopback(this.options.baseUrl)) throw new ProviderError('auth', `No API key for ${this.options.baseUrl}: set ${this.options.apiKeyName}.`);
    }
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(toOpenAIBody(request)), signal });
    } catch (e) {
      throw classifyFetchError(e, url);
    }
    const what = {
      service: `The server at ${this.options.baseUrl}`,
      model: request.model,
      keyHint: this.keyHint,
      notFoundHint: isLoopback(this.options.baseUrl) ? `For Ollama, run \`ollama pull ${request.model}\`.` : 'Check the model name in agent.models.',
    };
    if (!res.ok || !res.body) throw classifyHttpFailure(await readHttpFailure(res), what);

    const tools = new ToolInputAssembler();
    let usage: Usage | null = null;
    let stop: StopReason | null = null;
    const finish = function* (): Generator<StreamEvent> {
      yield* tools.finishAll();
      if (usage) yield { type: 'usage', usage };
      yield { type: 'stop', reason: stop ?? 'end_turn' };
    };
    try {
      for await (const msg of readSse(res.body)) {
        if (msg.data.trim() === '[DONE]') {
          yield* finish();
          return;
        }
        let chunk: Chunk;
        try {
          chunk = JSON.parse(msg.data) as Chunk;
        } catch {
          throw new ProviderError('server', `${what.service} sent a chunk that is not JSON: ${msg.data.slice(0, 200)}`);
        }
        if (chunk.error) {
          const code = chunk.error.code !== undefined ? String(chunk.error.code) : chunk.error.type;
          const status = code === 'rate_limit_exceeded' || code === '429' ? 429 : 500;
          throw classifyHttpFailure({ status, message: chunk.error.message ?? '', ...(code ? { code } : {}), headers: new Headers() }, what);
        }
        if (chunk.usage) {
          const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
          usage = {
            inputTokens: Math.max(0, (chunk.usage.prompt_tokens ?? 0) - cached),
            outputTokens: chunk.usage.completion_tokens ?? 0,
            cacheReadTokens: cached,
            cacheWriteTokens: 0,
            estimated: false,
          };
        }
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        if (choice.delta?.content) yield { type: 'text_delta', text: choice.delta.content };
        for (const call of choice.delta?.tool_calls ?? []) {
          const index = call.index ?? 0;
          if (!tools.has(index)) yield tools.start(index, call.id ?? `call_${index}`, call.function?.name ?? 'unknown');
          const e = tools.delta(index, call.function?.arguments ?? '');
          if (e) yield e;
        }
        if (choice.finish_reason) stop = STOP[choice.finish_reason] ?? 'other';
      }
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      throw classifyFetchError(e, url);
    }
    // Some servers end the body after the finish reason without `[DONE]`: that is a complete answer.
    if (stop) yield* finish();
  }

  classify(error: unknown): ProviderError {
    return classifyFetchError(error, this.options.baseUrl);
  }
}
