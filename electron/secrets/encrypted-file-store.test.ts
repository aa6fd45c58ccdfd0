import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { EncryptedFileSecretStore } from './encrypted-file-store';
import { withEnvironment } from './secret-store';

const SECRET = 'sk-ant-api03-THIS-IS-A-TEST-KEY-0123456789abcdef';

async function everyByteUnder(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const abs = path.join(dir, name);
    if ((await stat(abs)).isFile()) parts.push((await readFile(abs)).toString('latin1'));
  }
  return parts.join('\n');
}

describe('EncryptedFileSecretStore (server mode)', () => {
  it('stores, replaces and removes a key without ever writing it in clear, in files only the user can read', async () => {
    const dir = await makeTempTree();
    const store = new EncryptedFileSecretStore(dir, {});
    await store.set('ANTHROPIC_API_KEY', SECRET);
    expect(await store.get('ANTHROPIC_API_KEY')).toBe(SECRET);
    const all = await everyByteUnder(dir);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(Buffer.from(SECRET).toString('base64'));
    for (const f of ['secrets.json', 'secrets.key']) expect((await stat(path.join(dir, f))).mode & 0o777).toBe(0o600);

    await store.set('ANTHROPIC_API_KEY', 'replacement');
    expect(await store.get('ANTHROPIC_API_KEY')).toBe('replacement');
    expect(await store.names()).toEqual(['ANTHROPIC_API_KEY']);
    await store.delete('ANTHROPIC_API_KEY');
    expect(await store.get('ANTHROPIC_API_KEY')).toBeUndefined();
    expect(await store.names()).toEqual([]);
  });

  it('with SPECWRIGHT_SECRETS_KEY, writes no key file and another machine key cannot decrypt', async () => {
    const dir = await makeTempTree();
    const key = 'a'.repeat(64);
    await new EncryptedFileSecretStore(dir, { SPECWRIGHT_SECRETS_KEY: key }).set('OPENAI_API_KEY', SECRET);
    expect(await readdir(dir)).toEqual(['secrets.json']);
    await expect(new EncryptedFileSecretStore(dir, { SPECWRIGHT_SECRETS_KEY: 'b'.repeat(64) }).get('OPENAI_API_KEY')).rejects.toThrow(/cannot be decrypted/);
    await expect(new EncryptedFileSecretStore(dir, { SPECWRIGHT_SECRETS_KEY: 'short' }).get('OPENAI_API_KEY')).rejects.toThrow(/64 hexadecimal/);
  });

  it('says what to do with a corrupt secrets file', async () => {
    const dir = await makeTempTree({ 'secrets.json': '{not json' });
    await expect(new EncryptedFileSecretStore(dir, {}).get('X_KEY')).rejects.toThrow(/move it aside/);
  });

  it('lets the environment override a stored key', async () => {
    const dir = await makeTempTree();
    const store = new EncryptedFileSecretStore(dir, {});
    await store.set('OPENAI_API_KEY', 'stored');
    const source = withEnvironment(store, { OPENAI_API_KEY: 'from-env' });
    expect(await source.get('OPENAI_API_KEY')).toBe('from-env');
    expect(await source.sourceOf('OPENAI_API_KEY')).toBe('environment');
    expect(await withEnvironment(store, {}).sourceOf('OPENAI_API_KEY')).toBe('stored');
    expect(await withEnvironment(store, {}).sourceOf('NOPE_KEY')).toBeNull();
  });
});
