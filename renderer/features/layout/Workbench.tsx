import { Suspense, useEffect } from 'react';
import { formatKeys } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { useEditors } from '../../stores/editor-store';
import { useUi } from '../../stores/ui-store';
import { Icon } from '../../ui/icons';
import { EditorArea } from '../editor/EditorArea';
import type { Theme } from '../editor/theme';
import { StatusBar } from '../statusbar/StatusBar';
import { EmptyState } from '../welcome/EmptyState';
import { Sash } from './Sash';
import { useViews, viewsIn } from './views';

/** Activity bar, side bar, editor, panel, auxiliary bar and status bar. */
export function Workbench({ theme }: { theme: Theme }) {
  const workspace = useApp((s) => s.workspace);
  // Without a folder the start page shows, unless a view (Settings) is open in the editor area.
  const hasTabs = useEditors((s) => s.tabs.length > 0);
  const ui = useUi();
  const views = useViews((s) => s.views);
  const side = viewsIn(views, 'side');
  const panel = viewsIn(views, 'panel');
  const aux = viewsIn(views, 'aux');
  const main = viewsIn(views, 'main');
  const mainView = workspace ? main.find((v) => v.id === ui.mainView) : undefined;
  // Opening or switching to a file brings the editor back.
  const activeEditor = useEditors((s) => s.active);
  useEffect(() => useUi.getState().setMainView(null), [activeEditor]);
  const sideView = side.find((v) => v.id === ui.sideView) ?? side[0];
  const panelView = panel.find((v) => v.id === ui.panelView) ?? panel[0];
  const showSide = !!workspace && ui.sidebarVisible && !!sideView;
  const showPanel = !!workspace && ui.panelVisible && !!panelView;
  const showAux = !!workspace && ui.auxVisible && aux.length > 0;

  return (
    <div className="workbench">
      <div className="workbench-main">
        {workspace && (
          <nav className="activity-bar" aria-label="Views">
            {side.map((v) => (
              <button
                key={v.id}
                className={showSide && sideView?.id === v.id ? 'activity active' : 'activity'}
                aria-label={v.title}
                aria-pressed={showSide && sideView?.id === v.id}
                title={v.keys ? `${v.title} (${formatKeys(v.keys)})` : v.title}
                onClick={() => (showSide && sideView?.id === v.id ? ui.toggleSidebar() : ui.setSideView(v.id))}
              >
                <Icon name={v.icon} size={22} />
              </button>
            ))}
            {main.map((v) => (
              <button
                key={v.id}
                className={mainView?.id === v.id ? 'activity active' : 'activity'}
                aria-label={v.title}
                aria-pressed={mainView?.id === v.id}
                title={v.keys ? `${v.title} (${formatKeys(v.keys)})` : v.title}
                onClick={() => ui.setMainView(mainView?.id === v.id ? null : v.id)}
              >
                <Icon name={v.icon} size={22} />
              </button>
            ))}
            <span className="activity-spacer" />
            {aux.length > 0 && (
              <button className={showAux ? 'activity active' : 'activity'} aria-label="Toggle Secondary Side Bar" aria-pressed={showAux} onClick={() => ui.toggleAux()}>
                <Icon name="sidebar" size={20} />
              </button>
            )}
            <button className={showPanel ? 'activity active' : 'activity'} aria-label="Toggle Panel" aria-pressed={showPanel} onClick={() => ui.togglePanel()}>
              <Icon name="panel" size={20} />
            </button>
          </nav>
        )}
        {showSide && sideView && (
          <>
            <aside className="side-bar" style={{ width: ui.sidebarWidth }} aria-label={sideView.title}>
              <Suspense fallback={<p className="side-empty">Loading…</p>}>
                <sideView.component />
              </Suspense>
            </aside>
            <Sash direction="vertical" size={ui.sidebarWidth} onResize={(s) => ui.resize('sidebar', s)} label="Resize side bar" />
          </>
        )}
        <div className="center">
          {workspace || hasTabs ? (
            <>
              {/* The editor stays mounted under a main view, so its state survives the switch. */}
              <div className="center-editor" hidden={!!mainView}>
                <EditorArea theme={theme} />
              </div>
              {mainView && (
                <Suspense fallback={<p className="side-empty">Loading…</p>}>
                  <mainView.component />
                </Suspense>
              )}
            </>
          ) : (
            <EmptyState />
          )}
          {showPanel && panelView && (
            <>
              <Sash direction="horizontal" size={ui.panelHeight} onResize={(s) => ui.resize('panel', s)} label="Resize panel" invert />
              <section className="panel" style={{ height: ui.panelHeight }} aria-label="Panel">
                <div className="panel-tabs" role="tablist" aria-label="Panel views">
                  {panel.map((v) => (
                    <button key={v.id} role="tab" aria-selected={v.id === panelView.id} className={v.id === panelView.id ? 'panel-tab active' : 'panel-tab'} onClick={() => ui.setPanelView(v.id)}>
                      {v.title}
                    </button>
                  ))}
                  <span className="spacer" />
                  <button className="icon-button" aria-label="Close Panel" onClick={() => ui.togglePanel()}>
                    <Icon name="close" size={14} />
                  </button>
                </div>
                <div className="panel-body" role="tabpanel" aria-label={panelView.title}>
                  <Suspense fallback={<p className="panel-empty">Loading…</p>}>
                    <panelView.component />
                  </Suspense>
                </div>
              </section>
            </>
          )}
        </div>
        {showAux && (
          <>
            <Sash direction="vertical" size={ui.auxWidth} onResize={(s) => ui.resize('aux', s)} label="Resize secondary side bar" invert />
            <aside className="aux-bar" style={{ width: ui.auxWidth }} aria-label="Secondary side bar">
              {aux.map((v) => (
                <Suspense key={v.id} fallback={<p className="side-empty">Loading…</p>}>
                  <v.component />
                </Suspense>
              ))}
            </aside>
          </>
        )}
      </div>
      <StatusBar />
    </div>
  );
}
