import { useEffect, useRef, useState } from 'react';
import type { XtermView } from './xterm-view';
import { Icon } from '../../ui/icons';

/** Find in the scrollback of one terminal: Enter for the next match, Shift+Enter for the previous, Escape to close. */
export function TerminalSearch({ view, onClose }: { view: XtermView; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
    const off = view.onSearchResults((e) => setResults({ index: e.resultIndex, count: e.resultCount }));
    return () => {
      off();
      view.clearSearch();
    };
  }, [view]);

  const find = (backwards = false) => {
    if (!query) return;
    if (backwards) view.findPrevious(query);
    else view.findNext(query);
  };
  const close = () => {
    onClose();
    view.focus();
  };

  return (
    <div className="terminal-search" role="search" aria-label="Find in terminal">
      <input
        ref={input}
        type="search"
        aria-label="Find in terminal"
        placeholder="Find"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (e.target.value) view.findNext(e.target.value);
          else {
            view.clearSearch();
            setResults(null);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.shiftKey);
          else if (e.key === 'Escape') close();
          else return;
          e.preventDefault();
        }}
      />
      <span className="terminal-search-count" role="status" aria-live="polite">
        {query && results ? (results.count === 0 ? 'No results' : results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count}+ matches`) : ''}
      </span>
      <button className="icon-button" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => find(true)}>
        <Icon name="chevronUp" />
      </button>
      <button className="icon-button" aria-label="Next match" title="Next match (Enter)" onClick={() => find()}>
        <Icon name="chevronDown" />
      </button>
      <button className="icon-button" aria-label="Close search" title="Close (Escape)" onClick={close}>
        <Icon name="close" />
      </button>
    </div>
  );
}
