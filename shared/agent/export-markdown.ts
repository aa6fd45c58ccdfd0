import { formatCost, type CostDisplay } from './cost';
import type { AgentSession, ToolCallRecord } from './session';

const fence = (text: string, lang = '') => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
};

const cut = (s: string, n = 4000) => (s.length > n ? `${s.slice(0, n)}\n… (${s.length - n} more characters)` : s);

function toolMarkdown(c: ToolCallRecord): string {
  const lines = [`<details><summary>🔧 <code>${c.name}</code> — ${c.status}${c.summary ? `: ${c.summary}` : ''}</summary>`, '', fence(JSON.stringify(c.input, null, 2), 'json')];
  if (c.decision) lines.push('', `Policy: ${c.decision.verdict}${c.decision.by ? ` (by ${c.decision.by})` : ''}${c.decision.reasons.length ? ` — ${c.decision.reasons.join('; ')}` : ''}`);
  if (c.checkpointId) lines.push('', `Checkpoint before: \`${c.checkpointId.slice(0, 12)}\``);
  if (c.result !== undefined) lines.push('', fence(cut(c.result)));
  lines.push('', '</details>');
  return lines.join('\n');
}

/** A session as a Markdown document: messages, tool calls (folded), notices, usage. */
export function sessionMarkdown(s: AgentSession, display: CostDisplay = { display: 'currency', currency: 'USD', currencyPerCredit: 0.01 }): string {
  const out = [`# ${s.title}`, '', `Exported from Specwright · started ${new Date(s.createdAt).toISOString()} · ${s.kind} session${s.origin ? ` (${s.origin})` : ''}`, ''];
  let cost = 0;
  for (const e of s.entries) {
    if (e.type === 'user') {
      out.push('## You', '');
      if (e.context.length) out.push(`Context: ${e.context.map((c) => `\`${c.label}\``).join(', ')}`, '');
      if (e.steering) out.push(`_${e.steering}_`, '');
      out.push(e.text, '');
    } else if (e.type === 'assistant') {
      cost += e.cost ?? 0;
      out.push(`## Agent (${e.modelId})`, '');
      if (e.text) out.push(e.text, '');
      for (const c of e.toolCalls) out.push(toolMarkdown(c), '');
      if (e.status !== 'complete') out.push(`_(${e.status}${e.error ? `: ${e.error.message}` : ''})_`, '');
      if (e.usage) out.push(`<sub>${e.usage.inputTokens} in · ${e.usage.outputTokens} out${e.usage.cacheReadTokens ? ` · ${e.usage.cacheReadTokens} cached` : ''}${e.cost !== undefined ? ` · ${formatCost(e.cost, display)}` : ''}</sub>`, '');
    } else if (e.type === 'notice') {
      out.push(`> **${e.kind}**: ${e.message}`, '');
    } else {
      out.push(`> **Summary of ${e.covered} earlier messages** (compacted to fit the context window)`, '>', ...e.text.split('\n').map((l) => `> ${l}`), '');
    }
  }
  out.push('---', '', `Total estimated cost: ${formatCost(cost, display)}`, '');
  return out.join('\n');
}

export const exportFileName = (s: Pick<AgentSession, 'title' | 'createdAt'>) =>
  `${new Date(s.createdAt).toISOString().slice(0, 10)}-${s.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50) || 'session'}.md`;
