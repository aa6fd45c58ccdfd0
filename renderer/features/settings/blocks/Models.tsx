import { Fragment, useId, useState } from 'react';
import type { ModelEntry } from '../../../../shared/settings/agent';
import { api } from '../../../api/client';
import { useSettings } from '../../../stores/settings-store';
import { Icon } from '../../../ui/icons';
import { SettingFrame } from '../SettingRow';
import { commitUpdate, commitValue, resetValue, scopedValue } from '../values';
import { Field } from './Field';
import type { BlockProps } from './types';

const MODELS = ['agent', 'models'];
const MODEL = ['agent', 'model'];
const PROVIDERS = ['bedrock', 'openai', 'anthropic'] as const;
const PROVIDER_NAMES: Record<string, string> = { bedrock: 'Amazon Bedrock', openai: 'OpenAI-compatible', anthropic: 'Anthropic API' };
const PRICE_FIELDS = [
  ['inputPerMTok', 'Input'],
  ['outputPerMTok', 'Output'],
  ['cacheReadPerMTok', 'Cache read'],
  ['cacheWritePerMTok', 'Cache write'],
] as const;

type Entry = Partial<ModelEntry> & Record<string, unknown>;
const entries = (v: unknown): Entry[] => (Array.isArray(v) ? (v as Entry[]) : []);

