import { z } from 'zod';

/**
 * The provider-neutral conversation model. Every adapter converts from this to its wire
 * format (Bedrock Converse, OpenAI chat completions, Anthropic Messages) and back, so the
 * loop, persistence and the chat UI never see a provider's own shapes.
 */

export const TextBlock = z.object({ type: z.literal('text'), text: z.string() });
export type TextBlock = z.infer<typeof TextBlock>;

export const ImageBlock = z.object({
  type: z.literal('image'),
  mediaType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  /** base64, without a `data:` prefix */
  data: z.string(),
});
export type ImageBlock = z.infer<typeof ImageBlock>;

export const ToolUseBlock = z.object({
  type: z.literal('tool_use'),
  /** The provider's tool-call id; the matching result carries it back. */
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
export type ToolUseBlock = z.infer<typeof ToolUseBlock>;

export const ToolResultBlock = z.object({
  type: z.literal('tool_result'),
  toolUseId: z.string(),
  /** What the model reads: plain text (a tool's output, or the error it should act on). */
  content: z.string(),
  isError: z.boolean().default(false),
});
export type ToolResultBlock = z.infer<typeof ToolResultBlock>;

export const ContentBlock = z.discriminatedUnion('type', [TextBlock, ImageBlock, ToolUseBlock, ToolResultBlock]);
export type ContentBlock = z.infer<typeof ContentBlock>;

export const ChatMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.array(ContentBlock),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ToolSpec = z.object({
  /** Stable tool name (`read_file`, `run_command`, …); hooks and the audit log refer to it. */
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string(),
  /** A JSON schema object describing the input. */
  inputSchema: z.record(z.string(), z.unknown()),
});
export type ToolSpec = z.infer<typeof ToolSpec>;

/** One call to a model: everything an adapter needs, nothing provider-specific. */
export interface ModelRequest {
  /** The provider's model id, e.g. `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `gpt-4o-mini`, `llama3.1:8b`. */
  model: string;
  system?: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  maxTokens: number;
  temperature?: number;
}

export const textOf = (blocks: readonly ContentBlock[]): string =>
  blocks
    .filter((b): b is TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('');
