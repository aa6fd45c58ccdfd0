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
  /** Why it cannot be used right now, or null. */
  unavailable?(): string | null;
  suggest?(query: string, env: Omit<ContextEnv, 'message' | 'signal'>): Promise<Suggestion[]>;
  resolve(ref: ContextRef, env: ContextEnv): Promise<ResolvedContext>;
}

/** A provider that a feature will register later; listed so that people can see it exists. */
export const placeholderProvider = (id: string, label: string, description: string, reason: string): ContextProvider & { placeholder: true } => ({
  id,
  label,
  description,
  argument: 'choice',
  placeholder: true,
  unavailable: () => reason,
  async resolve() {
    throw new Error(reason);
  },
});

export class ContextRegistry {
  private providers = new Map<string, ContextProvider>();
  private placeholders = new Map<string, ContextProvider>();

  register(provider: ContextProvider): () => void {
    if ('placeholder' in provider) {
      this.placeholders.set(provider.id, provider);
      return () => this.placeholders.delete(provider.id);
    }
    if (this.providers.has(provider.id)) throw new Error(`A context provider '${provider.id}' is already registered.`);
    this.providers.set(provider.id, provider);
    return () => {
      if (this.providers.get(provider.id) === provider) this.providers.delete(provider.id);
    };
  }

  get(id: string): ContextProvider | undefined {
    return this.providers.get(id) ?? this.placeholders.get(id);
  }

  list(): ContextProvider[] {
    const all = new Map(this.placeholders);
    for (const [id, p] of this.providers) all.set(id, p);
    return [...all.values()];
  }

  info(): ContextProviderInfo[] {
    return this.list().map((p) => {
      const reason = p.unavailable?.() ?? null;
      return { id: p.id, label: p.label, description: p.description, argument: p.argument, renderer: !!p.renderer, available: reason === null, ...(reason ? { unavailableReason: reason } : {}) };
    });
  }
}
