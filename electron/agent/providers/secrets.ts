/**
 * Where API keys come from. The secure store (Electron safeStorage, or a 0600 file in
 * server mode) arrives later and implements this same interface; until then keys come
 * from the environment. A key is never logged, put in an error message or sent to the
 * renderer: messages name the secret (`ANTHROPIC_API_KEY`), never its value.
 */
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

/** The first source that has the secret wins (e.g. the secure store, then the environment). */
export class ChainSecretSource implements SecretSource {
  constructor(private readonly sources: SecretSource[]) {}

  async get(name: string): Promise<string | undefined> {
    for (const s of this.sources) {
      const v = await s.get(name);
      if (v) return v;
    }
    return undefined;
  }
}
