import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';

/** Most of a log the panel keeps on screen; the host keeps more (see the `mcp.logMaxChars` setting). */
const SHOWN = 64 * 1024;

/** A server's stderr as it arrives, scrolled to the end unless the person scrolled up. */
export function ServerLog({ server }: { server: string }) {
  const [text, setText] = useState('');
  const [dropped, setDropped] = useState(0);
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    setText('');
    return api.subscribe('mcp.log', { server }, {
      event: (e) => {
        setDropped(e.dropped);
        setText((t) => {
          const next = e.reset ? e.text : t + e.text;
          return next.length > SHOWN ? next.slice(next.length - SHOWN) : next;
        });
      },
      end: () => {},
    });
  }, [server]);

  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [text]);

  return (
    <div className="mcp-log-wrap">
      {dropped > 0 && <p className="mcp-log-note muted">Earlier output was dropped ({dropped.toLocaleString()} characters) to keep the log small.</p>}
      <pre
        ref={ref}
        className="mcp-log"
        role="log"
        aria-label={`Log of ${server}`}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 20;
        }}
      >
        {text || 'Nothing has been written to stderr yet.'}
      </pre>
    </div>
  );
}
