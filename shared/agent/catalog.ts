import type { AgentSettings, ModelEntry, ProviderId } from '../settings/agent';

/** A model the chat's picker offers: a catalog entry from `agent.models`. */
export type ModelCatalogEntry = ModelEntry;

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  bedrock: 'Amazon Bedrock',
  openai: 'OpenAI-compatible',
  anthropic: 'Anthropic API',
};

/** What the picker lists: `auto` first (with the rule it applies), then every entry. */
export function pickerOptions(agent: Pick<AgentSettings, 'models' | 'auto'>): { id: string; label: string; detail: string }[] {
  return [
    { id: 'auto', label: 'Auto', detail: `small questions and hooks → ${agent.auto.small}; spec and task work → ${agent.auto.main}` },
    ...agent.models.map((m) => ({ id: m.id, label: m.label ?? m.id, detail: `${PROVIDER_LABELS[m.provider]} · ${m.model} · ${Math.round(m.contextWindow / 1000)}K context` })),
  ];
}
