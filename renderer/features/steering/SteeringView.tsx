import { useEffect, useState } from 'react';
import type { SteeringFileView, SteeringTemplateView } from '../../../shared/contract/steering';
import { api } from '../../api/client';
import { useApp } from '../../stores/app-store';
import { notifyError, notifyInfo } from '../../stores/notifications';
import { followSteering, useSteering } from '../../stores/steering-store';
import { Icon } from '../../ui/icons';
import { openHookFile } from '../hooks/open-hook-file';
import { openTaskSession } from '../specs/open-session';
import './steering.css';

const SCOPE_NOTE: Record<SteeringFileView['scope'], string> = { workspace: '', user: 'user', agents: 'AGENTS.md' };

/** When a file is included, in words: the rule the resolver applies to every request. */
function inclusionText(f: SteeringFileView): string {
  switch (f.inclusion) {
    case 'always':
      return 'Every request';
    case 'fileMatch':
      return f.patterns.length ? `When a file in the request matches ${f.patterns.join(', ')}` : 'When a file matches — but no pattern is given';
    case 'manual':
      return `Only when a message mentions #${f.name}`;
    case 'auto':
      return f.description ? `When the request is about: ${f.description}` : 'When the request matches its description — but none is given';
  }
}

/** `.kiro/steering/`, `~/.kiro/steering/` and AGENTS.md: inclusion, diagnostics, templates, Generate steering. */
export function SteeringView() {
  const workspace = useApp((s) => s.workspace);
  const generation = useApp((s) => s.generation);
  const state = useSteering((s) => s.state);
  const [generating, setGenerating] = useState(false);
  useEffect(() => followSteering(), [generation]);
  if (!workspace) return null;

  const generate = async () => {
    setGenerating(true);
    try {
      const { sessionId } = await api.call('steering.generate', {});
      openTaskSession(sessionId);
      notifyInfo('The agent is reading the codebase to draft product.md, tech.md and structure.md; each file comes to you as a change to approve.');
    } catch (e) {
      notifyError(e);
    } finally {
      setGenerating(false);
    }
  };
  const create = async (t: SteeringTemplateView) => {
    try {
      const { path } = await api.call('steering.createFromTemplate', { id: t.id });
      await useSteering.getState().load();
      await openHookFile(path, 1, 'workspace');
    } catch (e) {
      notifyError(e);
    }
  };
  const missing = state?.templates.filter((t) => !t.exists) ?? [];

  return (
    <section className="steering" role="region" aria-label="Steering">
      <header className="side-header">
        <h2>Steering</h2>
      </header>
      <div className="steering-body">
        <div className="steering-actions">
          <button className="button small primary" disabled={generating} onClick={() => void generate()} title="The agent reads the codebase and drafts the foundation files; you approve each one">
            <Icon name="compass" size={14} />
            Generate steering
          </button>
        </div>
        {!state && <p className="side-empty">Reading .kiro/steering…</p>}
        {state && state.files.length === 0 && (
          <div className="side-empty steering-empty">
            <p>No steering files yet.</p>
            <p>Steering files are Markdown the agent reads with requests: what the product is, the tech stack and its commands, how the code is laid out. They live in .kiro/steering/ (this workspace), ~/.kiro/steering/ (every workspace) and AGENTS.md.</p>
          </div>
        )}
        {state && state.files.length > 0 && (
          <ul className="steering-files" aria-label="Steering files">
            {state.files.map((f) => (
              <SteeringItem key={f.file} file={f} />
            ))}
          </ul>
        )}
        {state && state.shadowed.length > 0 && (
          <ul className="steering-shadowed muted" aria-label="Hidden user steering files">
            {state.shadowed.map((s) => (
              <li key={s.file}>
                {s.file} is not used: {s.by} has the same name, and the workspace wins.
              </li>
            ))}
          </ul>
        )}
        {missing.length > 0 && (
          <section className="steering-templates" aria-label="Steering templates">
            <h3>Foundation files</h3>
            {missing.map((t) => (
              <div key={t.id} className="steering-template">
                <button className="button small" aria-label={`Create ${t.id}.md from template`} onClick={() => void create(t)}>
                  <Icon name="plus" size={12} />
                  {t.id}.md
                </button>
                <span className="muted">{t.description}</span>
              </div>
            ))}
          </section>
        )}
      </div>
    </section>
  );
}

function SteeringItem({ file: f }: { file: SteeringFileView }) {
  const problems = f.diagnostics.filter((d) => d.severity !== 'info');
  return (
    <li className={problems.some((d) => d.severity === 'error') ? 'steering-item has-error' : 'steering-item'} aria-label={f.file}>
      <div className="steering-row">
        <button className="link-button steering-name" title={f.editable ? `Open ${f.file}` : f.file} onClick={() => void openHookFile(f.file, 1, f.scope)}>
          {f.scope === 'agents' ? f.file : `${f.name}.md`}
        </button>
        {SCOPE_NOTE[f.scope] && f.scope !== 'agents' && <span className="badge">{SCOPE_NOTE[f.scope]}</span>}
        <span className="spacer" />
        <span className={`steering-mode mode-${f.inclusion}`}>{f.inclusion}</span>
      </div>
      <p className="steering-when">{inclusionText(f)}</p>
      {f.scope !== 'agents' && <p className="steering-path muted">{f.file}</p>}
      {f.includes.length > 0 && <p className="steering-includes muted">Includes {f.includes.join(', ')}</p>}
      {problems.length > 0 && (
        <ul className="steering-diags" aria-label={`Problems in ${f.file}`}>
          {problems.map((d, i) => (
            <li key={i} className={`diag-${d.severity}`}>
              <button className="link-button" onClick={() => void openHookFile(f.file, d.line, f.scope)}>
                <Icon name={d.severity === 'error' ? 'error' : 'warning'} size={12} />
                <span>
                  {d.message} {d.line > 0 && <span className="muted">(line {d.line})</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
