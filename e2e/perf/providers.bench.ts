import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { collectTurn } from '../../shared/agent/collect';
import { AgentSettings } from '../../shared/settings/agent';
import { ProviderRegistry } from '../../electron/agent/providers';
import { toAnthropicBody } from '../../electron/agent/providers/anthropic';
import { toOpenAIBody } from '../../electron/agent/providers/openai-compatible';
import { startModelServers } from '../fixtures/model-servers';
import { median, type Bench } from './lib';

/**
 * What the provider layer costs on top of the wire: a 2,000-chunk answer streamed through
 * each adapter (parsing, tool-input assembly, retry wrapper, collecting the turn), beside
 * the same response read by the bare client (the SDK's own event iteration for Bedrock, a
 * raw body read for the SSE servers) in the same run.
 */
const CHUNKS = 2000;
const RUNS = 5;

export const benches: Bench[] = [
  {
    ids: ['providers.stream-2000.bedrock', 'providers.stream-2000.openai', 'providers.stream-2000.anthropic'],
    async run(emit) {
      const servers = await startModelServers({ script: { turns: [{ reply: [{ text: 'abcd'.repeat(CHUNKS), chunkChars: 4 }] }] } });
      const saved = { ...process.env };
      Object.assign(process.env, servers.env);
      delete process.env.AWS_PROFILE;
      const agent = AgentSettings.parse({});
      const registry = new ProviderRegistry();
      const request = { model: 'bench-model', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'go' }] }], maxTokens: 4096 };
      const time = async (f: () => Promise<unknown>) => {
        const times: number[] = [];
        await f(); // warm-up: connections, JIT
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          await f();
          times.push(performance.now() - t);
        }
        return median(times);
      };
      try {
        for (const kind of ['bedrock', 'openai', 'anthropic'] as const) {
          const provider = registry.forModel(agent.models.find((m) => m.provider === kind)!, agent);
          const ours = await time(async () => {
            const turn = await collectTurn(provider.stream(request, new AbortController().signal));
            if (turn.content[0]?.type !== 'text' || turn.content[0].text.length !== CHUNKS * 4) throw new Error(`${kind}: incomplete answer`);
          });
          let bare: number;
          if (kind === 'bedrock') {
            const client = new BedrockRuntimeClient({ maxAttempts: 1 });
            bare = await time(async () => {
              const res = await client.send(new ConverseStreamCommand({ modelId: 'bench-model', messages: [{ role: 'user', content: [{ text: 'go' }] }] }));
              for await (const _ of res.stream!);
            });
            client.destroy();
          } else {
            const url = kind === 'openai' ? `${servers.openai}/chat/completions` : `${servers.anthropic}/v1/messages`;
            const body = JSON.stringify(kind === 'openai' ? toOpenAIBody(request) : toAnthropicBody(request));
            bare = await time(async () => {
              const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
              await res.arrayBuffer();
            });
          }
          emit({ id: `providers.stream-2000.${kind}`, value: ours, unit: 'ms', vs: { id: `providers.bare-client-2000.${kind}`, value: bare, unit: 'ms' } });
        }
      } finally {
        registry.dispose();
        await servers.close();
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
    },
  },
];
