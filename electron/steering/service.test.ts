import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PendingApproval } from '../../shared/contract/policy';
import { policyGate } from '../agent/policy-gate';
import { startAgentHarness, waitFor, type AgentHarness } from '../agent/test-support';
import { getPolicy } from '../policy/policy-service';
import { SteeringService } from './service';
import { templatesDir } from './templates';

let h: AgentHarness | null = null;
let svc: SteeringService | null = null;
afterEach(async () => {
  svc?.dispose();
  svc = null;
  await h?.close();
  h = null;
});

const start = async (files: Record<string, string>, script = { turns: [] as unknown[] }) => {
  vi.stubEnv('SPECWRIGHT_HOME_KIRO', '');
  h = await startAgentHarness({ script: script as never, files, gate: (ws) => policyGate(getPolicy(ws)) });
  await h.ws.watcher.ready;
  svc = new SteeringService(h.ws, () => h!.agent);
  return { h, svc };
};

describe('steering panel service', () => {
  it('lists each steering file with its inclusion, patterns and diagnostics, and the templates not written yet', async () => {
    const { svc: s } = await start({
      'AGENTS.md': '# Agents\n',
      '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**,**/*.sql"\n---\n# API\nSee #[[file:docs/api.md]]\n',
      '.kiro/steering/broken.md': '---\ninclusion: auto\n---\nno description\n',
      '.kiro/steering/tech.md': '# Tech\n',
    });
    const state = await s.state();
    expect(state.files.map((f) => [f.file, f.inclusion, f.patterns, f.includes, f.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.severity)])).toEqual([
      ['AGENTS.md', 'always', [], [], []],
      ['.kiro/steering/api.md', 'fileMatch', ['src/api/**', '**/*.sql'], ['docs/api.md'], []],
      ['.kiro/steering/broken.md', 'auto', [], [], ['warning']],
      ['.kiro/steering/tech.md', 'always', [], [], []],
    ]);
    expect(state.files.find((f) => f.file.endsWith('broken.md'))!.diagnostics[0]!.message).toMatch(/description/);
    expect(state.templates.map((t) => [t.id, t.path, t.exists])).toEqual([
      ['product', '.kiro/steering/product.md', false],
      ['tech', '.kiro/steering/tech.md', true],
      ['structure', '.kiro/steering/structure.md', false],
    ]);
  });

  it('writes a foundation file from its template, never over an existing one, and says when steering changed', async () => {
    const { h: harness, svc: s } = await start({ '.kiro/steering/tech.md': '# Ours\n' });
    let changed = 0;
    s.changes.on(() => changed++);
    expect(await s.createFromTemplate('product')).toEqual({ path: '.kiro/steering/product.md' });
    const text = await readFile(path.join(harness.root, '.kiro/steering/product.md'), 'utf8');
    expect(text).toBe(await readFile(path.join(templatesDir()!, 'product.md'), 'utf8'));
    expect(text.startsWith('---\ninclusion: always\n---\n# Product')).toBe(true);
    await expect(s.createFromTemplate('tech')).rejects.toThrow(/already exists/);
    expect(await readFile(path.join(harness.root, '.kiro/steering/tech.md'), 'utf8')).toBe('# Ours\n');
    await waitFor(() => changed > 0, 3000, 'a change notice');
    expect((await s.state()).files.map((f) => f.file)).toContain('.kiro/steering/product.md');
  });

  it('Generate steering: an agent session that reads the codebase and proposes each file through the policy', async () => {
    const write = (p: string, title: string) => ({ toolUse: { name: 'write_file', input: { path: p, content: `---\ninclusion: always\n---\n# ${title}\n` } } });
    const { h: harness, svc: s } = await start(
      { 'package.json': '{"name": "demo"}\n' },
      {
        turns: [
          { when: { lastUser: 'Generate steering', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'package.json' } } }] },
          { when: { lastUser: 'Generate steering', step: 1 }, reply: [write('.kiro/steering/product.md', 'Product'), write('.kiro/steering/tech.md', 'Tech'), write('.kiro/steering/structure.md', 'Structure')] },
          { when: { lastUser: 'Generate steering', step: 2 }, reply: [{ text: 'Wrote the three files; check the commands in tech.md.' }] },
        ],
      },
    );
    const policy = getPolicy(harness.ws);
    const asked: PendingApproval[] = [];
    policy.approvalsChanged.on((pending) => {
      for (const a of pending) {
        if (asked.some((x) => x.id === a.id)) continue;
        asked.push(a);
        // The person approves two and rejects structure.md.
        setTimeout(() => void policy.respond(a.id, a.view.title.includes('structure') ? 'reject' : 'approve'), 5);
      }
    });
    const { sessionId } = await s.generate();
    const session = await harness.agent.get(sessionId);
    await session.running;
    expect(session.data.title).toBe('Generate steering');
    expect(asked.map((a) => [a.kind, a.view.title])).toEqual([
      ['write', 'Create .kiro/steering/product.md'],
      ['write', 'Create .kiro/steering/tech.md'],
      ['write', 'Create .kiro/steering/structure.md'],
    ]);
    expect(await readFile(path.join(harness.root, '.kiro/steering/tech.md'), 'utf8')).toBe('---\ninclusion: always\n---\n# Tech\n');
    await expect(readFile(path.join(harness.root, '.kiro/steering/structure.md'))).rejects.toThrow(/ENOENT/);
    const first = harness.servers.requests('bedrock').find((r) => r.operation === 'ConverseStream')!;
    expect(JSON.stringify(first.body)).toContain('template for .kiro/steering/structure.md');
  });
});
