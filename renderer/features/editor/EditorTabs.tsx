import { useEditors } from '../../stores/editor-store';
import { Icon } from '../../ui/icons';
import { closeFile } from './documents';

export function EditorTabs() {
  const tabs = useEditors((s) => s.tabs);
  const active = useEditors((s) => s.active);
  const activate = useEditors((s) => s.activate);

  const onKeyDown = (e: React.KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next) {
      activate(next.path);
      document.getElementById(tabId(next.path))?.focus();
    }
  };

  return (
    <div className="tabs" role="tablist" aria-label="Open editors">
      {tabs.map((tab, i) => {
        const selected = tab.path === active;
        const states = [tab.dirty && 'unsaved changes', tab.deleted && 'deleted on disk', tab.conflict && 'changed on disk', tab.readOnly && 'read-only'].filter(Boolean);
        return (
          <div
            key={tab.path}
            id={tabId(tab.path)}
            role="tab"
            aria-label={tab.name}
            aria-selected={selected}
            aria-description={states.length ? states.join(', ') : undefined}
            aria-controls="editor-panel"
            tabIndex={selected ? 0 : -1}
            title={tab.path}
            className={['tab', selected && 'active', tab.dirty && 'dirty', tab.deleted && 'deleted'].filter(Boolean).join(' ')}
            onClick={() => activate(tab.path)}
            onAuxClick={(e) => e.button === 1 && void closeFile(tab.path)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            <span className="tab-name">{tab.name}</span>
            <button
              className="tab-close"
              tabIndex={-1}
              aria-label={`Close ${tab.name}`}
              onClick={(e) => {
                e.stopPropagation();
                void closeFile(tab.path);
              }}
            >
              <span className="dirty-dot" aria-hidden="true" />
              <Icon name="close" size={14} className="close-glyph" />
            </button>
          </div>
        );
      })}
    </div>
  );
}

const tabId = (path: string) => `tab-${encodeURIComponent(path)}`;
