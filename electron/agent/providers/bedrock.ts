import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ContentBlock as BedrockBlock,
  type ConverseStreamCommandInput,
  type Message as BedrockMessage,
  type ToolUseBlock as BedrockToolUse,
} from '@aws-sdk/client-bedrock-runtime';
import type { ContentBlock, ModelRequest } from '../../../shared/agent/messages';
import type { StopReason, StreamEvent, Usage } from '../../../shared/agent/stream';
import { ToolInputAssembler } from './tool-input';
import { ProviderError, type ProviderAdapter } from './types';

export interface BedrockOptions {
  /** null/undefined: the AWS configuration decides (AWS_REGION, the profile's `region`). */
  region?: string | null;
  /** null/undefined: AWS_PROFILE, or the default profile. */
  profile?: string | null;
}

const FORMATS = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' } as const;

function toBedrockBlock(b: ContentBlock): BedrockBlock | null {
  switch (b.type) {
    case 'text':
      // Converse refuses blank text blocks.
      return b.text.trim() ? { text: b.text } : null;
    case 'image':
      return { image: { format: FORMATS[b.mediaType], source: { bytes: Buffer.from(b.data, 'base64') } } };
    case 'tool_use':
      return { toolUse: { toolUseId: b.id, name: b.name, input: b.input as BedrockToolUse['input'] } };
    case 'tool_result':
      return { toolResult: { toolUseId: b.toolUseId, content: [{ text: b.content || '(no output)' }], status: b.isError ? 'error' : 'success' } };
  }
}

/** The ConverseStream input for a neutral request; the model id (or inference profile id, or ARN) is passed through unchanged. */
export function toConverseInput(request: ModelRequest): ConverseStreamCommandInput {
  const messages: BedrockMessage[] = request.messages.map((m) => ({ role: m.role, content: m.content.map(toBedrockBlock).filter((b) => b !== null) }));
  const usesTools = request.messages.some((m) => m.content.some((b) => b.type === 'tool_use' || b.type === 'tool_result'));
  return {
    modelId: request.model,
    messages,
    ...(request.system ? { system: [{ text: request.system }] } : {}),
    inferenceConfig: { maxTokens: request.maxTokens, ...(request.temperature !== undefined ? { temperature: request.temperature } : {}) },
    ...(request.tools?.length || usesTools
      ? {
          toolConfig: {
            tools: (request.tools ?? []).map((t) => ({
              toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema as never } },
            })),
          },
        }
      : {}),
  };
}

const STOP: Record<string, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  guardrail_intervened: 'content_filtered',
  content_filtered: 'content_filtered',
};

const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);
const SERVER = new Set(['InternalServerException', 'ServiceUnavailableException', 'ModelStreamErrorException', 'ModelTimeoutException', 'ModelNotReadyException', 'ModelErrorException']);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException', 'MissingAuthenticationTokenException', 'InvalidClientTokenId']);
const CONTEXT_TOO_LONG = /too long|context (length|window)|too many (input )?tokens|max(imum)? (input )?tokens/i;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * Amazon Bedrock's ConverseStream with `toolConfig`, through the AWS SDK and its standard
 * configuration: the default credential chain (environment, shared config and credentials
 * files, SSO, process, web identity, container/instance roles), AWS_PROFILE, AWS_REGION,
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME and AWS_BEARER_TOKEN_BEDROCK are all resolved by the SDK
 * itself; settings may name a region and a profile. The SDK's own retries are switched off
 * (`maxAttempts: 1`) so that every retry is ours and visible as a `retry` event.
 */
export class BedrockAdapter implements ProviderAdapter {
  readonly id = 'bedrock' as const;
  readonly client: BedrockRuntimeClient;

