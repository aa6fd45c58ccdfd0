import type { Monaco } from './monaco';

let byExtension: Map<string, string> | null = null;
let byFilename: Map<string, string> | null = null;

/** Monaco's language id for a file, from the extensions and file names its languages declare. */
export function languageFor(monaco: Monaco, path: string): string {
  if (!byExtension || !byFilename) {
    byExtension = new Map();
    byFilename = new Map();
    for (const lang of monaco.languages.getLanguages()) {
      for (const ext of lang.extensions ?? []) if (!byExtension.has(ext.toLowerCase())) byExtension.set(ext.toLowerCase(), lang.id);
      for (const name of lang.filenames ?? []) byFilename.set(name.toLowerCase(), lang.id);
    }
    // Common names Monaco does not list.
    for (const [ext, id] of [['.mjs', 'javascript'], ['.cjs', 'javascript'], ['.mts', 'typescript'], ['.cts', 'typescript'], ['.hook', 'json'], ['.kiro', 'json']] as const) {
      if (!byExtension.has(ext)) byExtension.set(ext, id);
    }
  }
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = byFilename.get(name);
  if (byName) return byName;
  // Longest extension first: `.d.ts` before `.ts`.
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
    const id = byExtension.get(name.slice(i));
    if (id) return id;
  }
  return 'plaintext';
}
