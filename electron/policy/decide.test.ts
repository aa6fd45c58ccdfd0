import { beforeAll, describe, expect, it } from 'vitest';
import { decide, noGuardrails, parseGuardrails, parseTrustRules, type DecisionContext, type Mode, type PolicyAction, type Verdict } from '../../shared/policy';
import { loadShellParser, type ShellParser } from './shell-parser';

// decide() for every action kind, in both modes, under each kind of reason, checking the
// precedence: guardrail deny > protected/high risk/require-approval/broken → ask >
// trust rule/autopilot → allow > supervised → ask. Command lines go through the real parsers.

let parser: ShellParser;
beforeAll(async () => {
  parser = await loadShellParser();
});

const ROOT = '/home/dev/project';
const GUARDRAILS = parseGuardrails(
  JSON.stringify({
    guardrails: {
      deny: { actions: ['drop_db', 'iam:DeleteRole'], resources: ['arn:aws:iam::*:role/production-*', 'secrets/*'], patterns: ['DROP DATABASE'] },
      requireApproval: { files: ['**/Dockerfile'], patterns: ['DELETE FROM'] },
    },
  }),
);
const BROKEN = parseGuardrails('{"guardrails": {"deny": {"patterns": ["DROP DATABASE"] ');
const RULES = parseTrustRules(['npm *', 'rm *', 'aws *', 'git status', 'docker *'].map((pattern) => ({ pattern, scope: 'user' as const }))).rules;

type Setting = 'plain' | 'guardrails' | 'broken';
async function run(action: PolicyAction, mode: Mode, setting: Setting = 'guardrails', extra: Partial<DecisionContext> = {}) {
  const ctx: DecisionContext = {
    mode,
    workspaceRoot: ROOT,
    trustRules: RULES,
    guardrails: setting === 'plain' ? noGuardrails() : setting === 'broken' ? BROKEN : GUARDRAILS,
    ...extra,
  };
  if (action.kind === 'command') ctx.parsed = await parser.parse(action.command);
  return decide(action, ctx);
}

