import { formatKeys } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { Icon } from '../../ui/icons';
import { openFolderAt, openFolderFlow } from './open-folder';

/** What a window shows with no folder open: open one, or pick a recent one. */
export function EmptyState() {
  const recent = useApp((s) => s.recent);
  const notice = useApp((s) => s.notice);
  const forget = useApp((s) => s.forgetRecent);
  const home = useApp((s) => s.homeDir);
  const tidy = (p: string) => (home && p.startsWith(home) ? `~${p.slice(home.length)}` : p);
  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <div className="welcome-inner">
        <div className="welcome-brand">
          <Icon name="logo" size={40} />
          <div>
            <h1 id="welcome-title">Specwright</h1>
            <p>Requirements, design, tasks — then code. Every change checkpointed.</p>
          </div>
        </div>
        {notice && (
          <p className="banner warning" role="alert">
            {notice}
          </p>
        )}
        <section aria-labelledby="start-title">
          <h2 id="start-title">Start</h2>
          <button className="button primary large" onClick={() => void openFolderFlow()}>
            <Icon name="folderOpen" /> Open Folder <kbd>{formatKeys('Mod+O')}</kbd>
          </button>
        </section>
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">Recent</h2>
          {recent.length === 0 ? (
            <p className="muted">Folders you open will be listed here.</p>
          ) : (
            <ul className="recent-list" aria-label="Recent folders">
              {recent.map((path) => (
                <li key={path}>
                  <button className="link-button" onClick={() => void openFolderAt(path)} title={path}>
                    <strong>{path.slice(path.lastIndexOf('/') + 1) || path}</strong>
                    <span className="muted">{tidy(path)}</span>
                  </button>
                  <button className="icon-button" aria-label={`Remove ${path} from recent folders`} onClick={() => void forget(path)}>
                    <Icon name="close" size={14} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </main>
  );
}
