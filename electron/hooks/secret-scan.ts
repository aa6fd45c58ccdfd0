// The built-in secret scan (the "Secret scan" hook template): finds credentials in text, in
// the added lines of a diff, or in a tool's input, and reports each with its location.
//
// Detection reuses the policy's redaction patterns (shared/policy/redact.ts — AWS keys,
// private keys, bearer tokens, well-known token shapes, passwords in URLs, values under
// secret-looking names): a line the redactor would change holds a candidate. Redaction errs
// towards hiding, a blocker must not cry wolf, so candidates that are plainly not secrets —
// placeholders, references to environment variables, short or low-entropy values, names such
// as `author` — are dropped. One check is added that redaction does not have: long
// high-entropy strings assigned under any name.

import picomatch from 'picomatch/posix';
import { REDACTED, redactText } from '../../shared/policy/redact';

export interface SecretFinding {
  path: string;
  line: number;
  /** 1-based. */
  column: number;
  kind: string;
  /** The value with its middle hidden: `AKIA…MPLE`. */
  preview: string;
}

/** Files where credentials tend to end up; the save hook watches these, and agent writes to them are scanned before they happen. */
export const CONFIG_PATTERNS = [
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '**/*.{json,jsonc,json5,yml,yaml,toml,ini,cfg,conf,properties,xml,tfvars,hcl}',
  '**/.npmrc',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
  '**/credentials',
  '**/*.{pem,key}',
];

/** Generated files full of hashes, never hand-written secrets. */
const SKIPPED = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Cargo\.lock|poetry\.lock|Gemfile\.lock|go\.sum)$/;

