import type { ContextRef, ResolvedContextInfo } from '../../../shared/agent/session';
import { countTokens } from '../../../shared/agent/tokens';
import type { ContextEnv, ContextRegistry } from './registry';

export interface ResolvedMessageContext {
  resolved: ResolvedContextInfo[];
  /** What the model reads before the message. */
  contextText: string;
  /** Workspace files the items brought in. */
  files: string[];
}

/**
 * Turns the message's `#` items into text for the model. An item that fails (a file that
 * is gone, a URL that does not answer) does not stop the message: it is marked on its chip
 * and the model is told it is missing.
 */
export async function resolveContext(refs: readonly ContextRef[], registry: ContextRegistry, env: ContextEnv): Promise<ResolvedMessageContext> {
  const resolved: ResolvedContextInfo[] = [];
  const blocks: string[] = [];
  const files: string[] = [];
  for (const ref of refs) {
    const provider = registry.get(ref.kind);
    try {
      if (!provider) throw new Error(`There is no #${ref.kind} context provider.`);
      const unavailable = provider.unavailable?.() ?? null;
      if (unavailable) throw new Error(unavailable);
      const r = await provider.resolve(ref, env);
      blocks.push(`<context item="${ref.label.replace(/"/g, "'")}" title="${r.title.replace(/"/g, "'")}">\n${r.text}\n</context>`);
      files.push(...(r.files ?? []));
      resolved.push({ label: ref.label, title: r.title, tokens: countTokens(r.text), truncated: /\bcut\b|left out/.test(r.title) });
    } catch (e) {
      if (env.signal.aborted) throw e;
      const error = (e as Error).message;
      blocks.push(`<context item="${ref.label.replace(/"/g, "'")}">\n[Could not be added: ${error}]\n</context>`);
      resolved.push({ label: ref.label, title: ref.label, tokens: 0, truncated: false, error });
    }
  }
  const contextText = blocks.length ? `The person attached this context to their message:\n\n${blocks.join('\n\n')}` : '';
  return { resolved, contextText, files: [...new Set(files)] };
}
