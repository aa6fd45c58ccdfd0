import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { SecretStore } from './secret-store';

const FileShape = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.object({ iv: z.string(), tag: z.string(), data: z.string() })) });

/**
 * Server mode's store: AES-256-GCM entries in `secrets.json`, readable only by the user
 * (0600, in a 0700 folder). The key comes from SPECWRIGHT_SECRETS_KEY (64 hex characters)
 * when set — then nothing on disk can decrypt the file — or else from `secrets.key`
 * beside it (also 0600). Either way no key is ever written in clear: not to settings, not
 * to logs, not to the audit log.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'encrypted-file' as const;
  private readonly file: string;
  private readonly keyFile: string;
  private key: Buffer | null = null;

  constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = path.join(dir, 'secrets.json');
    this.keyFile = path.join(dir, 'secrets.key');
  }

  private async ensureDir() {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private async loadKey(): Promise<Buffer> {
    if (this.key) return this.key;
    const fromEnv = this.env.SPECWRIGHT_SECRETS_KEY;
    if (fromEnv) {
      if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('SPECWRIGHT_SECRETS_KEY must be 64 hexadecimal characters (32 bytes).');
      return (this.key = Buffer.from(fromEnv, 'hex'));
    }
    try {
      this.key = Buffer.from((await readFile(this.keyFile, 'utf8')).trim(), 'hex');
    } catch {
      await this.ensureDir();
      this.key = randomBytes(32);
      await writeFileAtomic(this.keyFile, Buffer.from(this.key.toString('hex')), 0o600);
    }
    return this.key;
  }

  private async read(): Promise<z.infer<typeof FileShape>> {
    try {
      return FileShape.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw new Error(`The secrets file ${this.file} is unreadable (${(e as Error).message}); move it aside to start afresh.`, { cause: e });
    }
  }

  private async write(content: z.infer<typeof FileShape>) {
    await this.ensureDir();
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(content, null, 2)), 0o600);
    await chmod(this.file, 0o600);
  }

  async get(name: string): Promise<string | undefined> {
    const entry = (await this.read()).secrets[name];
    if (!entry) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', await this.loadKey(), Buffer.from(entry.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`The stored secret ${name} cannot be decrypted with this machine's key; enter it again.`);
    }
  }

  async set(name: string, value: string): Promise<void> {
    const content = await this.read();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.loadKey(), iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    content.secrets[name] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    await this.write(content);
  }

  async delete(name: string): Promise<void> {
    const content = await this.read();
    if (!(name in content.secrets)) return;
    delete content.secrets[name];
    await this.write(content);
  }

  async names(): Promise<string[]> {
    return Object.keys((await this.read()).secrets).sort();
  }
}
