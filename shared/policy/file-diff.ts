import { createTwoFilesPatch, diffLines } from 'diff';

export interface FileDiff {
  /** Unified diff, as `git diff` would show it. */
  patch: string;
  added: number;
  removed: number;
  /** The added lines' text, for guardrail patterns. */
  addedText: string;
}

/** The change a write makes, for the approval prompt and the audit log. */
export function fileDiff(path: string, before: string | null, after: string | null): FileDiff {
  const a = before ?? '';
  const b = after ?? '';
  let added = 0;
  let removed = 0;
  const addedLines: string[] = [];
  for (const part of diffLines(a, b)) {
    const n = part.count ?? part.value.split('\n').length - (part.value.endsWith('\n') ? 1 : 0);
    if (part.added) {
      added += n;
      addedLines.push(part.value);
    } else if (part.removed) removed += n;
  }
  const patch = createTwoFilesPatch(before === null ? '/dev/null' : `a/${path}`, after === null ? '/dev/null' : `b/${path}`, a, b, '', '', { context: 3 });
  return { patch, added, removed, addedText: addedLines.join('') };
}
