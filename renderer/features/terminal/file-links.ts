/** A `path`, `path:line`, `path:line:col` or `path(line,col)` found in a line of terminal text. */
export interface PathMatch {
  /** Index of the first character in the line. */
  start: number;
  /** Index just after the last character. */
  end: number;
  path: string;
  line?: number;
  column?: number;
}

// A path has a slash or a file extension (so that plain words are not links), optional
// leading ./ ../ ~/ or /, and is followed by :line[:col] or (line[,col]) as compilers print them.
const PATH = /(?<![\w/.~-])((?:\.{1,2}\/|~\/|\/)?[\w@.+-]+(?:\/[\w@.+-]+)*\.[A-Za-z][A-Za-z0-9]*|(?:\.{1,2}\/|~\/|\/)?[\w@.+-]+(?:\/[\w@.+-]+)+)(?::(\d+)(?::(\d+))?|\((\d+)(?:,\s*(\d+))?\))?/g;

/** Candidate file references in `text`; the host decides which ones are workspace files. */
export function findPaths(text: string): PathMatch[] {
  const out: PathMatch[] = [];
  // URLs are the web-links add-on's; nothing inside one is a file path.
  const urls = [...text.matchAll(/\b[a-z][\w+.-]*:\/\/\S+/gi)].map((u) => [u.index!, u.index! + u[0].length] as const);
  for (const m of text.matchAll(PATH)) {
    const path = m[1]!;
    if (urls.some(([a, b]) => m.index! < b && m.index! + m[0].length > a)) continue;
    const line = m[2] ?? m[4];
    const column = m[3] ?? m[5];
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      path,
      ...(line ? { line: Number(line) } : {}),
      ...(column ? { column: Number(column) } : {}),
    });
  }
  return out;
}
