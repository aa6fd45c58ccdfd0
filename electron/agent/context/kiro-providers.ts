import { listSpecs } from '../../kiro/specs';
import { resolveSteering } from '../../steering/resolve';
import type { SteeringLoader } from '../../steering/loader';
import type { SteeringSource } from '../ports';
import type { ContextProvider } from './registry';

/** The steering loader (`.kiro/steering`, `~/.kiro/steering`, AGENTS.md) as the loop's steering source. */
export function steeringSource(loader: SteeringLoader): SteeringSource {
  return {
    async resolve({ files, text }) {
      const r = await resolveSteering(await loader.refresh(), { files, text });
      return { summary: r.summary, included: r.included.map((i) => ({ name: i.name, file: i.file, why: i.why, content: i.content })) };
    },
  };
}

/**
 * `#steering <name>`: one steering file, whatever its inclusion mode, with its `#[[file:…]]`
 * includes read now. Replaceable: the steering feature may register its own.
 */
export function steeringProvider(loader: SteeringLoader): ContextProvider {
  return {
    id: 'steering',
    label: 'steering',
    description: 'A steering file (.kiro/steering, AGENTS.md)',
    argument: 'choice',
    replaceable: true,
    async suggest(query) {
      const set = await loader.refresh();
      const q = query.toLowerCase();
      return set.files
        .filter((f) => f.doc.name.toLowerCase().includes(q) || f.display.toLowerCase().includes(q))
        .map((f) => ({ value: f.doc.name, label: f.doc.name, detail: `${f.display} · ${f.scope === 'agents' ? 'always' : f.doc.inclusion}` }));
    },
    async resolve(ref) {
      const set = await loader.refresh();
      const r = await resolveSteering(set, { mentions: [ref.arg ?? ''] });
      const hit = r.included.find((i) => i.name.toLowerCase() === (ref.arg ?? '').toLowerCase());
      if (!hit) throw new Error(`There is no steering file named '${ref.arg}'.`);
      return { title: `${hit.file} (${hit.mode})`, text: hit.content };
    },
  };
}

/** `#spec <name>`: a spec's requirements (or bugfix), design and tasks. Replaceable: the specs feature may register its own. */
export function specProvider(root: string): ContextProvider {
  return {
    id: 'spec',
    label: 'spec',
    description: 'A spec: its requirements, design and tasks',
    argument: 'choice',
    replaceable: true,
    async suggest(query) {
      const q = query.toLowerCase();
      return (await listSpecs(root))
        .filter((s) => s.name.toLowerCase().includes(q))
        .map((s) => ({ value: s.rel, label: s.name, detail: `${s.rel} · ${s.spec.type}` }));
    },
    async resolve(ref) {
      const specs = await listSpecs(root);
      const s = specs.find((x) => x.rel === ref.arg || x.name === ref.arg);
      if (!s) throw new Error(`There is no spec '${ref.arg}' under .kiro/specs.`);
      const parts = (['requirements.md', 'bugfix.md', 'design.md', 'tasks.md'] as const).flatMap((f) => (s.texts[f] ? [`<file path="${s.rel}/${f}">\n${s.texts[f]}\n</file>`] : []));
      if (!parts.length) throw new Error(`The spec '${s.name}' has no documents yet.`);
      return { title: `spec ${s.name} (${parts.length} documents)`, text: parts.join('\n\n'), files: [] };
    },
  };
}
