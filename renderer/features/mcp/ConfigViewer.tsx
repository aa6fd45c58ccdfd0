import { useEffect, useRef, useState } from 'react';
import type { McpScope } from '../../../shared/contract/mcp';
import { api } from '../../api/client';
import { notifyError, notifyInfo } from '../../stores/notifications';
import { Icon } from '../../ui/icons';

/**
 * A config file outside the workspace (`~/.kiro/settings/mcp.json`), read-only. The editor
 * opens workspace files only — every file operation of the host is confined to the open
 * folder, so that nothing reachable from the page can write elsewhere — and the user file
 * is shared by every workspace, so it is shown here with its path; edit it in your own
 * editor (the switches above still write its `disabled` flags). It reloads when it changes.
 */
export function ConfigViewer({ scope, line, revision, onClose }: { scope: McpScope; line: number; revision: number; onClose: () => void }) {
  const [file, setFile] = useState<{ path: string; display: string; exists: boolean; text: string } | null>(null);
  const target = useRef<HTMLLIElement>(null);

  useEffect(() => {
    let live = true;
    api.call('mcp.readConfig', { scope }).then(
      (f) => live && setFile(f),
      (e) => notifyError(e),
    );
    return () => {
      live = false;
    };
  }, [scope, revision]);

  useEffect(() => {
    // A block body: newer browsers return a promise from scrollIntoView, which must not become the effect's cleanup.
    target.current?.scrollIntoView({ block: 'center' });
  }, [file, line]);

  if (!file) return null;
  const lines = file.text.split(/\r?\n/);
  return (
    <section className="mcp-config-viewer" role="region" aria-label={file.display}>
      <header className="mcp-config-header">
        <strong>{file.display}</strong>
        <span className="badge">read-only</span>
        <span className="spacer" />
        <button
          className="icon-button"
          aria-label="Copy path"
          title={`Copy ${file.path}`}
          onClick={() =>
            void navigator.clipboard?.writeText(file.path).then(
              () => notifyInfo(`Copied ${file.path}`),
              () => notifyInfo(file.path),
            )
          }
        >
          <Icon name="link" size={14} />
        </button>
        <button className="icon-button" aria-label="Close config" title="Close" onClick={onClose}>
          <Icon name="close" size={14} />
        </button>
      </header>
      <p className="mcp-config-path muted" title={file.path}>
        {file.path} — outside this workspace: edit it in your own editor; Specwright reloads it when it changes.
      </p>
      {file.exists ? (
        <ol className="mcp-config-text">
          {lines.map((l, i) => (
            <li key={i} ref={i + 1 === line ? target : undefined} className={i + 1 === line ? 'current' : undefined}>
              {l || ' '}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">The file does not exist yet. Create it with {'{"mcpServers": {…}}'} to add servers for every workspace.</p>
      )}
    </section>
  );
}
