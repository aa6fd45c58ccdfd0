import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSecrets, type ScanIo } from '../cli/hooks';
import { makeTempTree } from '../workspace/test-support';
import { formatFinding, isScannedConfigPath, scanDiff, scanText } from './secret-scan';

const found = (text: string, file = 'config/app.json') => scanText(text, file).map(formatFinding);

describe('secret scan', () => {
  it('finds credentials with their location, and masks them', () => {
    const text = [
      '{',
      '  "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",',
      '  "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",',
      '  "apiKey": "9f8a7Hq2Lm4Kx0Pz3Wv6Ty1Ub5Rc8Nd2",',
      '  "signing": "Zx8Qm2Lp9Vb4Nc7Hk1Rt5Yw3Ue6Io0PaSdFgHjKl",',
      '  "db_password": "S3cure!Pass#2024"',
      '}',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      '-----BEGIN RSA PRIVATE KEY-----',
      'url = "postgres://admin:s3cr3tP4ss@db.example.com/app"',
      'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ].join('\n');
    expect(found(text)).toEqual([
      'config/app.json:2:25: AWS access key id (AKIA…MPLE)',
      'config/app.json:3:29: AWS secret access key (wJal…EKEY)',
      'config/app.json:4:14: secret in apiKey (9f8a…8Nd2)',
      'config/app.json:5:15: high-entropy string in signing (Zx8Q…HjKl)',
      'config/app.json:6:19: secret in db_password (S3cu…2024)',
      'config/app.json:8:23: bearer token (eyJh….abc)',
      'config/app.json:9:1: RSA private key (BEGIN … PRIVATE KEY)',
      'config/app.json:10:25: password in a URL (s3cr…P4ss)',
      'config/app.json:11:14: GitHub token (ghp_…6789)',
    ]);
  });

  it('leaves alone what only looks like a secret: placeholders, references, names such as author, hashes, ordinary words', () => {
    const text = [
      '{',
      '  "author": "Jane Doe",',
      '  "authType": "oauth2",',
      '  "password": "${DB_PASSWORD}",',
      '  "token": "{{ secrets.TOKEN }}",',
      '  "apiKey": "<your-api-key>",',
      '  "secret": "changeme",',
      '  "integrity": "sha512-abcDEF123ghiJKL456mnoPQR789stuVWX012yzAB345CDEfgh",',
      '  "commit": "3f786850e387550fdab836ed7e6dc881de23001b",',
      '  "max_tokens": 4096,',
      '  "authority": "https://login.microsoftonline.com/common",',
      '  "description": "A tool that reads the session token from the keychain"',
      '}',
      'const token = process.env.TOKEN;',
      'password = getPassword()',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });

  it('reads the lines a diff adds, at their line numbers in the new file, and skips lock files', () => {
    const diff = [
      'diff --git a/config/prod.json b/config/prod.json',
      '--- a/config/prod.json',
      '+++ b/config/prod.json',
      '@@ -1,0 +2,2 @@',
      '+  "region": "eu-west-1",',
      '+  "accessKeyId": "AKIAIOSFODNN7EXAMPLE"',
      '@@ -9 +11 @@',
      '-  "old": "AKIAIOSFODNN7EXAMPLE"',
      '+  "token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
      'diff --git a/package-lock.json b/package-lock.json',
      '--- a/package-lock.json',
      '+++ b/package-lock.json',
      '@@ -1 +1 @@',
      '+  "secret": "Zx8Qm2Lp9Vb4Nc7Hk1Rt5Yw3Ue6Io0PaSdFgHjKl"',
    ].join('\n');
    expect(scanDiff(diff).map(formatFinding)).toEqual(['config/prod.json:3:19: AWS access key id (AKIA…MPLE)', 'config/prod.json:11:13: GitHub token (ghp_…6789)']);
  });

  it('knows which files are config-like', () => {
    expect(['.env', 'app/.env.local', 'config/prod.json', 'deploy.yaml', '.npmrc', 'certs/server.key', 'infra/main.tfvars'].every(isScannedConfigPath)).toBe(true);
    expect(['src/app.ts', 'README.md', 'package-lock.json', 'yarn.lock'].some(isScannedConfigPath)).toBe(false);
  });
});

describe('specwright hooks scan-secrets', () => {
  const io = (cwd: string, env: NodeJS.ProcessEnv = {}, stdin = '') => {
    const err: string[] = [];
    const o: ScanIo = { cwd, env, stdin: async () => stdin, out: () => {}, err: (l) => err.push(l) };
    return { o, err };
  };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });

  it('--staged: exit 2 with each finding when the commit would add a secret; 0 for a clean commit or a command that is not a commit; -a scans tracked changes', async () => {
    const root = await makeTempTree({ 'app.env': 'DEBUG=1\n', 'README.md': '# x\n' });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'init');
    await writeFile(path.join(root, 'app.env'), 'DEBUG=1\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3TLnB8xR\n');
    // Not staged yet: a plain commit adds nothing of it.
    let r = io(root, { TOOL_COMMAND: 'git commit -m "wip"' });
    expect(await scanSecrets([], { staged: true }, r.o)).toBe(0);
    // `git commit -am` takes tracked changes with it.
    r = io(root, { TOOL_COMMAND: 'git add README.md && git commit -am "wip"' });
    expect(await scanSecrets([], { staged: true }, r.o)).toBe(2);
    expect(r.err).toContain('app.env:2:23: AWS secret access key (wJal…B8xR)');
    git(root, 'add', 'app.env');
    r = io(root, {}, JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'run_command', tool_input: { command: 'git commit -m x' } }));
    expect(await scanSecrets([], { staged: true }, r.o)).toBe(2);
    expect(r.err[0]).toBe('The commit would add a secret:');
    r = io(root, { TOOL_COMMAND: 'git status' });
    expect(await scanSecrets([], { staged: true }, r.o)).toBe(0);
    expect(r.err).toEqual([]);
    // Outside a repository: said, not silently passed as clean.
    const bare = await makeTempTree({});
    r = io(bare, { TOOL_COMMAND: 'git commit -m x' });
    expect(await scanSecrets([], { staged: true }, r.o)).toBe(1);
    expect(r.err[0]).toMatch(/cannot read the staged changes/);
  });

  it('--tool-input: blocks an agent write that puts a secret in a config file, lets other writes through', async () => {
    const root = await makeTempTree({});
    const event = (p: string, content: string) => JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'write_file', tool_input: { path: p, content } });
    let r = io(root, {}, event('.env', 'STRIPE_KEY=sk_live_abcdefghijklmnop1234\n'));
    expect(await scanSecrets([], { toolInput: true }, r.o)).toBe(2);
    expect(r.err).toContain('.env:1:12: Stripe secret key (sk_l…1234)');
    r = io(root, {}, event('src/app.ts', 'const k = "sk_live_abcdefghijklmnop1234";\n'));
    expect(await scanSecrets([], { toolInput: true }, r.o)).toBe(0);
    r = io(root, { TOOL_INPUT: JSON.stringify({ path: 'config.yaml', old_text: 'a', new_text: 'password: "Zx8Qm2Lp9Vb4Nc7Hk1"' }) });
    expect(await scanSecrets([], { toolInput: true }, r.o)).toBe(2);
  });

  it('files: exit 1 with the findings (a save cannot be blocked), 0 when clean', async () => {
    const root = await makeTempTree({ 'a.json': '{"token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}\n', 'b.json': '{"ok": true}\n' });
    let r = io(root, { HOOK_FILES: 'a.json\nb.json\nmissing.json' });
    expect(await scanSecrets([], {}, r.o)).toBe(1);
    expect(r.err).toEqual(['Saved a secret:', 'a.json:1:12: GitHub token (ghp_…6789)', 'Use an environment variable or a secret store instead of writing the value.']);
    r = io(root);
    expect(await scanSecrets(['b.json'], {}, r.o)).toBe(0);
  });
});
