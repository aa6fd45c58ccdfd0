import type { ContextRef } from '../../../shared/agent/session';
import type { ContextProviderInfo } from '../../../shared/contract/agent';
import type { AgentSettings } from '../../../shared/settings/agent';
import type { TerminalText } from '../ports';
import type { SearchEngine } from '../tools/search-engine';
import type { ToolWorkspace } from '../tools/types';

export interface ContextEnv {
  ws: ToolWorkspace;
  limits: AgentSettings['loop'];
  search: SearchEngine;
  terminal: TerminalText | null;
  /** The message the item is attached to (`#codebase` searches for it when given no query). */
  message: string;
  signal: AbortSignal;
}

export interface ResolvedContext {
  /** A heading for the model and the chip's tooltip: `src/app.ts (120 lines)`. */
  title: string;
  text: string;
  /** Workspace files it brought in (steering `fileMatch` uses them). */
  files?: string[];
}

export interface Suggestion {
  value: string;
  label: string;
  detail?: string;
}

/**
 * A `#` context provider. The built-ins are `file`, `folder`, `codebase`, `terminal`,
 * `problems`, `git-diff` and `url`; the specs, steering and MCP features register `spec`,
 * `steering` and `mcp` (until then these are listed as not available).
 */
export interface ContextProvider {
  id: string;
  label: string;
  description: string;
  argument: ContextProviderInfo['argument'];
  /** Resolved in the renderer, which sends the text (`#problems`: Monaco's markers). */
  renderer?: boolean;
  /** A default another feature may replace by registering the same id (the agent's own `#spec`, `#steering`). */
  replaceable?: boolean;
  /** Why it cannot be used right now, or null. */
  unavailable?(): string | null;
  suggest?(query: string, env: Omit<ContextEnv, 'message' | 'signal'>): Promise<Suggestion[]>;
  resolve(ref: ContextRef, env: ContextEnv): Promise<ResolvedContext>;
}

/** A provider that a feature will register later; listed so that people can see it exists. */
export const placeholderProvider = (id: string, label: string, description: string, reason: string): ContextProvider => ({
  id,
  label,
  description,
  argument: 'choice',
  replaceable: true,
  unavailable: () => reason,
  async resolve() {
    throw new Error(reason);
  },
});

export class ContextRegistry {
  /** Per id, the registrations in order; the latest non-replaceable one wins, else the latest default. */
  private stacks = new Map<string, ContextProvider[]>();

  register(provider: ContextProvider): () => void {
    const stack = this.stacks.get(provider.id) ?? [];
    if (!provider.replaceable && stack.some((p) => !p.replaceable)) throw new Error(`A context provider '${provider.id}' is already registered.`);
    this.stacks.set(provider.id, [...stack, provider]);
    return () => {
      const now = (this.stacks.get(provider.id) ?? []).filter((p) => p !== provider);
      if (now.length) this.stacks.set(provider.id, now);
      else this.stacks.delete(provider.id);
    };
  }

  get(id: string): ContextProvider | undefined {
    const stack = this.stacks.get(id) ?? [];
    return stack.findLast((p) => !p.replaceable) ?? stack.at(-1);
  }

  list(): ContextProvider[] {
    return [...this.stacks.keys()].map((id) => this.get(id)!);
  }

  info(): ContextProviderInfo[] {
    return this.list().map((p) => {
      const reason = p.unavailable?.() ?? null;
      return { id: p.id, label: p.label, description: p.description, argument: p.argument, renderer: !!p.renderer, available: reason === null, ...(reason ? { unavailableReason: reason } : {}) };
    });
  }
}
