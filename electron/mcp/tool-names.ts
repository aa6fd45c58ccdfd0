import { createHash } from 'node:crypto';

/** What model APIs accept as a tool name (Anthropic, OpenAI, Bedrock all agree on this). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const clean = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');
const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 6);

/**
 * `mcp__<server>__<tool>` as the model sees it. Characters model APIs refuse become `_`;
 * a name that would be too long, or that two tools would share after cleaning, is cut and
 * given a short hash of the real names, so it stays unique and stable across restarts.
 */
export function qualifiedToolName(server: string, tool: string, taken: ReadonlySet<string> = new Set()): string {
  const plain = `mcp__${clean(server)}__${clean(tool)}`;
  const exact = clean(server) === server && clean(tool) === tool;
  if (plain.length <= 64 && exact && !taken.has(plain)) return plain;
  const suffix = `_${shortHash(`${server}\0${tool}`)}`;
  const name = plain.length + suffix.length <= 64 ? `${plain}${suffix}` : `${plain.slice(0, 64 - suffix.length)}${suffix}`;
  return name;
}
