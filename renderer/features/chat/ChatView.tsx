import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { SessionEntry } from '../../../shared/agent/session';
import { api } from '../../api/client';
import { useChat } from '../../stores/chat-store';
import { notifyError } from '../../stores/notifications';
import { ask, prompt } from '../../ui/dialog-store';
import { Composer } from './Composer';
import { DiffView } from './DiffView';
import { AssistantMessage, DEFAULT_DISPLAY, NoticeMessage, requestUsageLines, RunStatus, SummaryMessage, UserMessage } from './Messages';
import { UsageReadout } from './UsageReadout';
import { ChatIcon } from './chat-icons';
import './chat.css';

async function exportSession(id: string) {
  try {
    const { markdown, fileName } = await api.call('agent.exportSession', { id });
    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    notifyError(e, 'Could not export the session');
  }
}

async function renameSession(id: string, title: string) {
  const next = await prompt('Rename session', 'Name', title, 'Rename', [0, title.length]);
  if (next?.trim()) await useChat.getState().rename(id, next.trim());
}

async function deleteSession(id: string, title: string) {
  const ok = await ask('Delete session', `Delete “${title}” and its messages? Checkpoints it made stay in the timeline.`, [
    { label: 'Cancel', value: 'cancel' },
    { label: 'Delete', value: 'delete', danger: true, primary: true },
  ]);
  if (ok === 'delete') await useChat.getState().remove(id);
}

function History() {
  const sessions = useChat((s) => s.sessions);
  const current = useChat((s) => s.sessionId);
  const open = useChat((s) => s.open);
  return (
    <nav className="chat-history" aria-label="Session history">
      {sessions.length === 0 && <p className="muted">No sessions yet.</p>}
      <ul>
        {sessions.map((s) => (
          <li key={s.id} className={s.id === current ? 'current' : undefined}>
            <button
              className="history-open"
              onClick={() => {
                useChat.getState().setHistoryOpen(false);
                void open(s.id);
              }}
              aria-current={s.id === current ? 'true' : undefined}>
              <span className="history-title">
                {s.running && <span className="spinner" aria-label="running" />}
                {s.title}
              </span>
              <span className="muted">
                {s.kind !== 'chat' ? `${s.kind}${s.origin ? ` · ${s.origin}` : ''} · ` : ''}
                {new Date(s.updatedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} · {s.messages} {s.messages === 1 ? 'message' : 'messages'}
              </span>
            </button>
            <button className="icon-button" aria-label={`Rename ${s.title}`} title="Rename" onClick={() => void renameSession(s.id, s.title)}>
              <ChatIcon name="pencil" />
            </button>
            <button className="icon-button" aria-label={`Delete ${s.title}`} title="Delete" onClick={() => void deleteSession(s.id, s.title)}>
              <ChatIcon name="trash" />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Whether a retry offered under this entry would be the last thing in the conversation. */
const lastIndex = (entries: SessionEntry[]) => entries.length - 1;

function Conversation() {
  const entries = useChat((s) => s.entries);
  const run = useChat((s) => s.run);
  const stopping = useChat((s) => s.stopping);
  const sessionId = useChat((s) => s.sessionId);
  const display = useChat((s) => s.usage?.display ?? DEFAULT_DISPLAY);
  const log = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Follow the answer while the person is at the bottom; leave them alone when they scroll up.
  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    const follow = () => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    };
    follow();
    const observer = new MutationObserver(follow);
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [sessionId]);

  const last = lastIndex(entries);
  const usage = useMemo(() => requestUsageLines(entries, display), [entries, display]);
  return (
    <div
      ref={log}
      className="chat-log"
      role="log"
      aria-label="Conversation"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {entries.length === 0 && (
        <div className="chat-empty">
          <p>Ask for a change, a fix, an explanation.</p>
          <p className="muted">
            The agent reads and edits files and runs commands; every step shows here, goes through your policy (Supervised asks before changes) and is checkpointed so you can revert it. Type <kbd>#</kbd> to add context.
          </p>
        </div>
      )}
      {entries.map((e, i) => {
        switch (e.type) {
          case 'user':
            return <UserMessage key={e.id} entry={e} />;
          case 'assistant':
            return <AssistantMessage key={e.id} entry={e} usage={run?.requestId === e.requestId ? null : (usage.get(e.id) ?? null)} last={i === last} />;
          case 'notice':
            return <NoticeMessage key={e.id} entry={e} last={i === last} />;
          case 'summary':
            return <SummaryMessage key={e.id} entry={e} sessionId={sessionId ?? ''} />;
        }
      })}
      {run && <RunStatus run={run} stopping={stopping} />}
    </div>
  );
}

/** The chat, in the right-hand side bar. */
export function ChatView() {
  const session = useChat((s) => s.session);
  const historyOpen = useChat((s) => s.historyOpen);
  const running = useChat((s) => s.run !== null);
  const { newSession, setHistoryOpen, stop } = useChat.getState();

  useEffect(() => useChat.getState().start(), []);

  return (
    <section
      className="chat"
      aria-label="Chat"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && running && !e.defaultPrevented) {
          e.preventDefault();
          void stop();
        }
      }}
    >
      <header className="chat-head">
        <button className="chat-title" aria-expanded={historyOpen} aria-label="Session history" title="Session history" onClick={() => setHistoryOpen(!historyOpen)}>
          <span className="chat-title-text">{session?.title ?? 'New session'}</span>
          <span className="muted">▾</span>
        </button>
        <span className="spacer" />
        {session && (
          <>
            <button className="icon-button" aria-label="Rename session" title="Rename session" onClick={() => void renameSession(session.id, session.title)}>
              <ChatIcon name="pencil" />
            </button>
            <button className="icon-button" aria-label="Export session as Markdown" title="Export as Markdown" onClick={() => void exportSession(session.id)}>
              <ChatIcon name="download" />
            </button>
          </>
        )}
        <button className="button small" onClick={() => void newSession()} title="New session">
          <ChatIcon name="plus" size={13} />
          New session
        </button>
      </header>
      {historyOpen && <History />}
      <Conversation />
      <DiffView />
      <Composer />
      <UsageReadout />
    </section>
  );
}
