// Which hooks led to what is happening now. A hook runs inside `hookOrigin.run(…)`, so
// everything it causes on the host's side — its agent session's requests and tool calls,
// the files those write through `ws.files` — sees the chain in `currentOrigin()` without
// any caller passing it along. Two rules follow from it: a hook's own changes do not trigger
// it again, and a chain of hooks triggering hooks stops at `hooks.maxDepth`.
//
// A command's writes reach the host only through the file watcher, outside any async
// context; the dispatcher attributes those by modification time (see `HookDispatcher.originOfChange`).

import { AsyncLocalStorage } from 'node:async_hooks';

export interface HookOrigin {
  /** 0: a person or the disk; n: caused by a hook running at depth n. */
  depth: number;
  /** Ids of the hooks that led here, outermost first. */
  chain: readonly string[];
  /** Their names, for notices. */
  names: readonly string[];
}

export const NO_ORIGIN: HookOrigin = Object.freeze({ depth: 0, chain: [], names: [] });

export const hookOrigin = new AsyncLocalStorage<HookOrigin>();

export const currentOrigin = (): HookOrigin => hookOrigin.getStore() ?? NO_ORIGIN;

/** The origin inside a hook run at `depth`: the chain so far plus that hook. */
export const originOf = (parent: HookOrigin, hook: { id: string; name: string }, depth: number): HookOrigin => ({
  depth,
  chain: [...parent.chain, hook.id],
  names: [...parent.names, hook.name],
});

/** Two causes of one merged event: the shorter chain wins (it is the reason the event matters). */
export const shallower = (a: HookOrigin, b: HookOrigin): HookOrigin => (b.depth < a.depth ? b : a);
