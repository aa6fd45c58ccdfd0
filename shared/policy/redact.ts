/**
 * Secret redaction for everything written to the audit log (and shown in exports).
 * Conservative: a false positive hides a harmless value; a false negative leaks a key.
 */

export const REDACTED = '«redacted»';

const SECRET_NAME = /(secret|token|passw(or)?d|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|session[_-]?key|signature|cookie|bearer)/i;

const PATTERNS: [RegExp, (m: string, ...g: string[]) => string][] = [
  // Authorization headers and bearer tokens (before NAME: value, which would take only the scheme).
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, kind) => `${kind} ${REDACTED}`],
  // NAME=value or NAME: value where the name says it is secret (env assignments, .env lines, --flag=value, headers).
  [
    /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|session[_-]?key|signature|cookie)[A-Za-z0-9_.-]*)(["']?\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"',;&|)]+)/gi,
    (_m, name, sep) => `${name}${sep}${REDACTED}`,
  ],
  // --token value, --password value, -p value is too ambiguous; the long forms are not.
  [/(--(?:[a-z-]*)(?:token|secret|password|passwd|api-key|access-key)[a-z-]*)(\s+)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/gi, (_m, flag, sp) => `${flag}${sp}${REDACTED}`],
  // AWS access key ids and the 40-character secrets that follow them.
  [/\b(AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g, () => REDACTED],
  [/(aws_secret_access_key|secretAccessKey|SecretAccessKey)(["']?\s*[=:]\s*["']?)[A-Za-z0-9/+=]{40}/g, (_m, k, sep) => `${k}${sep}${REDACTED}`],
  // Well-known token shapes.
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36})\b/g, () => REDACTED],
  // Passwords in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi, (_m, head) => `${head}${REDACTED}@`],
  // Private keys.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, () => `-----BEGIN PRIVATE KEY----- ${REDACTED}`],
];

export function redactText(text: string): string {
  let out = text;
  for (const [re, replace] of PATTERNS) out = out.replace(re, replace as (m: string, ...g: string[]) => string);
  return out;
}

/** Redacts every string in a JSON-like value; values under secret-looking keys are dropped whole. */
export function redactValue<T>(value: T, depth = 0): T {
  if (depth > 40) return value;
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_NAME.test(k) && typeof v === 'string' && !/^(authored|author|authority)$/i.test(k) ? REDACTED : redactValue(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
