import { diagAt } from '../../shared/kiro/diagnostics';
import type { KiroFileChecker } from '../kiro/check';
import { parseSidecar, SIDECAR_FILE } from './sidecar';

/** `kiro check` on a spec's `.specwright.json`: the approvals the board reads, or why it cannot read them. */
export const specApprovalsChecker: KiroFileChecker = {
  kind: 'spec-approvals',
  matches: (rel) => {
    const parts = rel.split('/');
    return parts.length === 3 && parts[0] === 'specs' && parts[2] === SIDECAR_FILE;
  },
  check(text) {
    const r = parseSidecar(text);
    if (r.kind !== 'ok') return { summary: { readable: false }, diagnostics: [diagAt('error', 'approvals.unreadable', r.kind === 'broken' ? r.message : `${SIDECAR_FILE} is missing.`, 1)] };
    const s = r.sidecar;
    return { summary: { readable: true, approved: Object.keys(s.approvals), stale: Object.keys(s.stale), quick: s.quick === true }, diagnostics: [] };
  },
};