export const isLockFile = (rel: string) => SKIPPED.test(rel.replace(/\\/g, '/'));
const isConfigPath = picomatch(CONFIG_PATTERNS, { dot: true });
export const isScannedConfigPath = (rel: string) => !SKIPPED.test(rel) && isConfigPath(rel.replace(/\\/g, '/').replace(/^\.\//, ''));

const PRIVATE_KEY = /-----BEGIN ((?:[A-Z]+ )*)PRIVATE KEY-----/;
const AWS_KEY_ID = /^(AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}$/;
const TOKEN_SHAPES: [RegExp, string][] = [
  [/^(gh[pousr]_|github_pat_)/, 'GitHub token'],
  [/^glpat-/, 'GitLab token'],
  [/^xox[abposr]-/, 'Slack token'],
  [/^sk_live_/, 'Stripe secret key'],
  [/^sk-/, 'API secret key'],
  [/^AIza/, 'Google API key'],
  [/^npm_/, 'npm token'],
];
/** Values that name a secret rather than hold one. */
const PLACEHOLDER = /^(\$\{?[A-Za-z_]|%\(?[A-Za-z_]|\{\{|<[^>]*>$|\[[A-Z_ ]+\]$)|process\.env|os\.environ|getenv|secrets\.|vault:|changeme|change_me|example|placeholder|your[_-]|dummy|redacted|xxxx|\*\*\*|\.\.\.|…|^(true|false|null|none|nil|undefined|required|optional|string|number)$/i;
/** Names that contain "auth", "token", "key"… without holding a secret. */
const NOT_SECRET_NAME = /^(author|authors|authority|authored|authorized|authentication_?type|auth_?(type|method|mode|provider|url|uri|endpoint|domain|flow|enabled|required)|o?auth_?scopes?|token_?(type|url|uri|endpoint|name|lifetime|expiry|expires_in|limit|count)|tokenizer|max_?tokens|passwordless|password_?(policy|length|min\w*|max\w*|rules|reset\w*|field|label|hint)|cookie_?(name|domain|path|secure|samesite|max_?age)|signature_?(version|method|algorithm)|credentials?_?(provider|type|source|file|path))$/i;
const HASHY_NAME = /(integrity|hash|sha\d*|checksum|digest|etag|nonce|uuid|guid|commit|revision|\bid$|_id$|Id$)/;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function mask(value: string): string {
  const v = value.replace(/^["']|["']$/g, '');
  if (v.length <= 8) return `${v.slice(0, 2)}…`;
  return `${v.slice(0, 4)}…${v.slice(-4)}`;
}

/** Where the redactor would put «redacted» in a line: the original spans it hides. */
function redactedSpans(line: string): { start: number; end: number }[] {
  const red = redactText(line);
  if (red === line) return [];
  const parts = red.split(REDACTED);
  if (!line.startsWith(parts[0]!)) return [];
  const spans: { start: number; end: number }[] = [];
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length; i++) {
    const next = parts[i]!;
    let end: number;
    if (i === parts.length - 1) end = line.endsWith(next) ? line.length - next.length : line.length;
    else end = next ? line.indexOf(next, pos + 1) : pos + 1;
    if (end < pos) end = line.length;
    spans.push({ start: pos, end });
    pos = end + next.length;
  }
  return spans;
}

function classify(line: string, start: number, value: string): string | null {
  const before = line.slice(0, start);
  const v = value.replace(/^["']|["']$/g, '');
  if (AWS_KEY_ID.test(v)) return 'AWS access key id';
  if (/(aws_secret_access_key|secretAccessKey)["']?\s*[=:]\s*["']?$/i.test(before)) return 'AWS secret access key';
  const scheme = /\b(Bearer|Basic|Token)\s+$/.exec(before);
  if (scheme) return scheme[1] === 'Basic' ? 'basic-auth credentials' : 'bearer token';
  for (const [re, kind] of TOKEN_SHAPES) if (re.test(v)) return kind;
  if (/:\/\/[^\s:/@]+:$/.test(before)) return 'password in a URL';
  // A value under a secret-looking name: only when it looks like one.
  const name = /([A-Za-z0-9_.-]+)["']?\s*[=:]\s*$/.exec(before)?.[1] ?? /(--[a-z-]+)\s+$/.exec(before)?.[1] ?? '';
  if (NOT_SECRET_NAME.test(name.replace(/^.*[.-]/, '')) || NOT_SECRET_NAME.test(name)) return null;
  if (v.length < 8 || /\s/.test(v) || PLACEHOLDER.test(v) || /[()]/.test(v) || /^(https?:\/\/|\/|\.\.?\/|~\/)/.test(v) || /^[\d.,_-]+$/.test(v)) return null;
  if (entropy(v) < 3) return null;
  return `secret in ${name || 'an assignment'}`;
}

/** Long random-looking strings assigned under any name (what redaction does not look for). */
const ASSIGNED_STRING = /([A-Za-z0-9_.-]+)["']?\s*[=:]\s*["'`]([A-Za-z0-9+/=_-]{24,})["'`]/g;

function highEntropy(line: string, taken: { start: number; end: number }[]): { column: number; kind: string; value: string }[] {
  const out: { column: number; kind: string; value: string }[] = [];
  for (const m of line.matchAll(ASSIGNED_STRING)) {
    const value = m[2]!;
    const start = m.index! + m[0].lastIndexOf(value);
    if (taken.some((t) => start < t.end && start + value.length > t.start)) continue;
    const name = m[1]!;
    if (HASHY_NAME.test(name) || /^(sha\d+|md5)-/.test(value) || /^[0-9a-f]+$/i.test(value) || PLACEHOLDER.test(value)) continue;
    // Random base64 has upper case, lower case and digits, and around 4.5+ bits per character.
    if (!(/[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value)) || entropy(value) < 4) continue;
    out.push({ column: start + 1, kind: `high-entropy string in ${name}`, value });
  }
  return out;
}

/** Findings in one line. */
export function scanLine(line: string, path: string, lineNo: number): SecretFinding[] {
  const out: SecretFinding[] = [];
  const key = PRIVATE_KEY.exec(line);
  if (key) out.push({ path, line: lineNo, column: key.index + 1, kind: `${key[1] ? `${key[1].trim()} ` : ''}private key`, preview: 'BEGIN … PRIVATE KEY' });
  const spans = key ? [] : redactedSpans(line);
  for (const s of spans) {
    const value = line.slice(s.start, s.end);
    const kind = classify(line, s.start, value);
    const quoted = /^["']/.test(value) ? 1 : 0;
    if (kind) out.push({ path, line: lineNo, column: s.start + 1 + quoted, kind, preview: mask(value) });
  }
  for (const h of highEntropy(line, spans)) out.push({ path, line: lineNo, column: h.column, kind: h.kind, preview: mask(h.value) });
  return out;
}

/** Findings in a whole text (a file, a tool's content). */
export function scanText(text: string, path: string, firstLine = 1): SecretFinding[] {
  const lines = text.split(/\r?\n/);
  return lines.flatMap((l, i) => (l.length > 10_000 ? [] : scanLine(l, path, firstLine + i)));
}

/**
 * Findings in the lines a unified diff adds (`git diff --cached -U0`), at their line numbers
 * in the new file. Removed lines and generated lock files are not looked at.
 */
export function scanDiff(diff: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  let file: string | null = null;
  let lineNo = 0;
  for (const raw of diff.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      file = target === '/dev/null' ? null : target.replace(/^b\//, '').replace(/^"(.*)"$/, '$1');
      if (file && SKIPPED.test(file)) file = null;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      lineNo = Number(hunk[1]);
      continue;
    }
    if (!file) continue;
    if (line.startsWith('+')) {
      out.push(...scanLine(line.slice(1), file, lineNo));
      lineNo++;
    } else if (line.startsWith(' ')) lineNo++;
  }
  return out;
}

export const formatFinding = (f: SecretFinding) => `${f.path}:${f.line}:${f.column}: ${f.kind} (${f.preview})`;
