/**
 * Where API keys live. Values go in and never come back out to the renderer: the UI only
 * learns names and where each comes from.
 */
export interface SecretStore {
  /** 'os-keychain' (Electron safeStorage) or 'encrypted-file' (server mode). */
  readonly kind: 'os-keychain' | 'encrypted-file';
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  names(): Promise<string[]>;
}

/** Read-only view the providers use. */
export interface SecretSource {
  get(name: string): Promise<string | undefined>;
}

/** Reads secrets from environment variables of the same name (OPENAI_API_KEY, ANTHROPIC_API_KEY, …). */
export class EnvSecretSource implements SecretSource {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }
}

/** Secret names are environment-variable-like: ANTHROPIC_API_KEY, OPENAI_API_KEY, … */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The environment wins over a saved key, as with the AWS tools: a CI job or a shell can
 * override what is stored without touching it.
 */
export function withEnvironment(store: SecretStore, env: NodeJS.ProcessEnv = process.env): SecretSource & { sourceOf(name: string): Promise<'environment' | 'stored' | null> } {
  return {
    async get(name) {
      return env[name] || (await store.get(name));
    },
    async sourceOf(name) {
      if (env[name]) return 'environment';
      return (await store.get(name)) !== undefined ? 'stored' : null;
    },
  };
}
