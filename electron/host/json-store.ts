import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../workspace/atomic-write';

/**
 * A small JSON document on disk with a schema and defaults. A missing or corrupt file
 * yields the defaults (the corrupt one is left for inspection until the next save);
 * saves are atomic and serialised.
 */
export class JsonStore<S extends z.ZodType<object>> {
  private value: z.output<S>;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly schema: S,
    private readonly defaults: z.output<S>,
  ) {
    this.value = this.load();
  }

  private load(): z.output<S> {
    try {
      const parsed = this.schema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return { ...this.defaults, ...parsed.data };
      console.warn(`[specwright] ignoring invalid ${this.file}; using defaults`);
    } catch {
      // absent: defaults
    }
    return structuredClone(this.defaults);
  }

  get(): z.output<S> {
    return this.value;
  }

  update(patch: Partial<z.output<S>>): Promise<z.output<S>> {
    this.value = { ...this.value, ...patch };
    const snapshot = JSON.stringify(this.value, null, 2);
    this.saving = this.saving.then(() => writeFileAtomic(this.file, Buffer.from(snapshot)).catch((e) => console.error(`[specwright] cannot save ${this.file}:`, e)));
    return this.saving.then(() => this.value);
  }

  flush(): Promise<void> {
    return this.saving;
  }
}
