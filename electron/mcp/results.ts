import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** An image from a tool result, for the chat's tool card. */
export interface ResultMedia {
  type: 'image';
  mimeType: string;
  /** base64 */
  data: string;
}

export interface FormattedResult {
  /** What the model reads. */
  text: string;
  isError: boolean;
  /** One line for the tool card: "2 text blocks, 1 image", "error: …". */
  summary: string;
  /** Images, each at most MAX_MEDIA_BASE64 characters of base64 (larger ones are described, not kept). */
  media: ResultMedia[];
  truncated: boolean;
}

// Kept in the session file with the call, so bounded: about 512 KB per image, 4 per result.
const MAX_MEDIA_BASE64 = 700_000;
const MAX_MEDIA = 4;

const size = (base64: string) => {
  const bytes = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  return bytes >= 1024 * 1024 ? `${(bytes / 1048576).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
};

/**
 * A tool result as text for the model — text blocks as they are, embedded text resources
 * with their URI, images, audio, binary resources and links described in one line each —
 * cut to `maxChars` with a note that says how much was left out.
 */
export function formatToolResult(result: CallToolResult, maxChars: number): FormattedResult {
  const parts: string[] = [];
  const media: ResultMedia[] = [];
  const counts = new Map<string, number>();
  const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const block of result.content ?? []) {
    switch (block.type) {
      case 'text':
        count('text');
        parts.push(block.text);
        break;
      case 'image': {
        count('image');
        const keep = media.length < MAX_MEDIA && block.data.length <= MAX_MEDIA_BASE64;
        if (keep) media.push({ type: 'image', mimeType: block.mimeType, data: block.data });
        parts.push(`[image: ${block.mimeType}, ${size(block.data)}${keep ? ', shown to the person in the chat' : ''}; images are not passed to the model]`);
        break;
      }
      case 'audio':
        count('audio');
        parts.push(`[audio: ${block.mimeType}, ${size(block.data)}; not passed to the model]`);
        break;
      case 'resource_link':
        count('link');
        parts.push(`[resource link: ${block.name}${block.title ? ` (${block.title})` : ''} <${block.uri}>${block.mimeType ? ` ${block.mimeType}` : ''}${block.description ? ` — ${block.description}` : ''}]`);
        break;
      case 'resource': {
        count('resource');
        const r = block.resource;
        if ('text' in r && typeof r.text === 'string') parts.push(`[resource <${r.uri}>${r.mimeType ? ` ${r.mimeType}` : ''}]\n${r.text}`);
        else if ('blob' in r && typeof r.blob === 'string') parts.push(`[resource <${r.uri}>: ${r.mimeType ?? 'binary'}, ${size(r.blob)} of binary data; not passed to the model]`);
        break;
      }
      default:
        count('other');
        parts.push(`[${(block as { type: string }).type} content]`);
    }
  }
  if (result.structuredContent !== undefined && !counts.get('text')) {
    count('structured');
    parts.push(JSON.stringify(result.structuredContent, null, 2));
  }
  let text = parts.join('\n\n');
  if (!text) text = result.isError ? '(the tool reported an error without a message)' : '(the tool returned no content)';
  let truncated = false;
  if (text.length > maxChars) {
    const total = text.length;
    text = `${text.slice(0, maxChars)}\n\n[… the result was cut: the first ${maxChars.toLocaleString('en')} of ${total.toLocaleString('en')} characters are shown.]`;
    truncated = true;
  }
  const isError = result.isError === true;
  const what = [...counts].map(([k, n]) => `${n} ${k === 'text' ? 'text block' : k}${n > 1 ? 's' : ''}`).join(', ') || 'empty';
  const first = (parts[0] ?? '').split('\n')[0]!.slice(0, 100);
  const summary = isError ? `error: ${first}` : `${what}${truncated ? ' (cut)' : ''}`;
  return { text, isError, summary, media, truncated };
}
