import { useState } from 'react';
import type { McpConfigFile, McpScope, McpServerInfo, McpVariable } from '../../../shared/contract/mcp';
import { useApp } from '../../stores/app-store';
import { useMcp } from '../../stores/mcp-store';
import { Icon } from '../../ui/icons';
import { ConfigViewer } from './ConfigViewer';
import { openConfig } from './open-config';
import { ServerItem } from './ServerItem';
import './mcp.css';

/** The MCP servers of this workspace and the user: status, switches, tools, logs, questions. */
export function McpView() {
  const workspace = useApp((s) => s.workspace);
  const state = useMcp((s) => s.state);
  const [viewer, setViewer] = useState<{ scope: McpScope; line: number } | null>(null);
  if (!workspace) return null;
  const files = state?.files ?? [];
  const open = (scope: McpScope, o: { server?: string; line?: number; column?: number } = {}) =>
    void openConfig(scope, files, { ...o, onUserFile: (sc, line) => setViewer({ scope: sc, line }) });
  const pending = state?.variables.filter((v) => v.answer === 'pending') ?? [];
  const declined = state?.variables.filter((v) => v.answer === 'denied') ?? [];

  return (
    <section className="mcp" role="region" aria-label="MCP servers">
      <header className="side-header">
        <h2>MCP servers</h2>
        <div className="side-actions">
          <button className="icon-button" aria-label="Open workspace MCP config" title="Open .kiro/settings/mcp.json" onClick={() => open('workspace')}>
            <Icon name="file" />
          </button>
          <button className="icon-button" aria-label="Open user MCP config" title="Show ~/.kiro/settings/mcp.json" onClick={() => open('user')}>
            <Icon name="gear" />
          </button>
        </div>
      </header>
      <div className="mcp-body">
        {!state?.loaded && <p className="side-empty">Reading mcp.json…</p>}
        {state?.toolWarning && <ToolWarning {...state.toolWarning} />}
        {pending.length > 0 && <VariableQuestions variables={pending} />}
        {files.filter((f) => f.diagnostics.some((d) => d.severity !== 'info')).map((f) => <ConfigProblems key={f.scope} file={f} onOpen={(line, column) => open(f.scope, { line, column })} />)}
        {state?.loaded && state.servers.length === 0 && (
          <div className="side-empty">
            <p>No MCP servers are configured. Add them to .kiro/settings/mcp.json (this workspace) or ~/.kiro/settings/mcp.json (every workspace).</p>
            <button className="button" onClick={() => open('workspace')}>
              Open .kiro/settings/mcp.json
            </button>
          </div>
        )}
        {state && state.servers.length > 0 && (
          <ul className="mcp-servers" aria-label="Servers">
            {state.servers.map((s) => (
              <ServerItem key={s.name} server={s} onOpenConfig={(srv: McpServerInfo) => open(srv.scope, { server: srv.name })} />
            ))}
          </ul>
        )}
        {state && state.totals.tools > 0 && (
          <p className="mcp-totals muted">
            {state.totals.tools} tools offered to the agent · about {state.totals.tokens.toLocaleString()} tokens per request
          </p>
        )}
        {declined.length > 0 && <DeclinedVariables variables={declined} />}
        {viewer && <ConfigViewer scope={viewer.scope} line={viewer.line} revision={files.find((f) => f.scope === viewer.scope)?.mtimeMs ?? 0} onClose={() => setViewer(null)} />}
      </div>
    </section>
  );
}

function ToolWarning({ tools, tokens, threshold }: { tools: number; tokens: number; threshold: number }) {
  return (
    <div className="mcp-warning" role="note" aria-label="Many MCP tools">
      <Icon name="warning" size={16} />
      <div>
        <p>
          <strong>{tools} MCP tools are enabled</strong> (more than {threshold}). Their names, descriptions and input schemas go with every request to the model: about{' '}
          <strong>{tokens.toLocaleString()} tokens</strong> each time, paid for and taken from the context window — and models choose worse among many tools.
        </p>
        <p className="muted">Turn off servers you do not need here, or list unused tools under "disabledTools" in mcp.json.</p>
        <button className="button small" onClick={() => void useMcp.getState().dismissToolWarning()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function VariableQuestions({ variables }: { variables: McpVariable[] }) {
  return (
    <section className="mcp-questions" role="region" aria-label="Variables to approve">
      {variables.map((v) => (
        <div key={v.key} className="mcp-question">
          <p>
            Pass <code>{`\${${v.variable}}`}</code> to <strong>{v.server}</strong>?
          </p>
          <p className="mcp-question-detail muted">
            Its value from Specwright's environment would go into {v.where.join(', ')} of <code className="mcp-target">{v.target}</code>. Until you allow it, it stays as written.
          </p>
          {!v.defined && <p className="muted">{v.variable} is not set in Specwright's environment right now.</p>}
          <div className="mcp-actions">
            <button className="button small primary" aria-label={`Allow ${v.variable} for ${v.server}`} onClick={() => void useMcp.getState().answerVariable(v.key, true)}>
              Allow
            </button>
            <button className="button small" aria-label={`Decline ${v.variable} for ${v.server}`} onClick={() => void useMcp.getState().answerVariable(v.key, false)}>
              Decline
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}

function DeclinedVariables({ variables }: { variables: McpVariable[] }) {
  return (
    <details className="mcp-declined">
      <summary>
        {variables.length} declined variable{variables.length === 1 ? '' : 's'}
      </summary>
      <ul>
        {variables.map((v) => (
          <li key={v.key}>
            <code>{v.variable}</code> for {v.server}{' '}
            <button className="link-button" aria-label={`Allow ${v.variable} for ${v.server}`} onClick={() => void useMcp.getState().answerVariable(v.key, true)}>
              Allow
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ConfigProblems({ file, onOpen }: { file: McpConfigFile; onOpen: (line: number, column: number) => void }) {
  const shown = file.diagnostics.filter((d) => d.severity !== 'info');
  return (
    <section className="mcp-problems" role="region" aria-label={`Problems in ${file.display}`}>
      {file.stale && <p className="mcp-reason">{file.display} cannot be read; the servers of its last valid version stay in effect until it is fixed.</p>}
      <ul>
        {shown.map((d, i) => (
          <li key={i} className={`diag-${d.severity}`}>
            <button className="link-button" onClick={() => onOpen(d.line, d.column)}>
              <Icon name={d.severity === 'error' ? 'error' : 'warning'} size={14} />
              <span>
                {d.message.startsWith(file.display) ? '' : `${file.display}: `}
                {d.message} <span className="muted">(line {d.line})</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
