import { create } from 'zustand';
import type { NewSpec, SpecCard, SpecDetail, SpecDocKey, SpecPhase } from '../../shared/contract/specs';
import { api } from '../api/client';
import { openTaskSession } from '../features/specs/open-session';
import { forEachWorkspace, useApp } from './app-store';
import { notifyError } from './notifications';

interface SpecsStore {
  cards: SpecCard[];
  loaded: boolean;
  agent: { available: boolean; reason: string | null };
  /** The spec open in the spec view, or null for the board. */
  openId: string | null;
  detail: SpecDetail | null;
  detailError: string | null;
  /** A call on its way to the host, by spec id: its buttons and its card wait. */
  busy: Record<string, string>;
  open(id: string | null): Promise<void>;
  refreshDetail(): Promise<void>;
  create(input: NewSpec): Promise<SpecCard | null>;
  approve(id: string, phase: SpecPhase, generateNext?: boolean): Promise<boolean>;
  reopen(id: string, phase: SpecDocKey): Promise<boolean>;
  generate(id: string, instructions?: string): Promise<boolean>;
  stop(id: string): Promise<void>;
  startTask(id: string, index: number): Promise<string | null>;
  runAll(id: string, concurrency?: number): Promise<boolean>;
}

let detailSeq = 0;

export const useSpecs = create<SpecsStore>((set, get) => {
  /** Runs a host call for a spec, marks it busy meanwhile, and turns a refusal into a toast. */
  const act = async <T>(id: string, what: string, call: () => Promise<T>): Promise<T | null> => {
    set((s) => ({ busy: { ...s.busy, [id]: what } }));
    try {
      return await call();
    } catch (e) {
      notifyError(e);
      return null;
    } finally {
      set((s) => {
        const { [id]: _done, ...busy } = s.busy;
        return { busy };
      });
      if (get().openId === id) void get().refreshDetail();
    }
  };
  const putCard = (card: SpecCard | null) => {
    // A document being written: its session opens in the chat.
    if (card?.activity?.sessionId) openTaskSession(card.activity.sessionId);
    if (card) set((s) => ({ cards: s.cards.some((c) => c.id === card.id) ? s.cards.map((c) => (c.id === card.id ? card : c)) : [...s.cards, card] }));
    return card;
  };
  return {
    cards: [],
    loaded: false,
    agent: { available: false, reason: null },
    openId: null,
    detail: null,
    detailError: null,
    busy: {},
    async open(id) {
      set({ openId: id, detail: id && get().detail?.card.id === id ? get().detail : null, detailError: null });
      if (id) await get().refreshDetail();
    },
    async refreshDetail() {
      const id = get().openId;
      if (!id) return;
      const seq = ++detailSeq;
      try {
        const detail = await api.call('specs.get', { spec: id });
        if (seq === detailSeq && get().openId === id) set({ detail, detailError: null });
      } catch (e) {
        if (seq === detailSeq && get().openId === id) set({ detailError: (e as Error).message });
      }
    },
    async create(input) {
      try {
        return putCard(await api.call('specs.create', input));
      } catch (e) {
        notifyError(e);
        return null;
      }
    },
    async approve(id, phase, generateNext = true) {
      return putCard(await act(id, 'approving', () => api.call('specs.approve', { spec: id, phase, generateNext }))) !== null;
    },
    async reopen(id, phase) {
      return putCard(await act(id, 'reopening', () => api.call('specs.reopen', { spec: id, phase }))) !== null;
    },
    async generate(id, instructions = '') {
      return putCard(await act(id, 'generating', () => api.call('specs.generate', { spec: id, instructions }))) !== null;
    },
    async stop(id) {
      await act(id, 'stopping', () => api.call('specs.stop', { spec: id }));
    },
    async startTask(id, index) {
      const r = await act(id, 'starting', () => api.call('specs.startTask', { spec: id, task: index }));
      return r?.sessionId ?? null;
    },
    async runAll(id, concurrency) {
      return (await act(id, 'starting', () => api.call('specs.runAll', { spec: id, ...(concurrency ? { concurrency } : {}) }))) !== null;
    },
  };
});

/** Follows the open workspace's specs: the whole card list on every change, and the open spec's detail. */
export function followSpecs(): () => void {
  return forEachWorkspace(() => {
    useSpecs.setState({ cards: [], loaded: false, openId: null, detail: null });
    if (!useApp.getState().workspace) return;
    void api
      .call('specs.list', {})
      .then(({ cards, agent }) => useSpecs.setState({ cards, agent, loaded: true }))
      .catch((e) => notifyError(e));
    return api.subscribe('specs.changed', {}, {
      event: ({ cards, changed }) => {
        useSpecs.setState({ cards, loaded: true });
        const open = useSpecs.getState().openId;
        if (open && changed.includes(open)) void useSpecs.getState().refreshDetail();
      },
      end: () => {},
    });
  }, { afterEditors: true });
}
