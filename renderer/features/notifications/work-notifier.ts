import type { SpecCard } from '../../../shared/contract/specs';
import { formatDuration, shouldNotify, type FinishedWork } from '../../../shared/notifications/finished-work';
import { useChat } from '../../stores/chat-store';
import { useSettings } from '../../stores/settings-store';
import { useSpecs } from '../../stores/specs-store';
import { showSystemNotification } from './system-notification';

/** Whether the person is looking at this window (a window behind another, or minimised, is not). */
const windowFocused = () => document.visibilityState === 'visible' && document.hasFocus();

function finished(work: FinishedWork, title: string, body: string) {
  if (!shouldNotify(useSettings.getState().effective.general.notifications, work, windowFocused())) return;
  void showSystemNotification(title, `${body} (${formatDuration(work.endedAt - work.startedAt)})`);
}

const firstLine = (text: string) => {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
};

/** The chat's request ending: how it ended, in a line. */
function requestOutcome(): { title: string; body: string } {
  const { session, entries } = useChat.getState();
  const last = [...entries].reverse().find((e) => e.type === 'assistant' || e.type === 'notice');
  const name = session?.title ? `“${session.title}”` : 'Your request';
  if (last?.type === 'notice' && last.level === 'error') return { title: 'The agent stopped', body: `${name}: ${firstLine(last.message)}` };
  if (last?.type === 'assistant' && last.status === 'failed') return { title: 'The agent stopped', body: `${name}: ${firstLine(last.error?.message ?? 'an error')}` };
  return { title: 'The agent finished', body: last?.type === 'assistant' && last.text.trim() ? `${name}: ${firstLine(last.text)}` : `${name} is done.` };
}

/** An agent request of the open chat session. Task sessions are left to the task runs below, so one run is one notification. */
function followRequests(): () => void {
  let current: { requestId: string; sessionId: string | null; startedAt: number } | null = null;
  return useChat.subscribe((s, prev) => {
    if (s.run && s.run.requestId !== current?.requestId) current = { requestId: s.run.requestId, sessionId: s.sessionId, startedAt: Date.now() };
    if (s.run || !prev.run || !current) return;
    const ended = current;
    current = null;
    // Switching to another session is not the request ending.
    if (ended.sessionId !== s.sessionId || s.session?.kind === 'task') return;
    const { title, body } = requestOutcome();
    finished({ kind: 'request', startedAt: ended.startedAt, endedAt: Date.now() }, title, body);
  });
}

const running = (c: SpecCard | undefined) => (c?.activity?.kind === 'running' ? c.activity : null);

/** A spec's task run (one task, or Run all tasks) ending. */
function followTaskRuns(): () => void {
  return useSpecs.subscribe((s, prev) => {
    for (const before of prev.cards) {
      const was = running(before);
      if (!was) continue;
      const now = s.cards.find((c) => c.id === before.id);
      if (running(now)) continue;
      const card = now ?? before;
      const failed = card.problem && card.problem.at >= was.since;
      const { requiredDone, required } = card.progress;
      finished(
        { kind: 'tasks', startedAt: was.since, endedAt: Date.now() },
        failed ? `Tasks of ${card.name} stopped` : `Tasks of ${card.name} finished`,
        failed ? firstLine(card.problem!.message) : `${requiredDone} of ${required} required tasks done.`,
      );
    }
  });
}

/**
 * System notifications when an agent request or a task run finishes while this window is
 * in the background (`general.notifications`): the person went elsewhere while it worked.
 */
export function followFinishedWork(): () => void {
  const offs = [followRequests(), followTaskRuns()];
  return () => offs.forEach((off) => off());
}