/** The model the agent uses (`auto` or one of the list). */
export function ModelChoice({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  const value = scopedValue(view, scope, MODEL);
  const models = entries(scopedValue(view, scope, MODELS).shown);
  const current = String(value.shown ?? 'auto');
  return (
    <SettingFrame
      leaf={{ key: 'agent.model', label: 'Model', group: 'Agent', userOnly: false, description: 'Auto chooses per request with the rule below (short questions and hooks to the small model, spec and task work to the main one), or always use one model of the list.' }}
      scope={scope}
      value={value}
      labelId={labelId}
      error={error}
      onReset={() => void resetValue(scope, MODEL).then(setError)}
    >
      <select className="setting-select" aria-labelledby={labelId} value={current} onChange={(e) => void commitValue(scope, MODEL, e.target.value).then(setError)}>
        <option value="auto">Auto (by the rule below)</option>
        {models.map((m) => (
          <option key={String(m.id)} value={String(m.id)}>
            {m.label ? `${m.label} — ${m.id}` : m.id}
          </option>
        ))}
        {current !== 'auto' && !models.some((m) => m.id === current) && <option value={current}>{current} (not in the list)</option>}
      </select>
    </SettingFrame>
  );
}

/** Providers and models, with the price table the usage readout and budgets use, and Detect Ollama. */
export function Models({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const currency = useSettings((s) => s.effective.agent.usage.currency);
  const labelId = useId();
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const value = scopedValue(view, scope, MODELS);
  const models = entries(value.shown);

  const save = async (next: Entry[]) => {
    const problem = await commitValue(scope, MODELS, next);
    setError(problem);
    return problem;
  };
  // One field of one entry, applied to the list as it is when the change's turn comes: an earlier edit still on its way is kept.
  const change = (i: number, patch: Record<string, unknown> | ((m: Entry) => Record<string, unknown>)) =>
    void commitUpdate(scope, MODELS, (shown) => entries(shown).map((m, j) => (j === i ? strip({ ...m, ...(typeof patch === 'function' ? patch(m) : patch) }) : m))).then(setError);
  const changePrice = (i: number, field: string, v: unknown) => change(i, (m) => ({ price: strip({ ...(m.price ?? {}), [field]: v }) }));

  return (
    <SettingFrame
      leaf={{ key: 'agent.models', label: 'Models and Prices', group: 'Agent', userOnly: false, description: `The models the chat’s picker offers. Prices are in ${currency} per million tokens; the usage readout and the budgets use them. The list is one setting: a workspace that sets it replaces yours.` }}
      scope={scope}
      value={value}
      labelId={labelId}
      error={error}
      onReset={() => void resetValue(scope, MODELS).then(setError)}
    >
      <table className="models-table" aria-labelledby={labelId}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            {PRICE_FIELDS.map(([, name]) => (
              <th key={name} scope="col" className="num" title={`${currency} per million tokens`}>
                {name}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m, i) => {
            const id = String(m.id ?? `#${i + 1}`);
            const expanded = open === id;
            return (
              <Fragment key={`${i}:${id}`}>
                <tr>
                  <th scope="row">
                    <span className="model-id">{id}</span>
                    <span className="model-sub">{m.label ?? m.model}</span>
                  </th>
                  <td>
                    <span className="provider-badge" data-provider={m.provider}>
                      {PROVIDER_NAMES[String(m.provider)] ?? String(m.provider)}
                    </span>
                  </td>
                  {PRICE_FIELDS.map(([field, name]) => (
                    <td key={field} className="num">
                      <Field type="number" className="price" label={`${name} price of ${id} (${currency} per million tokens)`} value={(m.price as Record<string, number> | undefined)?.[field]} placeholder="0" onCommit={(v) => changePrice(i, field, v)} />
                    </td>
                  ))}
                  <td className="actions">
                    <button className="icon-button" aria-label={`Details of ${id}`} aria-expanded={expanded} title="Connection details" onClick={() => setOpen(expanded ? null : id)}>
                      <Icon name="gear" size={14} />
                    </button>
                    <button className="icon-button" aria-label={`Remove model ${id}`} title="Remove" onClick={() => void save(models.filter((_, j) => j !== i))}>
                      <Icon name="close" size={14} />
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr className="model-details">
                    <td colSpan={7}>
                      <div className="model-grid" role="group" aria-label={`Details of ${id}`}>
                        <label>
                          ID <Field label={`ID of ${id}`} value={m.id} onCommit={(v) => change(i, { id: v })} />
                        </label>
                        <label>
                          Label <Field label={`Label of ${id}`} value={m.label} onCommit={(v) => change(i, { label: v })} />
                        </label>
                        <label>
                          Provider
                          <select className="setting-select" aria-label={`Provider of ${id}`} value={String(m.provider)} onChange={(e) => change(i, { provider: e.target.value })}>
                            {PROVIDERS.map((p) => (
                              <option key={p} value={p}>
                                {PROVIDER_NAMES[p]}
                              </option>
                            ))}
                          </select>
                        </label>
                        <label>
                          Provider’s model ID <Field label={`Provider model ID of ${id}`} value={m.model} onCommit={(v) => change(i, { model: v })} />
                        </label>
                        <label>
                          Context window <Field type="number" label={`Context window of ${id}`} value={m.contextWindow} placeholder="128000" onCommit={(v) => change(i, { contextWindow: v })} />
                        </label>
                        <label>
                          Max output tokens <Field type="number" label={`Max output tokens of ${id}`} value={m.maxOutputTokens} placeholder="8192" onCommit={(v) => change(i, { maxOutputTokens: v })} />
                        </label>
                        <label>
                          Base URL <Field label={`Base URL of ${id}`} value={m.baseUrl} placeholder="the provider’s" onCommit={(v) => change(i, { baseUrl: v })} />
                        </label>
                        <label>
                          API key secret <Field label={`API key secret of ${id}`} value={m.apiKeyName} placeholder="the provider’s" onCommit={(v) => change(i, { apiKeyName: v === undefined ? undefined : String(v) })} />
                        </label>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <AddModel onAdd={(entry) => save([...models, entry])} taken={models.map((m) => String(m.id))} />
      <DetectOllama onAdd={(entry) => save([...models, entry])} taken={models.map((m) => String(m.id))} />
    </SettingFrame>
  );
}

/** Drops undefined fields, so they are left out of the file (their defaults apply). */
function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function AddModel({ onAdd, taken }: { onAdd(entry: Entry): Promise<string | null>; taken: string[] }) {
  const [id, setId] = useState('');
  const [provider, setProvider] = useState<(typeof PROVIDERS)[number]>('openai');
  const [model, setModel] = useState('');
  const ready = id.trim() && model.trim() && !taken.includes(id.trim());
  const add = async () => {
    if (!ready) return;
    if ((await onAdd({ id: id.trim(), provider, model: model.trim() })) === null) {
      setId('');
      setModel('');
    }
  };
  return (
    <div className="setting-add model-add" role="group" aria-label="Add a model">
      <input className="setting-input" aria-label="New model ID" placeholder="ID (what the picker shows)" value={id} spellCheck={false} onChange={(e) => setId(e.target.value)} />
      <select className="setting-select" aria-label="New model provider" value={provider} onChange={(e) => setProvider(e.target.value as (typeof PROVIDERS)[number])}>
        {PROVIDERS.map((p) => (
          <option key={p} value={p}>
            {PROVIDER_NAMES[p]}
          </option>
        ))}
      </select>
      <input className="setting-input" aria-label="New model’s provider model ID" placeholder="provider’s model ID (gpt-4o, claude-sonnet-4-5…)" value={model} spellCheck={false} onChange={(e) => setModel(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void add()} />
      <button className="button small" disabled={!ready} onClick={() => void add()}>
        Add model
      </button>
    </div>
  );
}

function DetectOllama({ onAdd, taken }: { onAdd(entry: Entry): Promise<string | null>; taken: string[] }) {
  const [url, setUrl] = useState('http://127.0.0.1:11434');
  const [state, setState] = useState<{ busy: boolean; result: { url: string; found: { baseUrl: string; models: ModelEntry[] } | null } | null; error: string | null }>({ busy: false, result: null, error: null });
  const detect = async () => {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api.call('settings.detectOllama', { url: url.trim() }), error: null });
    } catch (e) {
      setState({ busy: false, result: null, error: (e as Error).message });
    }
  };
  const found = state.result?.found;
  return (
    <div className="ollama" role="group" aria-label="Ollama">
      <h3>Local models (Ollama)</h3>
      <div className="setting-add">
        <input className="setting-input" aria-label="Ollama address" value={url} spellCheck={false} onChange={(e) => setUrl(e.target.value)} />
        <button className="button small" disabled={state.busy} onClick={() => void detect()}>
          {state.busy ? 'Looking…' : 'Detect Ollama'}
        </button>
      </div>
      {state.error && <p className="setting-error">{state.error}</p>}
      {state.result && !found && (
        <p className="setting-note" role="status">
          No Ollama answers at {state.result.url}. Start it (<code>ollama serve</code>) and pull a model (<code>ollama pull llama3.1:8b</code>), then try again.
        </p>
      )}
      {found && (
        <div role="status">
          <p className="setting-note">
            Ollama at {found.baseUrl} has {found.models.length} {found.models.length === 1 ? 'model' : 'models'}
            {found.models.length ? ' — local, no key, no cost:' : '. Pull one with ollama pull.'}
          </p>
          <ul className="ollama-models" aria-label="Ollama models">
            {found.models.map((m) => (
              <li key={m.id}>
                <code>{m.model}</code>
                {taken.includes(m.id) ? (
                  <span className="muted">in the list</span>
                ) : (
                  <button className="button small" onClick={() => void onAdd(strip({ id: m.id, label: m.label, provider: m.provider, model: m.model, baseUrl: m.baseUrl, apiKeyName: '', contextWindow: m.contextWindow, maxOutputTokens: m.maxOutputTokens }))}>
                    Add {m.id}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
