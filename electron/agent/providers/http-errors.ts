import { ProviderError } from './types';

/**
 * Providers sometimes quote part of a refused key in their message ("Incorrect API key
 * provided: sk-abc…xyz"). Messages reach the chat and the logs, so anything that looks
 * like a key is cut to its first characters.
 */
export function redactSecrets(text: string): string {
  return text.replace(/\b((?:sk|pk|rk|key|ak|api)[-_][A-Za-z0-9]{0,4})[A-Za-z0-9_*.-]{8,}/gi, '$1…').replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}/g, '$1…');
}

const CONTEXT_TOO_LONG = /context[_ ]length|context window|too long|too many tokens|maximum context|prompt is too long|exceeds? the (model'?s )?max/i;

/** Reads a Retry-After (seconds or an HTTP date) or retry-after-ms header. */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (Number.isFinite(Number(ra))) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export interface HttpFailure {
  status: number;
  /** The provider's error message, from its JSON body. */
  message: string;
  code?: string;
  headers: Headers;
}

/**
 * Classifies an HTTP error of an OpenAI-compatible or Anthropic endpoint. `keyHint` names
 * what to set when the key is refused (never the key itself).
 */
export function classifyHttpFailure(f: HttpFailure, what: { service: string; model: string; keyHint: string; notFoundHint?: string }): ProviderError {
  const extra = { status: f.status, ...(f.code ? { code: f.code } : {}), ...(retryAfterMs(f.headers) !== undefined ? { retryAfterMs: retryAfterMs(f.headers)! } : {}) };
  const said = f.message ? ` (${what.service} said: ${redactSecrets(f.message)})` : '';
  if (f.status === 429) return new ProviderError('throttled', `${what.service} is throttling requests (429)${said}.`, extra);
  if (f.status >= 500) return new ProviderError('server', `${what.service} had a server error (${f.status})${said}.`, extra);
  if (f.status === 401 || f.status === 403)
    return new ProviderError('auth', `${what.service} refused the credentials (${f.status})${said}. ${what.keyHint}`, extra);
  if (f.status === 404) return new ProviderError('not_found', `${what.service} does not know the model '${what.model}' (404)${said}.${what.notFoundHint ? ` ${what.notFoundHint}` : ''}`, extra);
  if ((f.status === 400 || f.status === 413) && (CONTEXT_TOO_LONG.test(f.message) || f.code === 'context_length_exceeded'))
    return new ProviderError('context_too_long', `The conversation is too long for ${what.model}${said}.`, extra);
  return new ProviderError('bad_request', `${what.service} rejected the request (${f.status})${said}.`, extra);
}

/** Pulls `message` and `code`/`type` out of the usual error bodies: `{error: {message, type, code}}`, `{message}`. */
export async function readHttpFailure(res: Response): Promise<HttpFailure> {
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 500);
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: { message?: string; type?: string; code?: string } | string; message?: string };
    if (typeof body.error === 'object' && body.error) {
      message = body.error.message ?? message;
      code = body.error.code ?? body.error.type;
    } else if (typeof body.error === 'string') message = body.error;
    else if (body.message) message = body.message;
  } catch {}
  return { status: res.status, message, ...(code ? { code } : {}), headers: res.headers };
}

/** Classifies what fetch throws: refused connections and resets, which say nothing about the model. */
export function classifyFetchError(e: unknown, where: string): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH')
    return new ProviderError('network', `Cannot reach ${where} (${code}). Is the server running and the base URL right?`, { code });
  return new ProviderError('network', `The connection to ${where} failed: ${err.cause?.message ?? err.message}.`, code ? { code } : {});
}
