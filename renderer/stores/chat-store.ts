import { create } from 'zustand';
import type { AgentSession, AssistantEntry, ContextRef, SessionEntry, SessionSummary } from '../../shared/agent/session';
import type { AgentEvent, ContextProviderInfo, RunState, UsageView } from '../../shared/contract/agent';
import type { AutoRule, ModelEntry } from '../../shared/settings/agent';
import { api } from '../api/client';
import { useSettings } from './settings-store';
import { appendDelta, clearTexts, setText } from '../features/chat/stream-text';
import { notifyError } from './notifications';

export interface ModelCatalog {
  model: string;
  models: ModelEntry[];
  auto: AutoRule;
  options: { id: string; label: string; detail: string }[];
  ollama: { baseUrl: string; models: string[] } | null;
}

interface ChatStore {
  sessions: SessionSummary[];
  sessionId: string | null;
  session: AgentSession | null;
  entries: SessionEntry[];
  run: RunState | null;
  /** Stop was pressed and the host has not confirmed yet: the UI acts on it at once. */
  stopping: boolean;
  catalog: ModelCatalog | null;
  providers: ContextProviderInfo[];
  usage: UsageView | null;
  /** The message box's `#` items. */
  chips: ContextRef[];
  /** A send the host refused (no model, empty…), shown above the message box. */
  error: string | null;
  historyOpen: boolean;
  /** The picker's choice before the first message creates the session. */
  draftModel: string | null;

  start(): () => void;
  open(id: string): Promise<void>;
  newSession(): Promise<void>;
  send(text: string, context: ContextRef[]): Promise<boolean>;
  stop(): Promise<void>;
  retry(): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  setModel(model: string): Promise<void>;
  addChip(chip: ContextRef): void;
  removeChip(index: number): void;
  refreshUsage(): Promise<void>;
  setHistoryOpen(open: boolean): void;
}

let unsubscribeSession: (() => void) | null = null;
/** The session being created, shared so that the chat's start and an early Send never make two. */
let creating: Promise<void> | null = null;
/** Each open() supersedes the ones before it (a slow one must not switch back to an older session). */
let opening = 0;
const LAST_SESSION = 'specwright.chat.session';

/** No session open: the chat is a blank page until the first message creates one. */
function blank() {
  opening++;
  unsubscribeSession?.();
  unsubscribeSession = null;
  clearTexts();
  useChat.setState({ sessionId: null, session: null, entries: [], run: null, stopping: false, error: null, historyOpen: false, chips: [] });
  localStorage.removeItem(LAST_SESSION);
  void useChat.getState().refreshUsage();
}

function loadTexts(entries: SessionEntry[]) {
  for (const e of entries) if (e.type === 'assistant') setText(e.id, e.text);
}

