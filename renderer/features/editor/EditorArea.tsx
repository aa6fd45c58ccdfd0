import { Suspense } from 'react';
import { formatKeys } from '../../commands/registry';
import { useEditors } from '../../stores/editor-store';
import { CompareView } from './CompareView';
import { reloadFromDisk, saveFile } from './documents';
import { EditorTabs } from './EditorTabs';
import { useEditorViews, viewIdOf } from './editor-views';
import { MonacoHost } from './MonacoHost';
import type { Theme } from './theme';

/** Tabs, the editor (or a notice for files that cannot be edited), and state banners. */
export function EditorArea({ theme }: { theme: Theme }) {
  const tabs = useEditors((s) => s.tabs);
  const active = useEditors((s) => s.active);
  const compare = useEditors((s) => s.compare);
  const setCompare = useEditors((s) => s.setCompare);
  const tab = tabs.find((t) => t.path === active);
  const views = useEditorViews((s) => s.views);
  const View = tab?.kind === 'view' ? views[viewIdOf(tab.path)]?.component : undefined;

  return (
    <div className="editor-area">
      {tabs.length > 0 && <EditorTabs />}
      <section id="editor-panel" className="editor-panel" role="region" aria-label="Editor">
        {!tab && <EditorWatermark />}
        {tab?.kind === 'view' &&
          (View ? (
            <Suspense fallback={<div className="editor-placeholder">Loading…</div>}>
              <View />
            </Suspense>
          ) : (
            <div className="editor-placeholder">This view is not available.</div>
          ))}
        {tab && tab.kind !== 'view' && compare === tab.path && <CompareView path={tab.path} theme={theme} />}
        {tab && tab.kind !== 'view' && compare !== tab.path && (
          <>
            {tab.deleted && (
              <div className="banner warning" role="status">
                <span>This file was deleted on disk. Your text is still here: save to create it again.</span>
                <button className="button small" onClick={() => void saveFile(tab.path)}>
                  Save again
                </button>
              </div>
            )}
            {tab.conflict && !tab.deleted && (
              <div className="banner warning" role="status">
                <span>This file changed on disk while you have unsaved changes.</span>
                <button className="button small" onClick={() => setCompare(tab.path)}>
                  Compare
                </button>
                <button className="button small" onClick={() => void saveFile(tab.path, { overwrite: true })}>
                  Keep mine
                </button>
                <button className="button small" onClick={() => void reloadFromDisk(tab.path)}>
                  Load disk version
                </button>
              </div>
            )}
            {tab.notice && (
              <div className="banner info" role="status">
                <span>{tab.notice}</span>
              </div>
            )}
            {tab.kind === 'text' ? (
              <MonacoHost path={tab.path} readOnly={tab.readOnly} theme={theme} />
            ) : (
              <div className="editor-placeholder">
                <p>{tab.notice ?? 'This file cannot be shown in the editor.'}</p>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function EditorWatermark() {
  const rows: [string, string][] = [
    ['Go to File', 'Mod+P'],
    ['Show All Commands', 'Mod+Shift+P'],
    ['Toggle Panel', 'Mod+J'],
    ['Toggle Side Bar', 'Mod+B'],
  ];
  return (
    <div className="watermark">
      <dl>
        {rows.map(([label, keys]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <kbd>{formatKeys(keys)}</kbd>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
