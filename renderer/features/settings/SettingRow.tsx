import { useId, useState, type ReactNode } from 'react';
import type { SettingsScope } from '../../../shared/contract';
import { useSettings } from '../../stores/settings-store';
import { Icon } from '../../ui/icons';
import { CONTROLS, type ControlProps } from './controls';
import type { SettingLeaf } from './schema-model';
import { Text } from './Text';
import { commitValue, resetValue, scopedValue, type ScopedValue } from './values';

const show = (v: unknown) => (typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v));

/** The title, key, description, state and problems around a setting's control. */
export function SettingFrame({
  leaf,
  scope,
  value,
  labelId,
  error,
  onReset,
  children,
}: {
  leaf: Pick<SettingLeaf, 'key' | 'label' | 'group' | 'description' | 'userOnly'>;
  scope: SettingsScope;
  value: ScopedValue;
  labelId: string;
  error: string | null;
  onReset: () => void;
  children: ReactNode;
}) {
  const modified = value.own !== undefined;
  const overridden = scope === 'user' && value.source === 'workspace';
  const problems = [...(error ? [error] : []), ...value.issues.filter((i) => i !== error)];
  return (
    <div className={['setting', modified && 'modified', problems.length > 0 && 'invalid'].filter(Boolean).join(' ')} data-key={leaf.key}>
      <div className="setting-head">
        <span className="setting-title" id={labelId}>
          {leaf.group !== leaf.label && <span className="setting-group">{leaf.group} › </span>}
          {leaf.label}
        </span>
        {modified && <span className="setting-badge">{scope === 'user' ? 'Set in user settings' : 'Set in this workspace'}</span>}
        {modified && (
          <button className="icon-button setting-reset" aria-label={`Reset ${leaf.key}`} title={scope === 'user' ? 'Reset to the default' : 'Remove from this workspace’s settings (your user setting or the default applies)'} onClick={onReset}>
            <Icon name="refresh" size={14} />
          </button>
        )}
      </div>
      <code className="setting-key">{leaf.key}</code>
      {leaf.description && (
        <p className="setting-desc">
          <Text>{leaf.description}</Text>
        </p>
      )}
      <div className="setting-control">{children}</div>
      {problems.map((p) => (
        <p key={p} className="setting-error" role="alert">
          {p}
        </p>
      ))}
      {overridden && (
        <p className="setting-note">
          <Icon name="info" size={14} />
          <span>
            This workspace sets its own value (<code>{show(value.effective)}</code>), which is the one in effect here.
          </span>
        </p>
      )}
      {scope === 'workspace' && !modified && !leaf.userOnly && (
        <p className="setting-note muted">Not set in this workspace: {value.source === 'user' ? 'your user setting' : 'the default'} applies.</p>
      )}
      {scope === 'workspace' && leaf.userOnly && <p className="setting-note muted">Set this in your user settings: a workspace cannot.</p>}
    </div>
  );
}

/** One setting with the control its schema calls for. */
export function SettingRow({ leaf, scope }: { leaf: SettingLeaf; scope: SettingsScope }) {
  const view = useSettings((s) => s.view);
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  const value = scopedValue(view, scope, leaf.path);
  const Control = CONTROLS[leaf.kind] as (p: ControlProps) => ReactNode;
  const commit = async (v: unknown) => {
    const problem = await commitValue(scope, leaf.path, v);
    setError(problem);
    return problem;
  };
  const reset = async () => setError(await resetValue(scope, leaf.path));
  return (
    <SettingFrame leaf={leaf} scope={scope} value={value} labelId={labelId} error={error} onReset={() => void reset()}>
      <Control leaf={leaf} value={value.shown} labelId={labelId} disabled={!view || (scope === 'workspace' && leaf.userOnly)} commit={commit} />
    </SettingFrame>
  );
}
