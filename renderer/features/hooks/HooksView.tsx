import { useMemo, useState } from 'react';
import type { HookFileView, HookRun, HookView } from '../../../shared/contract/hooks';
import { useApp } from '../../stores/app-store';
import { useHooks } from '../../stores/hooks-store';
import { notifyInfo } from '../../stores/notifications';
import { Icon } from '../../ui/icons';
import { HookItem } from './HookItem';
import { NewHookForm } from './NewHookForm';
import { openHookFile } from './open-hook-file';
import './hooks.css';

/** `.kiro/hooks/` and `~/.kiro/hooks/`: every hook with its switch and runs, files that cannot run, templates, the create form. */
export function HooksView() {
  const workspace = useApp((s) => s.workspace);
  const state = useHooks((s) => s.state);
  const templates = useHooks((s) => s.templates);
  const [creating, setCreating] = useState(false);
  const runsByHook = useMemo(() => {
    const m = new Map<string, HookRun[]>();
    for (const r of state?.runs ?? []) m.set(r.hookId, [...(m.get(r.hookId) ?? []), r]);
    return m;
  }, [state?.runs]);
  if (!workspace) return null;
  const problems = (state?.files ?? []).filter((f) => f.invalid.length > 0 || f.diagnostics.some((d) => d.severity !== 'info') || f.shadowedBy);
  const openFile = (h: HookView) => void openHookFile(h.file, 1, h.scope);
  const offered = templates.filter((t) => t.files.some((f) => !f.exists));

  return (
    <section className="hooks" role="region" aria-label="Hooks">
      <header className="side-header">
        <h2>Hooks</h2>
        <div className="side-actions">
          <button className="icon-button" aria-label="New hook" title="New hook" aria-expanded={creating} onClick={() => setCreating(!creating)}>
            <Icon name="plus" />
          </button>
        </div>
      </header>
      <div className="hooks-body">
        {creating && (
          <NewHookForm
            onDone={(path) => {
              setCreating(false);
              if (path) void openHookFile(path, 1, 'workspace');
            }}
          />
        )}
        {state?.disabled && (
          <p className="hooks-note" role="note">
            Hooks are turned off (the <code>hooks.enabled</code> setting): they are listed here but none of them runs.
          </p>
        )}
        {!state && <p className="side-empty">Reading .kiro/hooks…</p>}
        {problems.map((f) => (
          <FileProblems key={f.file} file={f} />
        ))}
        {state && state.hooks.length === 0 && !creating && (
          <div className="side-empty hooks-empty">
            <p>No hooks yet.</p>
            <p>A hook runs a command or asks the agent when something happens: a file is saved, a tool is about to run, the agent finishes. They live in .kiro/hooks/ (this workspace) and ~/.kiro/hooks/ (every workspace).</p>
            <button className="button small primary" onClick={() => setCreating(true)}>
              Create a hook
            </button>
          </div>
        )}
        {state && state.hooks.length > 0 && (
          <ul className="hook-list" aria-label="Hook list">
            {state.hooks.map((h) => (
              <HookItem key={h.id} hook={h} runs={runsByHook.get(h.id) ?? []} onOpenFile={openFile} />
            ))}
          </ul>
        )}
        {offered.length > 0 && (
          <section className="hook-templates" aria-label="Hook templates">
            <h3>Templates</h3>
            {offered.map((t) => (
              <div key={t.id} className="hook-template">
                <div className="hook-template-head">
                  <strong>{t.title}</strong>
                  <span className="spacer" />
                  <button className="button small" aria-label={`Add ${t.title} hooks`} onClick={() => void useHooks.getState().addTemplate(t.id)}>
                    Add
                  </button>
                </div>
                <TemplateText text={t.description} />
              </div>
            ))}
          </section>
        )}
      </div>
    </section>
  );
}

/** A hook file that (partly) cannot run: each reason, with its line when there is one. */
function FileProblems({ file: f }: { file: HookFileView }) {
  const diags = f.diagnostics.filter((d) => d.severity !== 'info');
  // A hook that cannot run usually has a diagnostic with the same words and a line: say it once, with the line.
  const invalid = f.invalid.filter((x) => !diags.some((d) => d.message.includes(x.reason) || x.reason.includes(d.message)));
  const open = (line: number) => (f.scope === 'workspace' ? void openHookFile(f.file, line, f.scope) : notifyInfo(`${f.file} is outside the workspace: open it in another editor to fix it.`));
  return (
    <section className="hook-problems" role="region" aria-label={`Problems in ${f.file}`}>
      <button className="link-button hook-problems-file" onClick={() => open(diags[0]?.line ?? 1)}>
        <Icon name={f.hooks === 0 && !f.shadowedBy ? 'error' : 'warning'} size={14} />
        <span>{f.file}</span>
      </button>
      <ul>
        {f.shadowedBy && <li className="diag-info">Not used: {f.shadowedBy} defines hooks of the same name, and the workspace wins.</li>}
        {invalid.map((x) => (
          <li key={`i${x.index}`} className="diag-error">
            {x.name ? `“${x.name}”: ` : f.format === 'v1-json' ? `Hook ${x.index + 1}: ` : ''}
            {x.reason}
          </li>
        ))}
        {diags.map((d, i) => (
          <li key={`d${i}`} className={`diag-${d.severity}`}>
            <button className="link-button" onClick={() => open(d.line)}>
              {d.message} {d.line > 0 && <span className="muted">(line {d.line})</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A template's description: its first sentence, the rest folded. */
function TemplateText({ text }: { text: string }) {
  const cut = text.search(/\.\s/);
  if (cut === -1) return <p className="muted">{text}</p>;
  return (
    <details className="muted">
      <summary>{text.slice(0, cut + 1)}</summary>
      {text.slice(cut + 2)}
    </details>
  );
}
