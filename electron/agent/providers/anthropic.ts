import type { ContentBlock, ModelRequest } from '../../../shared/agent/messages';
import type { StopReason, StreamEvent, Usage } from '../../../shared/agent/stream';
import { classifyFetchError, classifyHttpFailure, readHttpFailure } from './http-errors';
import type { SecretSource } from '../../secrets/secret-store';
import { readSse } from './sse';
import { ToolInputAssembler } from './tool-input';
import { ProviderError, type ProviderAdapter } from './types';

export interface AnthropicOptions {
  /** e.g. `https://api.anthropic.com` (no `/v1`). */
  baseUrl: string;
  /** Name of the secret holding the key; `''` for an endpoint that needs none (a local proxy). */
  apiKeyName: string;
  secrets: SecretSource;
  fetch?: typeof fetch;
}

const API_VERSION = '2023-06-01';

type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

function toAnthropicBlock(b: ContentBlock): AnthropicBlock | null {
  switch (b.type) {
    case 'text':
      return b.text ? { type: 'text', text: b.text } : null;
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: b.mediaType, data: b.data } };
    case 'tool_use':
      return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: b.toolUseId, content: b.content, ...(b.isError ? { is_error: true } : {}) };
  }
}

/** The Messages API request body for a neutral request. */
export function toAnthropicBody(request: ModelRequest) {
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    ...(request.system ? { system: request.system } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    messages: request.messages.map((m) => ({ role: m.role, content: m.content.map(toAnthropicBlock).filter((b) => b !== null) })),
    ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })) } : {}),
    stream: true,
  };
}

const STOP: Record<string, StopReason> = { end_turn: 'end_turn', tool_use: 'tool_use', max_tokens: 'max_tokens', stop_sequence: 'stop_sequence', refusal: 'content_filtered' };

interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Anthropic Messages API with streaming and tools, over fetch. */
export class AnthropicAdapter implements ProviderAdapter {
  readonly id = 'anthropic' as const;

  constructor(private readonly options: AnthropicOptions) {}

  private get keyHint() {
    return this.options.apiKeyName ? `Set ${this.options.apiKeyName} to a valid Anthropic API key.` : 'Check the endpoint’s credentials.';
  }

  async *attempt(request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': API_VERSION, accept: 'text/event-stream' };
    if (this.options.apiKeyName) {
      const key = await this.options.secrets.get(this.options.apiKeyName);
      if (!key) throw new ProviderError('auth', `No Anthropic API key: set ${this.options.apiKeyName} (or change agent.anthropic.apiKeyName).`);
      headers['x-api-key'] = key;
    }
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/v1/messages`;
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(toAnthropicBody(request)), signal });
    } catch (e) {
      throw classifyFetchError(e, url);
    }
    if (!res.ok || !res.body) {
      throw classifyHttpFailure(await readHttpFailure(res), {
        service: 'The Anthropic API',
        model: request.model,
        keyHint: this.keyHint,
        notFoundHint: 'Check the model name in agent.models.',
      });
    }

    const tools = new ToolInputAssembler();
    const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: false };
    let stop: StopReason | null = null;
    let sawUsage = false;
    const takeUsage = (u: AnthropicUsage | undefined) => {
      if (!u) return;
      sawUsage = true;
      if (u.input_tokens !== undefined) usage.inputTokens = u.input_tokens;
      // output_tokens in message_delta is cumulative.
      if (u.output_tokens !== undefined) usage.outputTokens = u.output_tokens;
      if (u.cache_creation_input_tokens != null) usage.cacheWriteTokens = u.cache_creation_input_tokens;
      if (u.cache_read_input_tokens != null) usage.cacheReadTokens = u.cache_read_input_tokens;
    };
    try {
      for await (const msg of readSse(res.body)) {
        if (!msg.data) continue;
        let data: Record<string, unknown>;
        try {
          data = JSON.parse(msg.data);
        } catch {
          throw new ProviderError('server', `The Anthropic API sent an event that is not JSON: ${msg.data.slice(0, 200)}`);
        }
        const type = (msg.event ?? data.type) as string;
        switch (type) {
          case 'message_start':
            takeUsage((data.message as { usage?: AnthropicUsage } | undefined)?.usage);
            break;
          case 'content_block_start': {
            const block = data.content_block as { type: string; id?: string; name?: string; text?: string };
            if (block.type === 'tool_use') yield tools.start(data.index as number, block.id!, block.name!);
            else if (block.type === 'text' && block.text) yield { type: 'text_delta', text: block.text };
            break;
          }
          case 'content_block_delta': {
            const delta = data.delta as { type: string; text?: string; partial_json?: string };
            if (delta.type === 'text_delta' && delta.text) yield { type: 'text_delta', text: delta.text };
            else if (delta.type === 'input_json_delta') {
              const e = tools.delta(data.index as number, delta.partial_json ?? '');
              if (e) yield e;
            }
            break;
          }
          case 'content_block_stop': {
            const e = tools.finish(data.index as number);
            if (e) yield e;
            break;
          }
          case 'message_delta':
            stop = STOP[(data.delta as { stop_reason?: string })?.stop_reason ?? ''] ?? 'other';
            takeUsage(data.usage as AnthropicUsage | undefined);
            break;
          case 'message_stop':
            for (const e of tools.finishAll()) yield e;
            if (sawUsage) yield { type: 'usage', usage };
            yield { type: 'stop', reason: stop ?? 'end_turn' };
            return;
          case 'error': {
            const err = (data.error ?? {}) as { type?: string; message?: string };
            const status = err.type === 'rate_limit_error' ? 429 : err.type === 'overloaded_error' ? 529 : err.type === 'api_error' ? 500 : 400;
            throw classifyHttpFailure(
              { status, message: err.message ?? '', ...(err.type ? { code: err.type } : {}), headers: new Headers() },
              { service: 'The Anthropic API', model: request.model, keyHint: this.keyHint },
            );
          }
          default:
            // ping and future event types
            break;
        }
      }
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      throw classifyFetchError(e, url);
    }
  }

  classify(error: unknown): ProviderError {
    return classifyFetchError(error, this.options.baseUrl);
  }
}
