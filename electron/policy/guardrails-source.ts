import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseGuardrails, type Guardrails, type GuardrailsState } from '../../shared/policy/guardrails';

export const GUARDRAILS_REL = '.kiro/kiro.json';

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

function merge(a: Guardrails, b: Guardrails): Guardrails {
  return {
    deny: { actions: union(a.deny.actions, b.deny.actions), resources: union(a.deny.resources, b.deny.resources), patterns: union(a.deny.patterns, b.deny.patterns) },
    requireApproval: { files: union(a.requireApproval.files, b.requireApproval.files), patterns: union(a.requireApproval.patterns, b.requireApproval.patterns) },
  };
}

/**
 * The workspace's guardrails, reloaded when `.kiro/kiro.json` changes. A broken file must
 * never make a deny rule silently disappear, so while it has errors:
 *  - every deny entry that can still be read from it is enforced,
 *  - the rules of the last good version seen since the workspace opened stay enforced too,
 *  - the state is marked not intact, and `decide` then lets nothing run without a person.
 * Deleting the file is a deliberate act (not an error): it removes the guardrails.
 */
export class GuardrailsSource {
  private lastGood: Guardrails | null = null;
  private state: GuardrailsState;
  exists = false;

  constructor(private readonly root: string) {
    this.state = parseGuardrails(null, GUARDRAILS_REL);
  }

  get current(): GuardrailsState {
    return this.state;
  }

  async reload(): Promise<GuardrailsState> {
    let text: string | null = null;
    try {
      text = await readFile(path.join(this.root, GUARDRAILS_REL), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        // Unreadable (permissions, a folder in its place): keep what we had, and ask for everything.
        this.state = {
          ...this.state,
          intact: false,
          diagnostics: [{ severity: 'error', key: '', message: `${GUARDRAILS_REL} cannot be read (${code ?? (e as Error).message}); the last guardrails stay in force.` }],
        };
        return this.state;
      }
    }
    this.exists = text !== null;
    const parsed = parseGuardrails(text, GUARDRAILS_REL);
    if (parsed.intact) {
      this.lastGood = parsed.rules;
      this.state = parsed;
    } else {
      const rules = this.lastGood ? merge(this.lastGood, parsed.rules) : parsed.rules;
      const kept = this.lastGood ? ' The deny rules of its last valid version stay in force, with every deny rule still readable.' : ' Every deny rule that can still be read is enforced.';
      this.state = {
        ...parsed,
        rules,
        diagnostics: [...parsed.diagnostics, { severity: 'error', key: '', message: `Until ${GUARDRAILS_REL} is fixed, nothing runs without your approval.${kept}` }],
      };
    }
    return this.state;
  }
}
