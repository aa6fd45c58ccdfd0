import { useApp } from '../../stores/app-store';
import { useExplorer } from '../../stores/explorer-store';
import { Icon } from '../../ui/icons';
import { startNewEntry } from './file-operations';
import { FileTree } from './FileTree';

export function Explorer() {
  const workspace = useApp((s) => s.workspace);
  const rootLoaded = useExplorer((s) => s.children[''] !== undefined);
  const isEmpty = useExplorer((s) => s.children['']?.length === 0);
  if (!workspace) return null;
  return (
    <div className="explorer">
      <header className="side-header">
        <h2 title={workspace.root}>{workspace.name}</h2>
        <div className="side-actions">
          <button className="icon-button" aria-label="New File" title="New File" onClick={() => void startNewEntry('newFile')}>
            <Icon name="newFile" />
          </button>
          <button className="icon-button" aria-label="New Folder" title="New Folder" onClick={() => void startNewEntry('newFolder')}>
            <Icon name="newFolder" />
          </button>
          <button
            className="icon-button"
            aria-label="Refresh Explorer"
            title="Refresh Explorer"
            onClick={() => void useExplorer.getState().refresh(Object.keys(useExplorer.getState().children))}
          >
            <Icon name="refresh" />
          </button>
          <button className="icon-button" aria-label="Collapse Folders" title="Collapse Folders" onClick={() => useExplorer.getState().collapseAll()}>
            <Icon name="collapse" />
          </button>
        </div>
      </header>
      {!rootLoaded && <p className="side-empty">Loading…</p>}
      {isEmpty && (
        <div className="side-empty">
          <p>This folder is empty.</p>
          <button className="button" onClick={() => void startNewEntry('newFile')}>
            New File
          </button>
        </div>
      )}
      <FileTree />
    </div>
  );
}
