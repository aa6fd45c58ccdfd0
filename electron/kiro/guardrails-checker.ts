import { diagAt } from '../../shared/kiro/diagnostics';
import { parseGuardrails } from '../../shared/policy/guardrails';
import type { KiroFileChecker } from './check';

/** `kiro check` on `.kiro/kiro.json`: the policy's own guardrail parser, so both agree. */
export const guardrailsChecker: KiroFileChecker = {
  kind: 'guardrails',
  matches: (rel) => rel === 'kiro.json',
  check(text, rel) {
    const state = parseGuardrails(text, `.kiro/${rel}`);
    const { deny, requireApproval } = state.rules;
    return {
      summary: {
        intact: state.intact,
        deny: deny.actions.length + deny.resources.length + deny.patterns.length,
        requireApproval: requireApproval.files.length + requireApproval.patterns.length,
      },
      diagnostics: state.diagnostics.map((d) =>
        diagAt(d.severity, d.key ? `guardrails.${d.key.replace(/^guardrails\./, '').replace(/\[\d+\]/g, '')}` : 'guardrails.file', d.message, d.line ?? 1, d.column ?? 1),
      ),
    };
  },
};
