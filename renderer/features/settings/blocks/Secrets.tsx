import { useEffect, useMemo, useState } from 'react';
import { SecretName } from '../../../../shared/contract/secrets';
import type { Settings } from '../../../../shared/settings';
import { api } from '../../../api/client';
import { useApp } from '../../../stores/app-store';
import { notifyInfo } from '../../../stores/notifications';
import { useSettings } from '../../../stores/settings-store';
import { ask } from '../../../ui/dialog-store';
import { Icon } from '../../../ui/icons';

/** Every key name the settings refer to, with what uses it. */
function keyUses(s: Settings): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (name: string | undefined, what: string) => {
    if (!name) return;
    uses.set(name, [...(uses.get(name) ?? []), what]);
  };
  add(s.agent.openai.apiKeyName, 'OpenAI-compatible models');
  add(s.agent.anthropic.apiKeyName, 'Anthropic API models');
  for (const m of s.agent.models) if (m.apiKeyName) add(m.apiKeyName, `the model ${m.id}`);
  return uses;
}

/**
 * API keys. Values go to the host's secret store and never come back: the screen only
 * knows each key's name and where it comes from. Never written to a settings file.
 */
export function Secrets() {
  const effective = useSettings((s) => s.effective);
  const secrets = useSettings((s) => s.secrets);
  const load = useSettings((s) => s.loadSecrets);
  const mode = useApp((s) => s.mode);
  const uses = useMemo(() => keyUses(effective), [effective]);
  const [extra, setExtra] = useState<string[]>([]);
  const names = useMemo(() => [...new Set([...uses.keys(), ...extra, ...(secrets?.secrets.map((s) => s.name) ?? [])])].filter((n) => SecretName.safeParse(n).success).sort(), [uses, extra, secrets]);
  const wanted = names.join(',');
  useEffect(() => {
    void load(wanted ? wanted.split(',') : []);
  }, [wanted, load]);
  const [newName, setNewName] = useState('');
  const nameOk = SecretName.safeParse(newName).success;

  const where =
    secrets?.store === 'os-keychain'
      ? 'in your operating system’s keychain (Electron safeStorage)'
      : `encrypted (AES-256-GCM) in a file only you can read, in Specwright’s data folder${mode === 'desktop' ? ' (no OS keychain is available here)' : ''}`;

  return (
    <div className="secrets" role="group" aria-label="API keys">
      <p className="setting-note">
        <Icon name="shield" size={14} />
        <span>
          Keys are stored {where} — never in a settings file, a log or the audit log, and never shown again. An environment variable of the same name wins over a stored key.
        </span>
      </p>
      <ul className="secret-list" aria-label="Secrets">
        {names.map((name) => (
          <SecretRow key={name} name={name} uses={uses.get(name) ?? []} source={secrets?.secrets.find((s) => s.name === name)?.source ?? null} store={secrets?.store ?? 'encrypted-file'} onChanged={() => void load(names)} />
        ))}
      </ul>
      <div className="setting-add">
        <input className="setting-input mono short" aria-label="Name of another secret" placeholder="OTHER_API_KEY" value={newName} spellCheck={false} onChange={(e) => setNewName(e.target.value.toUpperCase())} />
        <button
          className="button small"
          disabled={!nameOk || names.includes(newName)}
          onClick={() => {
            setExtra((x) => [...x, newName]);
            setNewName('');
          }}
        >
          Add key
        </button>
        {newName && !nameOk && <span className="setting-error">A name like ANTHROPIC_API_KEY: capitals, digits, underscores.</span>}
      </div>
      <p className="setting-note muted">Amazon Bedrock uses your AWS configuration (credentials, profiles, SSO) as the AWS CLI does; no key is stored here for it.</p>
    </div>
  );
}

function SecretRow({ name, uses, source, store, onChanged }: { name: string; uses: string[]; source: 'stored' | 'environment' | null; store: string; onChanged(): void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stored = source === 'stored';
  const save = async () => {
    if (!value) return;
    setBusy(true);
    try {
      await api.call('secrets.set', { name, value });
      setValue('');
      setError(null);
      notifyInfo(`${name} was ${stored ? 'replaced' : 'saved'}.`);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    const sure = await ask(`Remove ${name}?`, 'The stored key is deleted. What uses it has no key until you enter one again (or set the environment variable).', [
      { label: 'Cancel', value: 'cancel' },
      { label: 'Remove', value: 'remove', danger: true, primary: true },
    ]);
    if (sure !== 'remove') return;
    try {
      await api.call('secrets.delete', { name });
      notifyInfo(`${name} was removed.`);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const status = source === 'environment' ? `From the environment variable ${name}` : stored ? (store === 'os-keychain' ? 'Stored in the OS keychain' : 'Stored, encrypted') : 'Not set';
  return (
    <li className="secret" aria-label={name}>
      <div className="secret-head">
        <code className="secret-name">{name}</code>
        <span className={`secret-status ${source ?? 'unset'}`} role="status" aria-label={`${name}: ${status}`}>
          {status}
        </span>
      </div>
      {uses.length > 0 && <p className="setting-note muted">Used by {uses.join(', ')}.</p>}
      {source === 'environment' && <p className="setting-note muted">The environment variable is used while it is set; a key stored here applies once it is not.</p>}
      <form
        className="setting-add"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input type="password" autoComplete="off" className="setting-input mono" aria-label={`New value for ${name}`} placeholder={stored ? 'Enter a new key to replace the stored one' : 'Paste the key'} value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" className="button small" disabled={!value || busy}>
          {stored ? 'Replace' : 'Save'}
        </button>
        {stored && (
          <button type="button" className="button small danger" aria-label={`Remove ${name}`} onClick={() => void remove()}>
            Remove
          </button>
        )}
      </form>
      {error && (
        <p className="setting-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
