import { readFile, stat } from 'node:fs/promises';
import type { Encoding } from '../../shared/contract/workspace';
import { diagAt, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { writeFileAtomic } from '../workspace/atomic-write';
import { decodeText, encodeText } from '../workspace/text-codec';

/** Files larger than this are reported, not parsed: no `.kiro` document is anywhere near it. */
export const MAX_KIRO_FILE_BYTES = 8 * 1024 * 1024;

export interface KiroText {
  /** Decoded text without the BOM (what an editor shows and the parsers read). */
  text: string;
  encoding: Encoding;
  /** False when the bytes are not valid UTF-8: writing the text back would change them. */
  exact: boolean;
  bytes: number;
  mtimeMs: number;
  /** Problems reading the file itself (too large, not UTF-8); parse diagnostics come later. */
  diagnostics: KiroDiagnostic[];
}

/** Reads a `.kiro` file as text. Never throws for content; throws for I/O errors (missing file, permissions). */
export async function readKiroText(abs: string): Promise<KiroText> {
  const info = await stat(abs);
  if (info.size > MAX_KIRO_FILE_BYTES) {
    return {
      text: '',
      encoding: 'utf8',
      exact: false,
      bytes: info.size,
      mtimeMs: info.mtimeMs,
      diagnostics: [diagAt('error', 'file.too-large', `This file is ${(info.size / 1048576).toFixed(1)} MB; .kiro files over ${MAX_KIRO_FILE_BYTES / 1048576} MB are not read.`, 1)],
    };
  }
  const bytes = await readFile(abs);
  const decoded = decodeText(bytes);
  const diagnostics: KiroDiagnostic[] = [];
  if (!decoded.exact && !bytes.includes(0)) {
    diagnostics.push(diagAt('warning', 'file.encoding', 'This file is not valid UTF-8; it is read with replacement characters and Specwright will not write to it.', 1));
  }
  return { text: decoded.text, encoding: decoded.encoding, exact: decoded.exact, bytes: bytes.length, mtimeMs: info.mtimeMs, diagnostics };
}

/**
 * Rewrites a `.kiro` file through `edit` (a pure writer from shared/kiro), keeping its BOM and
 * every byte the writer did not change. Refuses files that are not valid UTF-8, since
 * decoding and re-encoding them would alter bytes nobody asked to change. Returns whether the
 * file changed.
 */
export async function updateKiroText(abs: string, edit: (text: string) => string): Promise<boolean> {
  const bytes = await readFile(abs);
  const decoded = decodeText(bytes);
  if (!decoded.exact) throw new Error(`${abs} is not valid UTF-8; Specwright does not rewrite it.`);
  const next = edit(decoded.text);
  if (next === decoded.text) return false;
  await writeFileAtomic(abs, encodeText(next, decoded.encoding));
  return true;
}