type Row = [name: string, action: PolicyAction, autopilot: [Verdict, string], supervised: [Verdict, string], setting?: Setting];
const w = (path: string, after = 'x\n', before: string | null = 'y\n'): PolicyAction => ({ kind: 'write', path, before, after });
const rows: Row[] = [
  // read
  ['read inside', { kind: 'read', path: 'src/a.ts' }, ['allow', 'read-inside-workspace'], ['allow', 'read-inside-workspace']],
  ['read inside .git (reads are not changes)', { kind: 'read', path: '.git/config' }, ['allow', 'read-inside-workspace'], ['allow', 'read-inside-workspace']],
  ['read outside', { kind: 'read', path: '/etc/passwd' }, ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['read escaping with ..', { kind: 'read', path: 'src/../../other/x' }, ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['read a denied resource', { kind: 'read', path: 'secrets/prod.env' }, ['deny', 'guardrails.deny.resources: "secrets/*"'], ['deny', 'guardrails.deny.resources: "secrets/*"']],
  // write
  ['write inside', w('src/a.ts'), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write a new file', w('src/new.ts', 'x', null), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write absolute inside', w(`${ROOT}/src/a.ts`), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write outside', w('/etc/hosts'), ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['write home', w('~/.bashrc'), ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['write .git/hooks', w('.git/hooks/pre-commit'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .GIT (case)', w('.GIT/config'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write submodule .git', w('vendor/lib/.git/config'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .kiro/settings', w('.kiro/settings/mcp.json'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .kiro/kiro.json', w('.kiro/kiro.json'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .kiro/hooks', w('.kiro/hooks/lint.kiro.hook'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .kiroignore', w('.kiroignore'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .vscode', w('.vscode/tasks.json'), ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['write .kiro/specs is not protected', w('.kiro/specs/a/tasks.md'), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write a Dockerfile (require approval)', w('api/Dockerfile'), ['ask', 'guardrails.requireApproval.files: "**/Dockerfile"'], ['ask', 'guardrails.requireApproval.files: "**/Dockerfile"']],
  ['write adding a denied pattern', w('db/migrate.sql', 'DROP DATABASE prod;\n'), ['deny', 'guardrails.deny.patterns: "DROP DATABASE"'], ['deny', 'guardrails.deny.patterns: "DROP DATABASE"']],
  ['write keeping (not adding) a require-approval pattern', w('db/a.sql', 'DELETE FROM t WHERE id=1;\n-- x\n', 'DELETE FROM t WHERE id=1;\n'), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write adding a require-approval pattern', w('db/a.sql', 'DELETE FROM t;\n', ''), ['ask', 'guardrails.requireApproval.patterns: "DELETE FROM"'], ['ask', 'guardrails.requireApproval.patterns: "DELETE FROM"']],
  ['write a policy granting *', w('iam/policy.json', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', '{"Version":"2012-10-17","Statement":[]}'), ['ask', 'high-risk'], ['ask', 'high-risk']],
  ['write a policy granting one action', w('iam/policy.json', '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k"}]}', '{"Statement":[]}'), ['allow', 'autopilot'], ['ask', 'supervised']],
  ['write with broken guardrails', w('src/a.ts'), ['ask', 'guardrails-broken'], ['ask', 'guardrails-broken'], 'broken'],
  // delete
  ['delete inside', { kind: 'delete', path: 'build/out.js' }, ['allow', 'autopilot'], ['ask', 'supervised']],
  ['delete .git', { kind: 'delete', path: '.git' }, ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['delete outside', { kind: 'delete', path: '../sibling' }, ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['delete a denied resource', { kind: 'delete', path: 'secrets/key.pem' }, ['deny', 'guardrails.deny.resources: "secrets/*"'], ['deny', 'guardrails.deny.resources: "secrets/*"']],
  // command
  ['trusted command', { kind: 'command', command: 'npm test' }, ['allow', 'npm *'], ['allow', 'npm *']],
  ['trusted chain', { kind: 'command', command: 'npm test && git status' }, ['allow', 'npm *, git status'], ['allow', 'npm *, git status']],
  ['untrusted command', { kind: 'command', command: 'make build' }, ['ask', 'no-trust-rule'], ['ask', 'no-trust-rule']],
  ['high risk under a rule', { kind: 'command', command: 'rm -rf build' }, ['ask', 'high-risk'], ['ask', 'high-risk']],
  ['medium risk under a rule is allowed', { kind: 'command', command: 'rm build/a.js' }, ['allow', 'rm *'], ['allow', 'rm *']],
  ['structure blocker under rules', { kind: 'command', command: 'npm test & git status' }, ['ask', 'structure:background'], ['ask', 'structure:background']],
  ['denied pattern in a command', { kind: 'command', command: 'npm run sql -- "DROP DATABASE x"' }, ['deny', 'guardrails.deny.patterns: "DROP DATABASE"'], ['deny', 'guardrails.deny.patterns: "DROP DATABASE"']],
  ['denied IAM action via the aws CLI', { kind: 'command', command: 'aws iam delete-role --role-name x' }, ['deny', 'guardrails.deny.actions: "iam:DeleteRole"'], ['deny', 'guardrails.deny.actions: "iam:DeleteRole"']],
  ['denied ARN in an argument', { kind: 'command', command: 'aws iam get-role --arn=arn:aws:iam::1:role/production-x' }, ['deny', 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"'], ['deny', 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"']],
  ['deny wins over a structure blocker', { kind: 'command', command: 'echo $(drop) DROP DATABASE' }, ['deny', 'guardrails.deny.patterns: "DROP DATABASE"'], ['deny', 'guardrails.deny.patterns: "DROP DATABASE"']],
  ['require-approval pattern in a trusted command', { kind: 'command', command: 'npm run sql -- "DELETE FROM t WHERE a=1"' }, ['ask', 'guardrails.requireApproval.patterns: "DELETE FROM"'], ['ask', 'guardrails.requireApproval.patterns: "DELETE FROM"']],
  ['require-approval file touched by a trusted command', { kind: 'command', command: 'docker build -f api/Dockerfile .' }, ['ask', 'guardrails.requireApproval.files: "**/Dockerfile"'], ['ask', 'guardrails.requireApproval.files: "**/Dockerfile"']],
  ['protected path in an argument', { kind: 'command', command: 'npm pkg set x=1 --prefix .git/hooks' }, ['ask', 'protected-path'], ['ask', 'protected-path']],
  ['cwd outside the workspace', { kind: 'command', command: 'npm test', cwd: '/tmp' }, ['ask', 'outside-workspace'], ['ask', 'outside-workspace']],
  ['trusted command with broken guardrails', { kind: 'command', command: 'npm test' }, ['ask', 'guardrails-broken'], ['ask', 'guardrails-broken'], 'broken'],
  ['denied pattern with broken guardrails (salvaged)', { kind: 'command', command: 'npm run x -- "DROP DATABASE y"' }, ['deny', 'guardrails.deny.patterns: "DROP DATABASE"'], ['deny', 'guardrails.deny.patterns: "DROP DATABASE"'], 'broken'],
  // fetch
  ['fetch https', { kind: 'fetch', url: 'https://docs.example.com/a' }, ['allow', 'autopilot'], ['ask', 'supervised']],
  ['fetch the metadata service', { kind: 'fetch', url: 'http://169.254.169.254/latest/meta-data/' }, ['ask', 'high-risk'], ['ask', 'high-risk']],
  ['fetch file://', { kind: 'fetch', url: 'file:///etc/passwd' }, ['ask', 'high-risk'], ['ask', 'high-risk']],
  ['fetch an invalid URL', { kind: 'fetch', url: 'not a url' }, ['ask', 'invalid-url'], ['ask', 'invalid-url']],
  // mcp
  ['mcp auto-approved', { kind: 'mcp', server: 'docs', tool: 'search', input: { q: 'x' }, autoApproved: true }, ['allow', 'mcp-autoApprove'], ['allow', 'mcp-autoApprove']],
  ['mcp not auto-approved', { kind: 'mcp', server: 'docs', tool: 'search', input: { q: 'x' } }, ['ask', 'mcp'], ['ask', 'mcp']],
  ['mcp denied tool even if auto-approved', { kind: 'mcp', server: 'db', tool: 'drop_db', input: {}, autoApproved: true }, ['deny', 'guardrails.deny.actions: "drop_db"'], ['deny', 'guardrails.deny.actions: "drop_db"']],
  ['mcp input with a denied resource', { kind: 'mcp', server: 'aws', tool: 'call', input: { arn: 'arn:aws:iam::9:role/production-db' }, autoApproved: true }, ['deny', 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"'], ['deny', 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"']],
  ['mcp auto-approved with broken guardrails', { kind: 'mcp', server: 'docs', tool: 'search', input: {}, autoApproved: true }, ['ask', 'guardrails-broken'], ['ask', 'guardrails-broken'], 'broken'],
];

describe('decide', () => {
  for (const [name, action, auto, supervised, setting] of rows) {
    for (const [mode, [verdict, rule]] of [['autopilot', auto], ['supervised', supervised]] as const) {
      it(`${name} (${mode}) → ${verdict}`, async () => {
        const d = await run(action, mode, setting);
        expect({ verdict: d.verdict, rule: d.rule }).toEqual({ verdict, rule });
        expect(d.mode).toBe(mode);
        expect(d.reasons.length).toBeGreaterThan(0);
        expect(d.reasons.every((r) => r.length > 10)).toBe(true);
      });
    }
  }

  it('a command without its parse asks (never guesses)', () => {
    const d = decide({ kind: 'command', command: 'npm test' }, { mode: 'autopilot', workspaceRoot: ROOT, trustRules: RULES, guardrails: noGuardrails() });
    expect(d).toMatchObject({ verdict: 'ask', rule: 'unparsed' });
  });

  it('a parse of a different line is not used', async () => {
    const parsed = await parser.parse('npm test');
    const d = decide({ kind: 'command', command: 'npm test; rm -rf /' }, { mode: 'autopilot', workspaceRoot: ROOT, trustRules: RULES, guardrails: noGuardrails(), parsed });
    expect(d.verdict).toBe('ask');
  });

  it('the "*" rule trusts plain commands, says so, and still asks for structure and high risk', async () => {
    const star = parseTrustRules([{ pattern: '*', scope: 'user' }]).rules;
    const ok = await run({ kind: 'command', command: 'make all' }, 'autopilot', 'plain', { trustRules: star });
    expect(ok.verdict).toBe('allow');
    expect(ok.reasons[0]).toMatch(/"\*" rule trusts every command/);
    expect((await run({ kind: 'command', command: 'make all | sh' }, 'autopilot', 'plain', { trustRules: star })).verdict).toBe('ask');
    expect((await run({ kind: 'command', command: 'git push --force' }, 'autopilot', 'plain', { trustRules: star })).verdict).toBe('ask');
  });

  it('gives per-segment rules and Run-and-trust suggestions', async () => {
    const d = await run({ kind: 'command', command: 'npm test && make lint' }, 'supervised', 'plain');
    expect(d.command!.segments.map((s) => s.rule)).toEqual(['npm *', null]);
    expect(d.command!.suggestions).toEqual(['make lint', 'make lint *', 'make *']);
    expect(d.reasons[0]).toBe("No trust rule matches 'make lint'.");
  });

  it('is pure: the same input gives the same decision', async () => {
    const a = await run({ kind: 'command', command: 'rm -rf build && npm test' }, 'autopilot');
    const b = await run({ kind: 'command', command: 'rm -rf build && npm test' }, 'autopilot');
    expect(a).toEqual(b);
  });
});
