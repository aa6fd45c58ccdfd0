// `#spec:<name>` in the chat: the spec's documents, in workflow order, as the model reads them.

import type { SpecCard } from '../../shared/contract/specs';
import { docText, type SpecEntry } from './card';
import { docFile } from './phase';

export interface SpecContext {
  title: string;
  text: string;
  /** Workspace files it brought in (steering `fileMatch` sees them). */
  files: string[];
}

const STATUS: Record<string, string> = { draft: 'draft, not approved yet', approved: 'approved', inferred: 'accepted', stale: 'stale: an earlier phase was reopened after it was written', skipped: 'skipped', missing: 'not written' };

export function specContext(e: SpecEntry, card: SpecCard): SpecContext {
  const parts: string[] = [`Spec "${card.name}" (${card.type}, ${card.workflow}) at ${card.id} — phase: ${card.phase}${card.progress.total ? `, ${card.progress.requiredDone}/${card.progress.required} required tasks done` : ''}.`];
  if (card.description) parts.push(`What was asked for: ${card.description}`);
  const files: string[] = [];
  for (const d of card.documents) {
    const text = docText(e, d.key);
    const file = docFile(d.key, e.folder.spec.type, e.folder.texts);
    if (!text?.trim()) {
      parts.push(`${file}: ${STATUS[d.status] ?? d.status}.`);
      continue;
    }
    files.push(`${card.id}/${file}`);
    parts.push(`--- ${card.id}/${file} (${STATUS[d.status] ?? d.status}) ---\n${text.trimEnd()}`);
  }
  return { title: `spec ${card.name} (${files.length} document${files.length === 1 ? '' : 's'})`, text: parts.join('\n\n'), files };
}

/** Finds the spec a `#spec:` argument names: the folder name, or its path for two specs of the same name in a monorepo. */
export function findSpec(cards: SpecCard[], arg: string): SpecCard | { error: string } {
  const q = arg.trim().replace(/\/+$/, '');
  if (!q) return { error: 'Name a spec: #spec:<folder name>.' };
  const exact = cards.filter((c) => c.id === q || c.name === q);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return { error: `Several specs are named "${q}": ${exact.map((c) => c.id).join(', ')}; use the path.` };
  const loose = cards.filter((c) => c.name.toLowerCase().includes(q.toLowerCase()));
  if (loose.length === 1) return loose[0]!;
  return { error: loose.length ? `"${q}" matches ${loose.map((c) => c.name).join(', ')}; name one.` : `There is no spec "${q}" (the specs are: ${cards.map((c) => c.name).join(', ') || 'none'}).` };
}

/** Suggestions for `#spec:` as the person types. */
export function suggestSpecs(cards: SpecCard[], query: string) {
  const q = query.toLowerCase();
  return cards
    .filter((c) => !q || c.name.toLowerCase().includes(q) || c.id.toLowerCase().includes(q))
    .slice(0, 50)
    .map((c) => ({ value: cards.filter((x) => x.name === c.name).length > 1 ? c.id : c.name, label: c.name, detail: `${c.phase}${c.owner ? ` · ${c.owner}` : ''}` }));
}