export const useChat = create<ChatStore>((set, get) => {
  const onEvent = (e: AgentEvent) => {
    switch (e.type) {
      case 'snapshot':
        loadTexts(e.session.entries);
        set({ session: e.session, entries: e.session.entries, run: e.run, stopping: e.run ? get().stopping : false });
        break;
      case 'entry': {
        if (e.entry.type === 'assistant') setText(e.entry.id, e.entry.text);
        const entries = get().entries;
        const i = entries.findIndex((x) => x.id === e.entry.id);
        const next = i >= 0 ? entries.map((x, j) => (j === i ? e.entry : x)) : [...entries, e.entry];
        set({ entries: next });
        if (e.entry.type === 'assistant' && e.entry.status !== 'streaming') void get().refreshUsage();
        break;
      }
      case 'delta':
        appendDelta(e.entryId, e.text);
        break;
      case 'tool': {
        const entries = get().entries;
        set({
          entries: entries.map((x) => {
            if (x.id !== e.entryId || x.type !== 'assistant') return x;
            const calls = x.toolCalls.some((c) => c.id === e.call.id) ? x.toolCalls.map((c) => (c.id === e.call.id ? e.call : c)) : [...x.toolCalls, e.call];
            return { ...x, toolCalls: calls } satisfies AssistantEntry;
          }),
        });
        break;
      }
      case 'run':
        set({ run: e.run, ...(e.run ? {} : { stopping: false }) });
        if (!e.run) void get().refreshUsage();
        break;
    }
  };

  return {
    sessions: [],
    sessionId: null,
    session: null,
    entries: [],
    run: null,
    stopping: false,
    catalog: null,
    providers: [],
    usage: null,
    chips: [],
    error: null,
    historyOpen: false,
    draftModel: null,

    start() {
      const offList = api.subscribe('agent.sessionList', {}, ({ sessions }) => {
        set({ sessions });
        const { sessionId } = get();
        if (sessionId && !sessions.some((s) => s.id === sessionId)) {
          // The open session was deleted (here or in another window).
          const next = sessions[0]?.id;
          if (next) void get().open(next);
          else blank();
        }
      });
      void api.call('agent.models', {}).then((catalog) => set({ catalog }), (e) => notifyError(e, 'Cannot read the model catalog'));
      // Models, prices and budgets are settings: the picker and the usage readout follow them.
      const offSettings = useSettings.subscribe((s, prev) => {
        if (s.view === prev.view || !prev.view) return;
        void api.call('agent.models', {}).then((catalog) => set({ catalog }), () => {});
        void get().refreshUsage();
      });
      void api.call('agent.contextProviders', {}).then(({ providers }) => set({ providers }), () => {});
      void (async () => {
        try {
          const { sessions } = await api.call('agent.sessions', {});
          if (get().sessionId || creating) return; // the person was quicker (an early Send)
          const remembered = localStorage.getItem(LAST_SESSION);
          const pick = sessions.find((s) => s.id === remembered) ?? sessions.find((s) => s.kind === 'chat');
          if (pick) await get().open(pick.id);
        } catch (e) {
          notifyError(e, 'Cannot load the chat sessions');
        }
      })();
      return () => {
        offList();
        offSettings();
        unsubscribeSession?.();
        unsubscribeSession = null;
      };
    },

    async open(id) {
      const mine = ++opening;
      unsubscribeSession?.();
      clearTexts();
      set({ sessionId: id, session: null, entries: [], run: null, stopping: false, error: null, draftModel: null });
      localStorage.setItem(LAST_SESSION, id);
      if (mine !== opening) return;
      unsubscribeSession = api.subscribe('agent.events', { sessionId: id }, {
        event: onEvent,
        end: (e) => {
          if (e && e.code !== 'DISCONNECTED') notifyError(e, 'The chat lost its session');
        },
      });
      await get().refreshUsage();
    },

    async newSession() {
      // A session is created by its first message, so empty ones never pile up.
      if (get().entries.length === 0 && !get().run) {
        set({ chips: [], error: null, historyOpen: false });
        return;
      }
      blank();
    },

    async send(text, context) {
      let { sessionId } = get();
      set({ error: null });
      try {
        if (!sessionId) {
          creating ??= (async () => {
            try {
              const draft = get().draftModel;
              const s = await api.call('agent.createSession', draft ? { model: draft } : {});
              await get().open(s.id);
            } finally {
              creating = null;
            }
          })();
          await creating;
          sessionId = get().sessionId;
        }
        await api.call('agent.send', { sessionId: sessionId!, text, context });
        set({ chips: [] });
        return true;
      } catch (e) {
        set({ error: (e as Error).message });
        return false;
      }
    },

    async stop() {
      const { sessionId, run } = get();
      if (!sessionId || !run) return;
      set({ stopping: true });
      try {
        await api.call('agent.stop', { sessionId });
      } catch (e) {
        set({ stopping: false });
        notifyError(e, 'Could not stop the agent');
      }
    },

    async retry() {
      const { sessionId } = get();
      if (!sessionId) return;
      set({ error: null });
      try {
        await api.call('agent.retry', { sessionId });
      } catch (e) {
        set({ error: (e as Error).message });
      }
    },

    async rename(id, title) {
      try {
        await api.call('agent.renameSession', { id, title });
      } catch (e) {
        notifyError(e, 'Could not rename the session');
      }
    },

    async remove(id) {
      try {
        await api.call('agent.deleteSession', { id });
      } catch (e) {
        notifyError(e, 'Could not delete the session');
      }
    },

    async setModel(model) {
      const { sessionId } = get();
      if (!sessionId) {
        set({ draftModel: model });
        return;
      }
      try {
        await api.call('agent.setModel', { id: sessionId, model });
      } catch (e) {
        notifyError(e, 'Could not change the model');
      }
    },

    addChip(chip) {
      const chips = get().chips;
      if (chips.some((c) => c.kind === chip.kind && c.arg === chip.arg)) return;
      set({ chips: [...chips, chip] });
    },

    removeChip(index) {
      set({ chips: get().chips.filter((_, i) => i !== index) });
    },

    async refreshUsage() {
      const { sessionId } = get();
      try {
        const usage = await api.call('agent.usage', sessionId ? { sessionId } : {});
        set({ usage });
      } catch {
        // the readout keeps its last value
      }
    },

    setHistoryOpen(historyOpen) {
      set({ historyOpen });
    },
  };
});
