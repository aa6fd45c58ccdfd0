import { useId, useState } from 'react';
import { useSettings } from '../../../stores/settings-store';
import { SettingFrame } from '../SettingRow';
import { commitValue, resetValue, scopedValue } from '../values';
import { Field } from './Field';
import type { BlockProps } from './types';

const KINDS: [string, string][] = [
  ['small_question', 'Short questions (no # context, not asking for work)'],
  ['hook', 'Hook prompts'],
  ['chat', 'Other chat messages'],
  ['spec', 'Spec writing (requirements, design, tasks)'],
  ['task', 'Task runs'],
];

/** The `auto` rule as a table: which model is main and small, and where each kind of request goes. */
export function AutoRule({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  const value = scopedValue(view, scope, ['agent', 'auto']);
  const models = (scopedValue(view, scope, ['agent', 'models']).shown as { id: string; label?: string }[] | undefined) ?? [];
  const at = (path: string[]) => scopedValue(view, scope, ['agent', 'auto', ...path]);
  const set = (path: string[], v: unknown) => void commitValue(scope, ['agent', 'auto', ...path], v).then(setError);
  const pick = (role: 'main' | 'small') => {
    const current = String(at([role]).shown);
    return (
      <select className="setting-select" aria-label={`${role === 'main' ? 'Main' : 'Small'} model of the auto rule`} value={current} onChange={(e) => set([role], e.target.value)}>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label ? `${m.label} — ${m.id}` : m.id}
          </option>
        ))}
        {!models.some((m) => m.id === current) && <option value={current}>{current} (not in the list)</option>}
      </select>
    );
  };
  return (
    <SettingFrame
      leaf={{ key: 'agent.auto', label: 'The Auto Rule', group: 'Agent', userOnly: false, description: 'With the model set to Auto, each kind of request goes to the main or the small model.' }}
      scope={scope}
      value={{ ...value, own: value.own && Object.keys(value.own as object).some((k) => k === 'main' || k === 'small' || k === 'routes') ? value.own : undefined }}
      labelId={labelId}
      error={error}
      onReset={() => {
        void Promise.all(['main', 'small', 'routes'].map((k) => resetValue(scope, ['agent', 'auto', k]))).then((r) => setError(r.find(Boolean) ?? null));
      }}
    >
      <div className="auto-rule" role="group" aria-labelledby={labelId}>
        <label>
          Main model {pick('main')}
        </label>
        <label>
          Small model {pick('small')}
        </label>
        <table className="routes-table">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Goes to</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.map(([kind, words]) => (
              <tr key={kind}>
                <th scope="row">{words}</th>
                <td>
                  <select className="setting-select" aria-label={`Model for ${words}`} value={String(at(['routes', kind]).shown)} onChange={(e) => set(['routes', kind], e.target.value)}>
                    <option value="main">Main model</option>
                    <option value="small">Small model</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </SettingFrame>
  );
}

const LIMITS: [string, string][] = [
  ['session', 'Per session'],
  ['day', 'Per day'],
  ['month', 'Per month'],
];

/** Hard spending limits, in the usage currency; empty is no limit. */
export function Budgets({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const currency = useSettings((s) => s.effective.agent.usage.currency);
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  const value = scopedValue(view, scope, ['agent', 'budgets']);
  return (
    <SettingFrame
      leaf={{ key: 'agent.budgets', label: 'Budgets', group: 'Agent', userOnly: false, description: `Hard limits in ${currency}, priced from the models’ price table. The agent stops before a call whose worst-case cost would pass one, and says which. Empty: no limit.` }}
      scope={scope}
      value={value}
      labelId={labelId}
      error={error}
      onReset={() => void resetValue(scope, ['agent', 'budgets']).then(setError)}
    >
      <div className="budgets" role="group" aria-labelledby={labelId}>
        {LIMITS.map(([key, words]) => {
          const v = scopedValue(view, scope, ['agent', 'budgets', key]).shown as number | null | undefined;
          return (
            <label key={key}>
              {words}
              <span className="money">
                <span className="muted">{currency}</span>
                <Field type="number" label={`Budget ${words.toLowerCase()} (${currency})`} value={v} placeholder="No limit" onCommit={(n) => void commitValue(scope, ['agent', 'budgets', key], n === undefined ? null : n).then(setError)} />
              </span>
            </label>
          );
        })}
      </div>
    </SettingFrame>
  );
}
