import { createHash } from 'node:crypto';
import type { Encoding } from '../../shared/contract/workspace';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export interface DecodedText {
  text: string;
  encoding: Encoding;
  /** False when the bytes are not valid UTF-8: saving the decoded text would change them. */
  exact: boolean;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const encoding: Encoding = hasBom ? 'utf8bom' : 'utf8';
  try {
    return { text: strict.decode(body), encoding, exact: true };
  } catch {
    return { text: lenient.decode(body), encoding, exact: false };
  }
}

export function encodeText(text: string, encoding: Encoding): Buffer {
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf8bom' ? Buffer.concat([BOM, body]) : body;
}
