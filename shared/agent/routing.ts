import type { AgentSettings, AutoRule, ModelEntry, RequestKind } from '../settings/agent';

/** What the caller knows about a request when the `auto` model is chosen. */
export interface RouteInput {
  /** `chat` for a message typed in the chat; the others name where the request comes from. */
  kind: Exclude<RequestKind, 'small_question'>;
  /** The person's message (chat) or the hook's prompt. */
  text?: string;
  /** `#file`, `#spec`, … items attached to the message. */
  contextItems?: number;
}

/** A chat message becomes a `small_question` when the rule says so; other kinds stay as they are. */
export function classifyRequest(input: RouteInput, rule: AutoRule): { kind: RequestKind; why: string } {
  if (input.kind !== 'chat') return { kind: input.kind, why: `${input.kind} request` };
  const text = (input.text ?? '').trim();
  if ((input.contextItems ?? 0) > 0) return { kind: 'chat', why: 'the message brings # context' };
  if (text.length > rule.smallQuestionMaxChars) return { kind: 'chat', why: `longer than ${rule.smallQuestionMaxChars} characters` };
  let work: RegExp | null = null;
  try {
    work = new RegExp(rule.workPattern, 'i');
  } catch {
    // An invalid pattern in settings must not break chat: treat every short message as a question.
  }
  if (work?.test(text)) return { kind: 'chat', why: 'it asks for work' };
  return { kind: 'small_question', why: `a short question, ${text.length} characters` };
}

export type ModelChoice =
  | { ok: true; entry: ModelEntry; auto: boolean; kind?: RequestKind; reason: string }
  | { ok: false; message: string };

/**
 * Which model answers: the picked entry, or under `auto` the `main` or `small` model as
 * the rule routes this kind of request. Pure, so the chat can show "auto → claude-haiku-4.5
 * (a short question)" before anything is sent.
 */
export function chooseModel(agent: Pick<AgentSettings, 'model' | 'models' | 'auto'>, input: RouteInput, picked: string = agent.model): ModelChoice {
  const find = (id: string) => agent.models.find((m) => m.id === id);
  if (picked !== 'auto') {
    const entry = find(picked);
    if (!entry) return { ok: false, message: `The model '${picked}' is not in agent.models; pick another model or add it in settings.` };
    return { ok: true, entry, auto: false, reason: 'picked' };
  }
  const { kind, why } = classifyRequest(input, agent.auto);
  const slot = agent.auto.routes[kind];
  const id = agent.auto[slot];
  const entry = find(id);
  if (!entry) return { ok: false, message: `agent.auto.${slot} is '${id}', which is not in agent.models; fix it in settings or pick a model.` };
  return { ok: true, entry, auto: true, kind, reason: `${kind.replace('_', ' ')} → ${slot} model (${why})` };
}
