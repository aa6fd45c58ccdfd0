import { useApp } from '../../stores/app-store';
import { useEditors } from '../../stores/editor-store';
import { Icon } from '../../ui/icons';

/** Workspace, connection, cursor, file facts, and the Autopilot switch. */
export function StatusBar() {
  const workspace = useApp((s) => s.workspace);
  const connection = useApp((s) => s.connection);
  const autopilot = useApp((s) => s.autopilot);
  const setAutopilot = useApp((s) => s.setAutopilot);
  const cursor = useEditors((s) => s.cursor);
  const tab = useEditors((s) => s.tabs.find((t) => t.path === s.active));

  return (
    <footer className="statusbar" role="contentinfo" aria-label="Status bar">
      <div className="status-left">
        {workspace ? (
          <span className="status-item" title={workspace.root}>
            <Icon name="folder" size={14} /> {workspace.name}
          </span>
        ) : (
          <span className="status-item">No folder open</span>
        )}
        {connection === 'reconnecting' && (
          <span className="status-item warning" role="alert">
            Reconnecting to the host…
          </span>
        )}
      </div>
      <div className="status-right">
        {tab?.kind === 'text' && cursor && (
          <span className="status-item" aria-label={`Line ${cursor.line}, column ${cursor.column}`}>
            Ln {cursor.line}, Col {cursor.column}
          </span>
        )}
        {tab?.kind === 'text' && (
          <>
            <span className="status-item">{tab.encoding === 'utf8bom' ? 'UTF-8 with BOM' : 'UTF-8'}</span>
            {tab.eol && <span className="status-item">{tab.eol}</span>}
            {tab.language && <span className="status-item">{tab.language}</span>}
          </>
        )}
        {workspace && (
          <button
            className={autopilot ? 'status-switch on' : 'status-switch'}
            role="switch"
            aria-checked={autopilot}
            aria-label="Autopilot"
            title={autopilot ? 'Autopilot: the agent applies file edits without asking. Click for Supervised.' : 'Supervised: every change waits for your approval. Click for Autopilot.'}
            onClick={() => void setAutopilot(!autopilot)}
          >
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
            {autopilot ? 'Autopilot' : 'Supervised'}
          </button>
        )}
      </div>
    </footer>
  );
}
