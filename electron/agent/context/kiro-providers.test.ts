import { afterEach, describe, expect, it } from 'vitest';
import type { UserEntry } from '../../../shared/agent/session';
import { SteeringLoader } from '../../steering/loader';
import { startAgentHarness, type AgentHarness } from '../test-support';
import { specProvider, steeringProvider, steeringSource } from './kiro-providers';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const files = {
  '.kiro/steering/tech.md': '---\ninclusion: always\n---\nUse TypeScript strict mode.\n',
  '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**"\n---\nAPI handlers validate input with zod.\n',
  '.kiro/steering/release.md': '---\ninclusion: manual\n---\nReleases are tagged vX.Y.Z.\n',
  '.kiro/specs/login/requirements.md': '# Requirements\n\n## Requirement 1\n\nWHEN a user signs in THE SYSTEM SHALL check the password.\n',
  '.kiro/specs/login/tasks.md': '- [ ] 1. Add the login form\n',
  'src/api/users.ts': 'export const users = [];\n',
};

describe('steering and the .kiro providers', () => {
  it('puts the steering that applies into the system prompt and shows why on the message', async () => {
    h = await startAgentHarness({
      script: { turns: [{ when: { system: 'validate input with zod' }, reply: [{ text: 'Following the API steering.' }] }, { reply: [{ text: 'no api steering' }] }] },
      files,
      steering: (ws) => steeringSource(new SteeringLoader({ root: ws.root, userKiroDir: null })),
    });
    const { id } = await h.agent.createSession();
    const r = await h.ask(id, 'add a field', { context: [{ kind: 'file', arg: 'src/api/users.ts', label: '#file src/api/users.ts' }] });
    expect(r.text).toBe('Following the API steering.');
    const user = (await h.agent.get(id)).data.entries[0] as UserEntry;
    expect(user.steering).toBe('Steering: api.md (matched src/api/users.ts), tech.md (always)');
    const system = JSON.stringify(h.servers.requests('bedrock').at(-1)!.body);
    expect(system).toContain('Use TypeScript strict mode.');
    expect(system).not.toContain('Releases are tagged');
    // A manual file joins when the message names it.
    await h.ask(id, 'prepare #release notes');
    expect(((await h.agent.get(id)).data.entries.filter((e) => e.type === 'user')[1] as UserEntry).steering).toMatch(/release\.md \(#release\)/);
  });

  it('#steering and #spec bring one steering file or one spec, with suggestions', async () => {
    h = await startAgentHarness({ script: { turns: [{ reply: [{ text: 'ok' }] }] }, files });
    const loader = new SteeringLoader({ root: h.root, userKiroDir: null });
    h.agent.registerContextProvider(steeringProvider(loader));
    h.agent.registerContextProvider(specProvider(h.root));
    expect((await h.agent.suggest('steering', 'rel')).map((s) => [s.value, s.detail])).toEqual([['release', '.kiro/steering/release.md · manual']]);
    expect((await h.agent.suggest('spec', 'log')).map((s) => s.value)).toEqual(['.kiro/specs/login']);
    const { id } = await h.agent.createSession();
    await h.ask(id, 'go', {
      context: [
        { kind: 'steering', arg: 'release', label: '#steering release' },
        { kind: 'spec', arg: '.kiro/specs/login', label: '#spec .kiro/specs/login' },
      ],
    });
    const user = (await h.agent.get(id)).data.entries[0] as UserEntry;
    expect(user.resolved.map((r) => [r.title, r.error])).toEqual([
      ['.kiro/steering/release.md (manual)', undefined],
      ['spec login (2 documents)', undefined],
    ]);
    expect(user.contextText).toContain('Releases are tagged vX.Y.Z.');
    expect(user.contextText).toContain('<file path=".kiro/specs/login/tasks.md">\n- [ ] 1. Add the login form');
    // A feature's own provider replaces the default, and the default comes back when it goes.
    const off = h.agent.registerContextProvider({ id: 'spec', label: 'spec', description: 'the specs feature', argument: 'choice', resolve: async () => ({ title: 'theirs', text: 'theirs' }) });
    expect(h.agent.contextProviders().find((p) => p.id === 'spec')!.description).toBe('the specs feature');
    off();
    expect(h.agent.contextProviders().find((p) => p.id === 'spec')!.description).toBe('A spec: its requirements, design and tasks');
  });
});

