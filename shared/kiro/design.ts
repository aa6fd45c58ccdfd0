// design.md: its sections (Overview, Architecture, … in whatever language), mermaid
// diagrams, and correctness properties (`### Property N: Name` + `**Validates: Requirements
// 1.1**`), which feed traceability.

import { diagAt, sortDiagnostics } from './diagnostics';
import { openMarkdownDoc, sectionEnd } from './markdown';
import type { DocumentBase } from './requirements';
import { applyTextEdits, looksBinaryText, splitBom } from './text';
import { parseTraceLine, type TraceRef } from './trace-refs';

export interface DesignSection {
  level: number;
  title: string;
  line: number;
  endLine: number;
  /** Body offsets of the section's content (after its heading line, up to the next section). */
  bodyStart: number;
  bodyEnd: number;
}

export interface MermaidBlock {
  line: number;
  endLine: number;
  closed: boolean;
  /** `flowchart`, `sequenceDiagram`, … or null when the block is empty. */
  diagramType: string | null;
  content: string;
}

export interface DesignProperty {
  /** The number in the heading (`Property 3` → `3`), if any. */
  number: string | null;
  title: string;
  line: number;
  validates: TraceRef[];
}

export interface DesignDoc extends DocumentBase {
  kind: 'design';
  sections: DesignSection[];
  mermaid: MermaidBlock[];
  codeBlocks: number;
  properties: DesignProperty[];
  summary: { sections: number; mermaid: number; properties: number; lines: number };
}

const MERMAID_TYPES = new Set(
  'graph flowchart sequenceDiagram classDiagram stateDiagram stateDiagram-v2 erDiagram journey gantt pie quadrantChart requirementDiagram gitGraph C4Context C4Container C4Component C4Dynamic C4Deployment mindmap timeline zenuml sankey-beta sankey xychart-beta xychart block-beta block packet-beta packet kanban architecture-beta architecture radar-beta treemap-beta'.split(' '),
);

export interface DesignOptions {
  /** Designs longer than this get a gentle note (Kiro users report 500-line designs). */
  longDesignLines?: number;
}

export function parseDesign(text: string, options: DesignOptions = {}): DesignDoc {
  const { body, index, scan, lines, diagnostics, base } = openMarkdownDoc(text);
  const doc: DesignDoc = {
    kind: 'design',
    ...base,
    sections: [],
    mermaid: [],
    codeBlocks: 0,
    properties: [],
    summary: { sections: 0, mermaid: 0, properties: 0, lines: index.lineCount },
  };
  if (looksBinaryText(body)) {
    diagnostics.push(diagAt('error', 'file.binary', 'This is not a text file; it cannot be read as a design.', 1));
    return doc;
  }
  if (!body.trim()) {
    diagnostics.push(diagAt('info', 'design.empty', 'The design is empty: the design phase has not started.', 1));
    return doc;
  }
  lines.forEach((l, i) => {
    if (!l.heading) return;
    const end = sectionEnd(lines, i);
    const bodyStart = l.end + l.eol.length;
    const bodyEnd = end < lines.length ? lines[end]!.start : body.length;
    doc.sections.push({ level: l.heading.level, title: l.heading.plain, line: l.n, endLine: lines[end - 1]!.n, bodyStart: Math.min(bodyStart, bodyEnd), bodyEnd });
    // A property: a heading whose own text (before any sub-heading) has a Validates line.
    const refs: TraceRef[] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.heading; j++) {
      if (lines[j]!.kind !== 'text') continue;
      const trace = parseTraceLine(lines[j]!.text, lines[j]!.start, lines[j]!.n);
      if (trace) refs.push(...trace.refs);
    }
    if (refs.length) {
      const num = /(\d+(?:\.\d+)*)/.exec(l.heading.plain);
      const title = l.heading.plain.replace(/^[^:：]*\d+\s*[:：.]\s*/, '').trim() || l.heading.plain;
      doc.properties.push({ number: num ? num[1]! : null, title, line: l.n, validates: refs });
    }
  });
  for (const f of scan.fences) {
    if (f.lang !== 'mermaid') {
      doc.codeBlocks++;
      continue;
    }
    const first = f.content
      .split(/\r?\n/)
      .map((s) => s.trim())
      .find((s) => s && !s.startsWith('%%'));
    const type = first ? first.split(/[\s:;{]/)[0]! : null;
    doc.mermaid.push({ line: f.line, endLine: f.endLine, closed: f.closed, diagramType: type, content: f.content });
    if (!type) diagnostics.push(diagAt('warning', 'design.mermaid-empty', 'This mermaid block is empty.', f.line));
    else if (!MERMAID_TYPES.has(type) && type !== '---') {
      diagnostics.push(diagAt('warning', 'design.mermaid-type', `"${type}" is not a mermaid diagram type (flowchart, sequenceDiagram, classDiagram, erDiagram, stateDiagram-v2, …); the diagram will not render.`, f.line + 1));
    }
  }
  const limit = options.longDesignLines ?? 500;
  if (index.lineCount > limit) {
    diagnostics.push(diagAt('info', 'design.long', `This design is ${index.lineCount} lines long; designs over ${limit} lines are hard to review — consider moving detail into the tasks.`, 1));
  }
  doc.summary = { sections: doc.sections.length, mermaid: doc.mermaid.length, properties: doc.properties.length, lines: index.lineCount };
  sortDiagnostics(diagnostics);
  return doc;
}

/**
 * Replaces the content of one section (between its heading and the next heading of the same
 * or a higher level), leaving the heading and every other byte as they were.
 */
export function replaceSectionBody(text: string, target: { line: number } | { title: string }, newBody: string): string {
  const doc = parseDesign(text);
  const s = 'line' in target ? doc.sections.find((x) => x.line === target.line) : doc.sections.find((x) => x.title === target.title);
  if (!s) throw new RangeError(`No section ${'line' in target ? `at line ${target.line}` : `"${target.title}"`} in the design.`);
  const current = splitBom(text).body.slice(s.bodyStart, s.bodyEnd);
  if (current === newBody) return text;
  return applyTextEdits(text, [{ offset: s.bodyStart, length: s.bodyEnd - s.bodyStart, text: newBody }]);
}
