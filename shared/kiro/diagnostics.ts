import type { LineIndex, TextEdit } from './text';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding in one file. Positions are 1-based, columns in UTF-16 code units and
 * `endColumn` exclusive — the shape of a Monaco marker (see `toMarkerData`).
 */
export interface KiroDiagnostic {
  severity: Severity;
  /** Stable machine id, e.g. `ears.missing-shall`, `tasks.unknown-ref`. */
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A mechanical fix the editor can offer as a quick fix. */
  fix?: { title: string; edits: TextEdit[] };
}

export function diagAt(
  severity: Severity,
  code: string,
  message: string,
  line: number,
  column = 1,
  endColumn = column,
  endLine = line,
): KiroDiagnostic {
  return { severity, code, message, line, column, endLine, endColumn: Math.max(endColumn, column) };
}

/** A diagnostic spanning body offsets [start, end). */
export function diagRange(index: LineIndex, severity: Severity, code: string, message: string, start: number, end: number): KiroDiagnostic {
  const a = index.position(start);
  const b = index.position(Math.max(start, end));
  return { severity, code, message, line: a.line, column: a.column, endLine: b.line, endColumn: b.line === a.line ? Math.max(b.column, a.column) : b.column };
}

export const hasErrors = (ds: readonly KiroDiagnostic[]) => ds.some((d) => d.severity === 'error');

export function countBySeverity(ds: readonly KiroDiagnostic[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of ds) c[d.severity]++;
  return c;
}

/** Monaco's `IMarkerData` (MarkerSeverity: Error 8, Warning 4, Info 2), without importing Monaco. */
export interface MarkerData {
  severity: 8 | 4 | 2;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function toMarkerData(d: KiroDiagnostic): MarkerData {
  return {
    severity: d.severity === 'error' ? 8 : d.severity === 'warning' ? 4 : 2,
    message: d.message,
    code: d.code,
    source: 'specwright',
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    // Monaco draws nothing for an empty range; underline at least one character.
    endColumn: d.endLine === d.line && d.endColumn <= d.column ? d.column + 1 : d.endColumn,
  };
}

export const sortDiagnostics = (ds: KiroDiagnostic[]) => ds.sort((a, b) => a.line - b.line || a.column - b.column);