  constructor(private readonly options: BedrockOptions = {}) {
    this.client = new BedrockRuntimeClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      maxAttempts: 1,
    });
  }

  /** The profile the SDK will use, for messages. */
  private get profile(): string {
    return this.options.profile || process.env.AWS_PROFILE || 'default';
  }

  async *attempt(request: ModelRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const response = await this.client.send(new ConverseStreamCommand(toConverseInput(request)), { abortSignal: signal });
    if (!response.stream) throw new ProviderError('server', 'Bedrock answered without a stream.');
    const tools = new ToolInputAssembler();
    let usage: Usage | null = null;
    let stop: StopReason | null = null;
    for await (const ev of response.stream) {
      if (ev.contentBlockStart?.start?.toolUse) {
        const t = ev.contentBlockStart.start.toolUse;
        yield tools.start(ev.contentBlockStart.contentBlockIndex ?? 0, t.toolUseId ?? `tool_${ev.contentBlockStart.contentBlockIndex}`, t.name ?? 'unknown');
      } else if (ev.contentBlockDelta?.delta) {
        const d = ev.contentBlockDelta.delta;
        if (d.text) yield { type: 'text_delta', text: d.text };
        else if (d.toolUse) {
          const e = tools.delta(ev.contentBlockDelta.contentBlockIndex ?? 0, d.toolUse.input ?? '');
          if (e) yield e;
        }
      } else if (ev.contentBlockStop) {
        const e = tools.finish(ev.contentBlockStop.contentBlockIndex ?? 0);
        if (e) yield e;
      } else if (ev.messageStop) {
        stop = STOP[ev.messageStop.stopReason ?? ''] ?? 'other';
      } else if (ev.metadata?.usage) {
        const u = ev.metadata.usage;
        usage = {
          inputTokens: u.inputTokens ?? 0,
          outputTokens: u.outputTokens ?? 0,
          cacheReadTokens: u.cacheReadInputTokens ?? 0,
          cacheWriteTokens: u.cacheWriteInputTokens ?? 0,
          estimated: false,
        };
      }
    }
    // Bedrock sends `metadata` (usage) after `messageStop`, so the stop is given last.
    if (stop) {
      yield* tools.finishAll();
      if (usage) yield { type: 'usage', usage };
      yield { type: 'stop', reason: stop };
    }
  }

  classify(error: unknown, request: ModelRequest): ProviderError {
    if (error instanceof ProviderError) return error;
    const e = error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string; code?: string; cause?: { code?: string } };
    const name = e?.name ?? 'Error';
    const message = e?.message ?? String(error);
    const status = e.$metadata?.httpStatusCode;
    const extra = { ...(status !== undefined ? { status } : {}), code: name };
    const said = ` (Bedrock said: ${message})`;
    const profile = this.profile;

    if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /Could not load credentials|credential/i.test(message) && !status) {
      if (/sso|token/i.test(message))
        return new ProviderError('auth', `The AWS SSO login for profile '${profile}' is missing or has expired: run \`aws sso login --profile ${profile}\`.`, extra);
      return new ProviderError(
        'auth',
        'No AWS credentials found. Set AWS_PROFILE (or agent.bedrock.profile) to a profile in ~/.aws/config — for an SSO profile run `aws sso login --profile NAME` — or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key).',
        extra,
      );
    }
    if (/region is missing/i.test(message)) return new ProviderError('auth', 'No AWS region: set AWS_REGION, a `region` in your AWS profile, or agent.bedrock.region.', extra);
    if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || (status === 403 && /expired/i.test(message))) {
      // Keys from the environment win over any profile: name what to refresh.
      if (process.env.AWS_ACCESS_KEY_ID && !this.options.profile)
        return new ProviderError('auth', `The AWS credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN have expired: set fresh ones, or unset them and use a profile (\`aws sso login --profile NAME\`)${said}.`, extra);
      return new ProviderError('auth', `The AWS credentials of profile '${profile}' have expired: run \`aws sso login --profile ${profile}\` (SSO) or refresh them${said}.`, extra);
    }
    if (BAD_CREDENTIALS.has(name))
      return new ProviderError('auth', `AWS rejected the credentials of profile '${profile}'${said}. Check AWS_PROFILE / AWS_ACCESS_KEY_ID, or run \`aws sso login --profile ${profile}\`.`, extra);
    if (name === 'AccessDeniedException')
      return new ProviderError(
        'auth',
        `Bedrock denied access to ${request.model}${said}. Enable access to this model in the Bedrock console (Model access) for your region, and check that your IAM policy allows bedrock:InvokeModelWithResponseStream.`,
        extra,
      );
    if (THROTTLED.has(name) || status === 429) return new ProviderError('throttled', `Bedrock is throttling requests${said}.`, extra);
    if (SERVER.has(name) || (status !== undefined && status >= 500)) return new ProviderError('server', `Bedrock had a server error${said}.`, extra);
    if (name === 'ValidationException' && CONTEXT_TOO_LONG.test(message)) return new ProviderError('context_too_long', `The conversation is too long for ${request.model}${said}.`, extra);
    if (name === 'ResourceNotFoundException' || (name === 'ValidationException' && /model identifier|model id|inference profile/i.test(message)))
      return new ProviderError('not_found', `Bedrock does not know the model '${request.model}' in this region${said}. Check the model id (cross-region inference profiles start with us., eu. or apac.) and the region.`, extra);
    if (name === 'ValidationException' || (status !== undefined && status >= 400)) return new ProviderError('bad_request', `Bedrock rejected the request${said}.`, extra);
    const netCode = e.code ?? e.cause?.code;
    if ((netCode && NETWORK_CODES.has(netCode)) || name === 'TimeoutError' || /HTTP\/2|socket|ECONN|stream/i.test(message))
      return new ProviderError('network', `The connection to Bedrock failed: ${message}`, { code: netCode ?? name });
    return new ProviderError(e.$fault === 'server' ? 'server' : 'bad_request', `Bedrock call failed: ${name}: ${message}`, extra);
  }

  dispose(): void {
    this.client.destroy();
  }
}
