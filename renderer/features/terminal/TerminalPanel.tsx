import { useEffect, useRef } from 'react';
import type { TerminalInfo } from '../../../shared/contract/terminal';
import { formatKeys } from '../../commands/registry';
import { useTerminals } from '../../stores/terminal-store';
import { renameTerminal, showTerminal } from './commands';
import { Icon } from '../../ui/icons';
import { TerminalSearch } from './TerminalSearch';
import { existingView, viewFor } from './views';
import './terminal.css';

const statusOf = (t: TerminalInfo) =>
  t.status === 'exited' ? (t.signal ? `ended by ${t.signal}` : `exited with code ${t.exitCode}`) : t.command ? `running: ${t.command}` : null;

/** The Terminal panel: a tab per terminal (the agent's included), the active one's xterm, and find. */
export function TerminalPanel() {
  const terminals = useTerminals((s) => s.terminals);
  const activeId = useTerminals((s) => s.activeId);
  const scrollback = useTerminals((s) => s.scrollback);
  const searchOpen = useTerminals((s) => s.searchOpen);
  const { setActive, kill, setSearchOpen } = useTerminals.getState();
  const host = useRef<HTMLDivElement>(null);
  const active = terminals.find((t) => t.id === activeId) ?? null;

  // The active terminal's xterm moves into the panel; it keeps its contents while away.
  useEffect(() => {
    if (!activeId || !host.current) return;
    const view = viewFor(activeId, scrollback);
    view.attach(host.current);
    return () => view.detach();
  }, [activeId, scrollback]);

  // Refit whenever the panel changes size (sash, window, side bars).
  useEffect(() => {
    const box = host.current;
    if (!box) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => existingView(useTerminals.getState().activeId)?.fit());
    });
    observer.observe(box);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  const view = existingView(activeId);
  return (
    <section className="terminal-panel" role="region" aria-label="Terminal">
      <div className="terminal-toolbar">
        <div className="terminal-tabs" role="tablist" aria-label="Terminals">
          {terminals.map((t) => {
            const status = statusOf(t);
            return (
              <button
                key={t.id}
                role="tab"
                aria-selected={t.id === activeId}
                aria-label={t.name}
                {...(status ? { 'aria-description': status } : {})}
                title={[t.name, status, t.notice].filter(Boolean).join(' — ')}
                className={`terminal-tab${t.id === activeId ? ' active' : ''}${t.status === 'exited' ? ' exited' : ''}`}
                onClick={() => {
                  setActive(t.id);
                  existingView(t.id)?.focus();
                }}
                onDoubleClick={() => void renameTerminal(t.id)}
              >
                <Icon name="terminal" size={14} />
                <span className="terminal-tab-name">{t.name}</span>
                {t.kind !== 'user' && <span className="terminal-tab-badge">{t.kind === 'agent' ? 'agent' : 'bg'}</span>}
                {t.command && <span className="terminal-tab-busy" aria-hidden="true" />}
                {t.status === 'exited' && <span className="terminal-tab-exit">{t.signal ?? t.exitCode}</span>}
              </button>
            );
          })}
        </div>
        <span className="spacer" />
        <button className="icon-button" aria-label="New terminal" title={`New terminal (${formatKeys('Ctrl+Shift+`')})`} onClick={() => void showTerminal({ create: true })}>
          <Icon name="plus" />
        </button>
        <button className="icon-button" aria-label="Find in terminal" title={`Find (${formatKeys('Mod+F')})`} disabled={!active} onClick={() => setSearchOpen(true)}>
          <Icon name="search" />
        </button>
        <button className="icon-button" aria-label="Rename terminal" title="Rename terminal" disabled={!active} onClick={() => active && void renameTerminal(active.id)}>
          <Icon name="edit" />
        </button>
        <button className="icon-button" aria-label="Kill terminal" title="Kill terminal" disabled={!active} onClick={() => active && void kill(active.id)}>
          <Icon name="trash" />
        </button>
      </div>
      <div className="terminal-body">
        {active?.notice && <p className="terminal-notice" role="note">{active.notice}</p>}
        {searchOpen && view && <TerminalSearch view={view} onClose={() => setSearchOpen(false)} />}
        <div ref={host} className="terminal-host" />
        {terminals.length === 0 && (
          <div className="panel-empty terminal-empty">
            <p>No terminal is open.</p>
            <button className="button" onClick={() => void showTerminal({ create: true })}>
              Open a terminal
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
