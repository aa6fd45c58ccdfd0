import { describe, expect, it } from 'vitest';
import { checkGuardrails, emptyGuardrails, parseGuardrails, wildcardMatcher, type Guardrails, type GuardrailSubject } from './guardrails';

const KIRO_EXAMPLE = JSON.stringify({
  guardrails: {
    deny: { actions: ['delete_production_database'], resources: ['arn:aws:iam::*:role/production-*'], patterns: ['AWS_SECRET_ACCESS_KEY', 'DROP DATABASE'] },
    requireApproval: { files: ['**/Dockerfile', '**/*-config/production.*'], patterns: ['DELETE FROM', 'DROP TABLE', 'GRANT ALL'] },
  },
});

describe('parseGuardrails', () => {
  it('reads the documented example', () => {
    const s = parseGuardrails(KIRO_EXAMPLE);
    expect(s.intact).toBe(true);
    expect(s.diagnostics).toEqual([]);
    expect(s.rules.deny.patterns).toEqual(['AWS_SECRET_ACCESS_KEY', 'DROP DATABASE']);
    expect(s.rules.requireApproval.files).toEqual(['**/Dockerfile', '**/*-config/production.*']);
  });

  it('no file means no guardrails, intact', () => {
    expect(parseGuardrails(null)).toMatchObject({ intact: true, rules: emptyGuardrails(), diagnostics: [] });
  });

  it('accepts a BOM, comments and trailing commas; a file without "guardrails" is fine', () => {
    expect(parseGuardrails('\uFEFF// team\n{"guardrails": {"deny": {"actions": ["x",],},},}').rules.deny.actions).toEqual(['x']);
    expect(parseGuardrails('{"somethingElse": true}')).toMatchObject({ intact: true, diagnostics: [] });
  });

  // Each malformed file: a diagnostic naming the key (or the line), the state marked broken,
  // and every deny entry that can still be read kept.
  const malformed: [string, string, RegExp, Partial<Guardrails['deny']>][] = [
    ['syntax error after a deny rule', '{"guardrails": {"deny": {"patterns": ["DROP DATABASE" ', /kiro\.json:1:\d+: /, { patterns: ['DROP DATABASE'] }],
    ['missing comma', '{"guardrails": {"deny": {"actions": ["a"] "patterns": ["p"]}}}', /expected a comma/, { actions: ['a'] }],
    ['empty file', '', /is empty/, {}],
    ['not an object', '["deny"]', /expected a JSON object, found a list/, {}],
    ['guardrails is a string', '{"guardrails": "deny everything"}', /^guardrails must be an object/, {}],
    ['deny is a list', '{"guardrails": {"deny": ["rm -rf"]}}', /^guardrails\.deny must be an object of lists/, {}],
    ['a single string instead of a list', '{"guardrails": {"deny": {"patterns": "DROP DATABASE"}}}', /^guardrails\.deny\.patterns must be a list of strings, e\.g\. \["DROP DATABASE"\]/, { patterns: ['DROP DATABASE'] }],
    ['a number in a list', '{"guardrails": {"deny": {"actions": ["a", 42, "b"]}}}', /^guardrails\.deny\.actions\[1\] must be a string; found a number/, { actions: ['a', 'b'] }],
    ['an object for a list', '{"guardrails": {"requireApproval": {"files": {"x": 1}}, "deny": {"resources": ["r"]}}}', /^guardrails\.requireApproval\.files must be a list of strings; found an object/, { resources: ['r'] }],
  ];
  for (const [name, text, message, kept] of malformed) {
    it(`malformed: ${name}`, () => {
      const s = parseGuardrails(text);
      expect(s.intact).toBe(false);
      expect(s.diagnostics.some((d) => d.severity === 'error' && message.test(d.message)), JSON.stringify(s.diagnostics)).toBe(true);
      for (const [list, values] of Object.entries(kept)) expect(s.rules.deny[list as keyof Guardrails['deny']]).toEqual(values);
    });
  }

  it('unknown keys and empty entries are warnings, not errors', () => {
    const s = parseGuardrails('{"guardrails": {"deny": {"paths": ["x"], "actions": [""]}, "allow": {}}}');
    expect(s.intact).toBe(true);
    expect(s.diagnostics.map((d) => d.key).sort()).toEqual(['guardrails.allow', 'guardrails.deny.actions[0]', 'guardrails.deny.paths']);
    expect(s.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('checkGuardrails', () => {
  const rules = parseGuardrails(KIRO_EXAMPLE).rules;
  const subject = (s: Partial<GuardrailSubject>): GuardrailSubject => ({ actions: [], resources: [], texts: [], files: [], ...s });
  const table: [string, Partial<GuardrailSubject>, 'deny' | 'ask' | null, string | null][] = [
    ['denied MCP tool by name', { actions: ['delete_production_database'] }, 'deny', 'guardrails.deny.actions: "delete_production_database"'],
    ['action names match whole names only', { actions: ['delete_production_database_backup'] }, null, null],
    ['action names ignore case', { actions: ['DELETE_PRODUCTION_DATABASE'] }, 'deny', 'guardrails.deny.actions: "delete_production_database"'],
    ['ARN glob: any account', { resources: ['arn:aws:iam::123456789012:role/production-admin'] }, 'deny', 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"'],
    ['ARN glob: staging is fine', { resources: ['arn:aws:iam::123456789012:role/staging-admin'] }, null, null],
    ['ARN glob: a user is not a role', { resources: ['arn:aws:iam::1:user/production-x'] }, null, null],
    ['denied pattern in a command', { texts: ['psql -c "drop   database prod"'] }, 'deny', 'guardrails.deny.patterns: "DROP DATABASE"'],
    ['denied pattern: secret name', { texts: ['echo $AWS_SECRET_ACCESS_KEY'] }, 'deny', 'guardrails.deny.patterns: "AWS_SECRET_ACCESS_KEY"'],
    ['require approval: Dockerfile anywhere', { files: ['services/api/Dockerfile'] }, 'ask', 'guardrails.requireApproval.files: "**/Dockerfile"'],
    ['require approval: Dockerfile at the root', { files: ['Dockerfile'] }, 'ask', 'guardrails.requireApproval.files: "**/Dockerfile"'],
    ['require approval: production config', { files: ['app-config/production.yaml'] }, 'ask', 'guardrails.requireApproval.files: "**/*-config/production.*"'],
    ['require approval: other config', { files: ['app-config/staging.yaml'] }, null, null],
    ['require approval: SQL pattern', { texts: ['DELETE FROM users WHERE id = 1'] }, 'ask', 'guardrails.requireApproval.patterns: "DELETE FROM"'],
    ['require approval: GRANT ALL across a line break', { texts: ['GRANT\nALL ON x TO y'] }, 'ask', 'guardrails.requireApproval.patterns: "GRANT ALL"'],
    ['nothing matches', { actions: ['write'], resources: ['src/a.ts'], texts: ['hello'], files: ['src/a.ts'] }, null, null],
  ];
  for (const [name, s, effect, rule] of table) {
    it(name, () => {
      const hits = checkGuardrails(rules, subject(s));
      if (effect === null) expect(hits).toEqual([]);
      else expect(hits[0]).toMatchObject({ effect, rule });
    });
  }

  it('deny hits come before require-approval hits', () => {
    const hits = checkGuardrails(rules, subject({ texts: ['DROP TABLE x; DROP DATABASE y'] }));
    expect(hits.map((h) => h.effect)).toEqual(['deny', 'ask']);
  });

  it('wildcards: * spans separators, ? is one character, other characters are literal', () => {
    expect(wildcardMatcher('a*z')('a/b:c.z')).toBe(true);
    expect(wildcardMatcher('a?c')('abc')).toBe(true);
    expect(wildcardMatcher('a?c')('abbc')).toBe(false);
    expect(wildcardMatcher('a.c')('abc')).toBe(false);
    expect(wildcardMatcher('(x)+')('(x)+')).toBe(true);
  });
});
