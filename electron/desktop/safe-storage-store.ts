import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Desktop mode's store: each value encrypted with Electron's safeStorage (the OS keychain:
 * Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) and kept as base64
 * ciphertext in `secrets.safe.json` (0600). Where no OS keychain is available, the caller
 * falls back to the encrypted file store and says so.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.safe.json');
  }

  static available(): boolean {
    return safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  }

  private async read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  async get(name: string): Promise<string | undefined> {
    const cipher = (await this.read())[name];
    return cipher === undefined ? undefined : safeStorage.decryptString(Buffer.from(cipher, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    const all = await this.read();
    all[name] = safeStorage.encryptString(value).toString('base64');
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(all, null, 2)), 0o600);
  }

  async delete(name: string): Promise<void> {
    const all = await this.read();
    delete all[name];
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(all, null, 2)), 0o600);
  }

  async names(): Promise<string[]> {
    return Object.keys(await this.read()).sort();
  }
}
