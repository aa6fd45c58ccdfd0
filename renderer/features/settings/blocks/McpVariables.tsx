import type { McpVariable } from '../../../../shared/contract/mcp';
import { useApp } from '../../../stores/app-store';
import { useMcp } from '../../../stores/mcp-store';
import { Icon } from '../../../ui/icons';

const STATUS: Record<McpVariable['answer'], string> = { approved: 'Allowed', denied: 'Denied', pending: 'Not answered yet' };

/**
 * MCP approved variables: which `${VAR}`s of this workspace's MCP servers are expanded.
 * Not a setting — the answers live in the data folder (`mcp-variables.json`), where a
 * cloned repository's own settings cannot approve its variables — but this is where
 * people look for them, so they can be reviewed and revoked here, in either scope.
 */
export function McpVariables() {
  const workspace = useApp((s) => s.workspace);
  const state = useMcp((s) => s.state);
  const answer = useMcp((s) => s.answerVariable);
  const variables = state?.variables ?? [];

  return (
    <div className="setting" data-key="mcp.approvedVariables">
      <div className="setting-head">
        <span className="setting-title" id="mcp-variables-title">
          <span className="setting-group">MCP › </span>Approved Variables
        </span>
      </div>
      <p className="setting-desc">
        A <code>{'${VAR}'}</code> in an MCP server’s env, headers, arguments or URL is expanded only for a server you allow, and only while the server points at the same command or URL. Your answers are kept in Specwright’s data folder, for you alone — never in a settings file, so a folder cannot approve its own variables.
      </p>
      {!workspace && <p className="settings-empty-note">Open a folder to review the variables its MCP servers use.</p>}
      {workspace && !state?.loaded && <p className="settings-empty-note">Reading this workspace’s MCP servers…</p>}
      {workspace && state?.loaded && variables.length === 0 && (
        <p className="settings-empty-note">
          None of this workspace’s MCP servers uses a <code>{'${VAR}'}</code>.
        </p>
      )}
      {variables.length > 0 && (
        <ul className="mcp-variables" aria-labelledby="mcp-variables-title">
          {variables.map((v) => (
            <li key={v.key} aria-label={`${v.variable} for ${v.server}`}>
              <div className="mcp-variable-head">
                <code className="secret-name">{`\${${v.variable}}`}</code>
                <span className="muted">for</span>
                <strong>{v.server}</strong>
                <span className={`secret-status ${v.answer}`} role="status" aria-label={`${v.variable} for ${v.server}: ${STATUS[v.answer]}`}>
                  {STATUS[v.answer]}
                </span>
                <span className="mcp-variable-actions">
                  {v.answer !== 'approved' && (
                    <button className="button small" aria-label={`Allow ${v.variable} for ${v.server}`} onClick={() => void answer(v.key, true)}>
                      Allow
                    </button>
                  )}
                  {v.answer !== 'denied' && (
                    <button className="button small" aria-label={`${v.answer === 'approved' ? 'Revoke' : 'Deny'} ${v.variable} for ${v.server}`} onClick={() => void answer(v.key, false)}>
                      {v.answer === 'approved' ? 'Revoke' : 'Deny'}
                    </button>
                  )}
                </span>
              </div>
              <p className="setting-note muted">
                Goes into {v.where.join(', ')} of <code title={v.target}>{v.target}</code>
              </p>
              {!v.defined && (
                <p className="setting-note">
                  <Icon name="warning" size={14} />
                  <span>Specwright’s environment does not define {v.variable}: it stays unexpanded even when allowed.</span>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
