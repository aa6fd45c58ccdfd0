import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Emitter } from '../../shared/rpc/transport';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { Answer } from './variables';

const FileSchema = z.object({
  version: z.literal(1),
  answers: z.record(
    z.string(),
    z.object({ answer: z.enum(['approved', 'denied']), variable: z.string(), server: z.string(), target: z.string(), at: z.string() }),
  ),
});
type FileShape = z.infer<typeof FileSchema>;

/**
 * The person's answers to `${VAR}` questions, remembered in the app data folder
 * (`mcp-variables.json`) — not in settings, which a workspace's own
 * `.kiro/settings/specwright.json` could override to approve its own variables. One
 * instance per data folder, shared by every open workspace, so an answer given in one
 * window applies in all.
 */
export class VariableAnswers {
  readonly changed = new Emitter<void>();
  private data: FileShape;
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {
    this.data = { version: 1, answers: {} };
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) this.data = parsed.data;
      else console.warn(`[specwright] ${file} is not a valid answers file; MCP variables will be asked about again.`);
    } catch {
      // absent: nothing answered yet
    }
  }

  get(key: string): Answer | undefined {
    return this.data.answers[key]?.answer;
  }

  async set(key: string, answer: Answer, about: { variable: string; server: string; target: string }): Promise<void> {
    this.data.answers[key] = { answer, ...about, at: new Date().toISOString() };
    const snapshot = JSON.stringify(this.data, null, 2);
    this.saving = this.saving.catch(() => {}).then(() => writeFileAtomic(this.file, Buffer.from(snapshot), 0o600));
    await this.saving;
    this.changed.emit();
  }
}

const instances = new Map<string, VariableAnswers>();

export function variableAnswersFor(appDataDir: string): VariableAnswers {
  const file = path.join(appDataDir, 'mcp-variables.json');
  let v = instances.get(file);
  if (!v) {
    v = new VariableAnswers(file);
    instances.set(file, v);
  }
  return v;
}
