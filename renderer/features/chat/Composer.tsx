import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { chooseModel } from '../../../shared/agent/routing';
import type { ContextRef } from '../../../shared/agent/session';
import type { ContextProviderInfo } from '../../../shared/contract/agent';
import { api } from '../../api/client';
import { useChat } from '../../stores/chat-store';
import { loadMonaco } from '../editor/monaco-loader';
import { chipLabel, matchProviders, mentionAt, removeMention, type Mention } from './mentions';

interface Option {
  key: string;
  label: string;
  detail?: string;
  disabled?: boolean;
  choose(): void;
}

/** Monaco's markers of the open files as text: what `#problems` sends. */
async function problemsText(): Promise<string> {
  const monaco = await loadMonaco();
  const sev = (s: number) => (s >= monaco.MarkerSeverity.Error ? 'error' : s >= monaco.MarkerSeverity.Warning ? 'warning' : 'info');
  return monaco.editor
    .getModelMarkers({})
    .filter((m) => m.resource.scheme === 'workspace')
    .map((m) => `${m.resource.path.slice(1)}:${m.startLineNumber}:${m.startColumn} ${sev(m.severity)} ${m.message}${m.source ? ` (${m.source})` : ''}`)
    .join('\n');
}

/** The message box: text, `#` context with autocomplete and removable chips, the model picker, Send and Stop. */
export function Composer() {
  const chips = useChat((s) => s.chips);
  const providers = useChat((s) => s.providers);
  const running = useChat((s) => s.run !== null);
  const stopping = useChat((s) => s.stopping);
  const error = useChat((s) => s.error);
  const catalog = useChat((s) => s.catalog);
  const sessionModel = useChat((s) => (s.sessionId ? (s.session?.model ?? null) : s.draftModel));
  const { send, stop, addChip, removeChip, setModel } = useChat.getState();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<{ value: string; label: string; detail?: string }[]>([]);
  const input = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);

  const mention: Mention | null = useMemo(() => mentionAt(text, caret, providers), [text, caret, providers]);
  const mentionKey = mention ? `${mention.start}:${mention.stage}:${mention.query}` : null;
  const open = mention !== null && dismissed !== mentionKey;

  // Argument suggestions (files, folders, a provider's choices), fetched as the query changes.
  const argProvider = mention?.stage === 'argument' ? mention.provider : null;
  const argQuery = mention?.stage === 'argument' ? mention.query : '';
  useEffect(() => {
    if (!argProvider || !['file', 'folder', 'choice'].includes(argProvider.argument)) {
      setSuggestions([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      api.call('agent.contextSuggest', { provider: argProvider.id, query: argQuery }).then(
        ({ items }) => live && setSuggestions(items),
        () => live && setSuggestions([]),
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [argProvider, argQuery]);

  const replaceMention = (m: Mention, next: string | null) => {
    const { text: t, caret: c } = next === null ? removeMention(text, m) : { text: text.slice(0, m.start) + next + text.slice(m.end), caret: m.start + next.length };
    setText(t);
    setCaret(c);
    pendingCaret.current = c;
  };
  // The caret goes where the replacement ended as soon as React has put the new text in the
  // box — before the next key is handled. (Setting it a frame later moved it back over a
  // letter typed in between, which then stayed behind when the choice was made.)
  useLayoutEffect(() => {
    const c = pendingCaret.current;
    if (c === null || !input.current) return;
    pendingCaret.current = null;
    input.current.focus();
    input.current.setSelectionRange(c, c);
  });

  const addItem = (m: Mention, p: ContextProviderInfo, arg?: string) => {
    addChip({ kind: p.id, label: chipLabel(p, arg), ...(arg ? { arg } : {}) });
    replaceMention(m, null);
  };

  const options: Option[] = useMemo(() => {
    if (!mention) return [];
    if (mention.stage === 'provider') {
      return matchProviders(providers, mention.query).map((p) => ({
        key: p.id,
        label: `#${p.label}`,
        detail: p.available ? p.description : (p.unavailableReason ?? 'not available'),
        disabled: !p.available,
        choose: () => (p.argument === 'none' ? addItem(mention, p) : replaceMention(mention, `#${p.label} `)),
      }));
    }
    const p = mention.provider;
    if (p.argument === 'query' || p.argument === 'url') {
      const q = mention.query.trim();
      if (!q && p.argument === 'url') return [{ key: 'hint', label: 'Type a URL', detail: 'https://…', disabled: true, choose: () => {} }];
      return [{ key: 'add', label: q ? chipLabel(p, q) : `#${p.label}`, detail: q ? p.description : 'Search the codebase for what the message is about', choose: () => addItem(mention, p, q || undefined) }];
    }
    return suggestions.map((s) => ({ key: s.value, label: s.label, ...(s.detail ? { detail: s.detail } : {}), choose: () => addItem(mention, p, s.value) }));
  }, [mention, providers, suggestions, text]);

  useEffect(() => setActive(0), [mentionKey, options.length]);

  const submit = async () => {
    if (running) return;
    const message = text.trim();
    if (!message && !chips.length) return;
    const context: ContextRef[] = await Promise.all(chips.map(async (c) => (c.kind === 'problems' ? { ...c, text: await problemsText().catch(() => '') } : c)));
    if (await send(message, context)) {
      setText('');
      setCaret(0);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && options.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + options.length) % options.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        const o = options[active];
        if (o && !o.disabled) {
          e.preventDefault();
          o.choose();
          return;
        }
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(mentionKey);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && running) {
      e.preventDefault();
      void stop();
    }
  };

  const picked = sessionModel ?? catalog?.model ?? 'auto';
  const route = useMemo(() => {
    if (!catalog || picked !== 'auto') return null;
    const c = chooseModel({ model: catalog.model, models: catalog.models, auto: catalog.auto }, { kind: 'chat', text, contextItems: chips.length }, 'auto');
    return c.ok ? `auto → ${c.entry.label ?? c.entry.id}: ${c.reason}` : c.message;
  }, [catalog, picked, text, chips.length]);

  return (
    <div className="composer">
      {error && (
        <div className="composer-error" role="alert">
          {error}
        </div>
      )}
      {chips.length > 0 && (
        <ul className="chips" aria-label="Context">
          {chips.map((c, i) => (
            <li key={`${c.kind}:${c.arg ?? ''}`} className="chip">
              <span>{c.label}</span>
              <button className="chip-remove" aria-label={`Remove ${c.label}`} onClick={() => removeChip(i)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-box">
        {open && options.length > 0 && (
          <ul className="mention-list" role="listbox" aria-label={mention!.stage === 'provider' ? 'Context providers' : `#${(mention as Extract<Mention, { stage: 'argument' }>).provider.label} choices`}>
            {options.map((o, i) => (
              <li
                key={o.key}
                role="option"
                aria-selected={i === active}
                aria-disabled={o.disabled}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  if (!o.disabled) o.choose();
                }}
              >
                <span className="mention-label">{o.label}</span>
                {o.detail && <span className="muted">{o.detail}</span>}
              </li>
            ))}
          </ul>
        )}
        <textarea
          ref={input}
          className="composer-input"
          aria-label="Message"
          placeholder="Ask the agent — # adds context (file, folder, codebase, terminal, problems, git diff, url)"
          value={text}
          rows={3}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
        />
      </div>
      <div className="composer-bar">
        <select className="model-picker" aria-label="Model" value={picked} onChange={(e) => void setModel(e.target.value)} title={catalog?.options.find((o) => o.id === picked)?.detail}>
          {(catalog?.options ?? [{ id: 'auto', label: 'Auto', detail: '' }]).map((o) => (
            <option key={o.id} value={o.id} title={o.detail}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="spacer" />
        {running ? (
          <button className="button danger" onClick={() => void stop()} disabled={stopping} title="Stop (Escape)">
            Stop
          </button>
        ) : (
          <button className="button primary" onClick={() => void submit()} disabled={!text.trim() && !chips.length} title="Send (Enter)">
            Send
          </button>
        )}
      </div>
      {route && <div className="route-line muted">{route}</div>}
    </div>
  );
}
