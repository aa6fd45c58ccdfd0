import { useEffect, useRef, useState } from 'react';

type Mermaid = (typeof import('mermaid'))['default'];

// mermaid is large (a few MB with its diagram types): loaded the first time a design with a
// diagram is shown, never at startup.
let loading: Promise<Mermaid> | null = null;
let theme: string | null = null;
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then((m) => m.default);
  return loading.then((mermaid) => {
    const wanted = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'default';
    if (theme !== wanted) {
      // `strict`: no scripts or click handlers from a (possibly model-written) diagram.
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: wanted, fontFamily: 'system-ui, sans-serif' });
      theme = wanted;
    }
    return mermaid;
  });
}

let seq = 0;

function Diagram({ code, line, type }: { code: string; line: number; type: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    setError(null);
    setReady(false);
    void (async () => {
      try {
        const mermaid = await loadMermaid();
        await mermaid.parse(code);
        const { svg } = await mermaid.render(`spec-mermaid-${++seq}`, code);
        if (cancelled || !ref.current) return;
        ref.current.innerHTML = svg;
        setReady(true);
      } catch (e) {
        if (!cancelled) setError((e as Error).message.split('\n').slice(0, 4).join('\n'));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <figure className="spec-diagram" aria-label={`Diagram at line ${line}${type ? ` (${type})` : ''}`}>
      {!ready && !error && <p className="muted">Drawing…</p>}
      {error && (
        <div className="spec-diagram-error" role="alert">
          <strong>This diagram does not parse (line {line}):</strong>
          <pre>{error}</pre>
        </div>
      )}
      <div ref={ref} className="spec-diagram-svg" hidden={!!error} />
      <figcaption className="muted">
        {type ?? 'diagram'} · design.md line {line}
      </figcaption>
    </figure>
  );
}

/** The design's ```mermaid blocks, drawn. */
export function MermaidDiagrams({ blocks }: { blocks: { line: number; diagramType: string | null; content: string }[] }) {
  if (!blocks.length) return <p className="muted spec-side-empty">No ```mermaid diagrams in this design.</p>;
  return (
    <div className="spec-diagrams" role="region" aria-label="Diagrams">
      {blocks.map((b) => (
        <Diagram key={`${b.line}:${b.content.length}`} code={b.content} line={b.line} type={b.diagramType} />
      ))}
    </div>
  );
}
