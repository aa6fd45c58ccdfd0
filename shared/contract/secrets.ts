import { z } from 'zod';
import { method } from '../rpc/define';
import { Empty } from './common';

export const SecretName = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'a name like ANTHROPIC_API_KEY (capitals, digits, underscores)');

/** What the renderer may know about a secret: never its value. */
export const SecretInfo = z.object({
  name: SecretName,
  source: z.enum(['stored', 'environment']),
});
export type SecretInfo = z.infer<typeof SecretInfo>;

export const secretsContract = {
  'secrets.list': method(z.object({ names: z.array(SecretName).default([]) }), z.object({ store: z.enum(['os-keychain', 'encrypted-file']), secrets: z.array(SecretInfo) })),
  'secrets.set': method(z.object({ name: SecretName, value: z.string().min(1).max(16_384) }), Empty),
  'secrets.delete': method(z.object({ name: SecretName }), Empty),
};
