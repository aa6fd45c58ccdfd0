import { z } from 'zod';
import { truncateMiddle } from '../../../shared/agent/fit';
import { ToolInputError, type AgentTool } from './types';

const Input = z.object({ url: z.string().min(1).max(8192).describe('An http:// or https:// URL.') });

const TEXT_TYPES = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|x-javascript|ld\+json|yaml|x-yaml|toml|markdown)|image\/svg\+xml)/i;
const TIMEOUT_MS = 30_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©' };

/** The readable text of an HTML page: scripts and styles dropped, blocks on their own lines, links kept as "text (url)". */
export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<(script|style|noscript|svg|template|head)\b[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(/<a\b[^>]*\bhref\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, text: string) => {
    const t = text.replace(/<[^>]+>/g, '').trim();
    return t && !href.startsWith('#') && !href.startsWith('javascript:') ? `${t} (${href})` : t;
  });
  s = s.replace(/<h([1-6])\b[^>]*>/gi, (_m, n: string) => `\n\n${'#'.repeat(Number(n))} `);
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<(br|hr)\b[^>]*\/?>/gi, '\n');
  s = s.replace(/<\/(p|div|section|article|header|footer|h[1-6]|ul|ol|table|tr|pre|blockquote)>/gi, '\n\n');
  s = s.replace(/<\/(td|th)>/gi, '\t');
  s = s.replace(/<[^>]+>/g, '');
  s = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Reads at most `max` bytes of a response body. */
async function readLimited(res: Response, max: number): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= max) {
      cut = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const all = new Uint8Array(Math.min(size, max));
  let off = 0;
  for (const c of chunks) {
    const take = Math.min(c.length, all.length - off);
    all.set(c.subarray(0, take), off);
    off += take;
    if (off >= all.length) break;
  }
  return { bytes: all, cut };
}

export function parseHttpUrl(given: string): URL {
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw new ToolInputError(`'${given}' is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ToolInputError(`Only http:// and https:// URLs can be fetched, not ${url.protocol}//.`);
  return url;
}

/** Fetches a page's text; shared by `fetch_url` and `#url`. */
export async function fetchText(url: URL, options: { maxBytes: number; signal?: AbortSignal; fetch?: typeof fetch }): Promise<{ text: string; contentType: string; status: number; cut: boolean; finalUrl: string }> {
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { redirect: 'follow', signal, headers: { accept: 'text/html, text/plain, text/markdown, application/json, */*;q=0.5', 'user-agent': 'Specwright-agent' } });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') throw new ToolInputError(`${url.href} did not answer within ${TIMEOUT_MS / 1000} s.`);
    if (err.name === 'AbortError') throw new ToolInputError('The fetch was stopped.');
    throw new ToolInputError(`Could not fetch ${url.href}: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
  }
  const finalUrl = res.url || url.href;
  if (!/^https?:/.test(finalUrl)) throw new ToolInputError(`${url.href} redirected to ${finalUrl}, which is not http(s).`);
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType && !TEXT_TYPES.test(contentType)) {
    await res.body?.cancel().catch(() => {});
    throw new ToolInputError(`${finalUrl} is ${contentType.split(';')[0]}, not text; fetch_url reads text pages only.`);
  }
  const { bytes, cut } = await readLimited(res, options.maxBytes);
  const raw = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const isHtml = /html/i.test(contentType) || (!contentType && /^\s*<(!doctype|html)/i.test(raw));
  return { text: isHtml ? htmlToText(raw) : raw, contentType, status: res.status, cut, finalUrl };
}

export const fetchUrlTool: AgentTool<z.infer<typeof Input>> = {
  name: 'fetch_url',
  category: 'web',
  description: 'Fetch a web page (http or https) and return its text (HTML is converted to plain text). Size-limited; text content only.',
  input: Input,
  async prepare(input, ctx) {
    const url = parseHttpUrl(input.url);
    return {
      action: { kind: 'fetch', url: url.href, method: 'GET' },
      mutates: false,
      label: `fetch_url ${url.href}`,
      async execute() {
        const r = await fetchText(url, { maxBytes: ctx.limits.fetchMaxBytes, signal: ctx.signal });
        const body = truncateMiddle(r.text, ctx.limits.toolOutputMaxChars, 'of the page');
        const notes = [r.cut ? `[Only the first ${ctx.limits.fetchMaxBytes} bytes were read.]` : '', body.truncated ? '[The page text was cut to fit.]' : ''].filter(Boolean).join(' ');
        const failed = r.status >= 400;
        return {
          content: `${failed ? `HTTP ${r.status} from ` : ''}${r.finalUrl}${r.contentType ? ` (${r.contentType.split(';')[0]})` : ''}\n\n${body.text}${notes ? `\n\n${notes}` : ''}`,
          isError: failed,
          summary: `HTTP ${r.status}, ${r.text.length} characters`,
        };
      },
    };
  },
};
