import { useId, useState } from 'react';
import { isRuleProblem, parseTrustRule } from '../../../../shared/policy/trust-rules';
import { getAt } from '../../../../shared/settings/validate';
import { useSettings } from '../../../stores/settings-store';
import { ask } from '../../../ui/dialog-store';
import { Icon } from '../../../ui/icons';
import { SettingFrame } from '../SettingRow';
import type { BlockProps } from './types';
import { commitValue, resetValue, scopedValue } from '../values';

const PATH = ['policy', 'trustedCommands'];
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/**
 * Trusted commands. Unlike other settings the two scopes add up — the policy applies your
 * rules and the workspace's — so each scope edits its own list and the other is shown
 * beside it. `*` gets a warning no one can miss.
 */
export function TrustedCommands({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const labelId = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const value = scopedValue(view, scope, PATH);
  const own = list(value.own);
  const other = scope === 'user' ? list(getAt(view?.workspace?.values, PATH)) : list(getAt(view?.user.values, PATH));
  const everything = [...own, ...other].includes('*');

  const save = async (next: string[]) => {
    const problem = await commitValue(scope, PATH, next);
    setError(problem);
    return problem;
  };
  const add = async () => {
    const rule = draft.trim().replace(/\s+/g, ' ');
    if (!rule) return;
    const parsed = parseTrustRule(rule, scope);
    if (isRuleProblem(parsed)) return setError(`policy.trustedCommands: "${rule}": ${parsed.message}`);
    if (own.includes(rule)) return setError(`policy.trustedCommands: "${rule}" is already in the list.`);
    if (rule === '*') {
      const sure = await ask('Trust every command?', 'The rule * lets the agent run any command without asking you. Guardrails, structure checks and high-risk checks still apply, but everything else runs on its own.', [
        { label: 'Cancel', value: 'cancel' },
        { label: 'Trust every command', value: 'trust', danger: true, primary: true },
      ]);
      if (sure !== 'trust') return;
    }
    if ((await save([...own, rule])) === null) setDraft('');
  };

  return (
    <SettingFrame
      leaf={{ key: 'policy.trustedCommands', label: 'Trusted Commands', group: 'Policy', userOnly: false, description: 'Commands the agent may run without asking, in Kiro’s rule syntax: `npm test` (exactly), `npm run *` (with any arguments), `git *`. A line runs only when every command in it matches a rule and it holds nothing a rule cannot vouch for ($( ), redirections, sudo…); high-risk commands always ask.' }}
      scope={scope}
      value={value}
      labelId={labelId}
      error={error}
      onReset={() => void resetValue(scope, PATH).then(setError)}
    >
      {everything && (
        <div className="setting-warning loud" role="alert">
          <Icon name="warning" size={18} />
          <span>
            <strong>The rule * trusts every command.</strong> The agent runs any command without asking you; only guardrails, structure checks and high-risk checks still stop it. Remove * unless this machine is disposable.
          </span>
        </div>
      )}
      <p className="setting-note">
        <Icon name="info" size={14} />
        <span>
          Both lists apply: your user rules everywhere, and each workspace’s rules in that folder ({own.length + other.length} {own.length + other.length === 1 ? 'rule' : 'rules'} in effect here).
        </span>
      </p>
      <div className="setting-list" role="group" aria-labelledby={labelId}>
        <ul aria-label={scope === 'user' ? 'Your trusted commands' : 'This workspace’s trusted commands'}>
          {own.map((rule) => (
            <li key={rule} className={rule === '*' ? 'danger' : undefined}>
              <code>{rule}</code>
              <button className="icon-button" aria-label={`Remove ${rule}`} title="Remove" onClick={() => void save(own.filter((r) => r !== rule))}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
          {own.length === 0 && <li className="muted">No rules {scope === 'user' ? 'in your user settings' : 'in this workspace'}.</li>}
        </ul>
        <div className="setting-add">
          <input
            type="text"
            className="setting-input mono"
            aria-label="New trusted command"
            placeholder="npm test, npm run *, git status…"
            value={draft}
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void add();
            }}
          />
          <button className="button small" disabled={!draft.trim()} onClick={() => void add()}>
            Add rule
          </button>
        </div>
        {other.length > 0 && (
          <p className="setting-note muted">
            Also in effect, from {scope === 'user' ? 'this workspace' : 'your user settings'}:{' '}
            {other.map((r) => (
              <code key={r} className="chip">
                {r}
              </code>
            ))}
          </p>
        )}
      </div>
    </SettingFrame>
  );
}
