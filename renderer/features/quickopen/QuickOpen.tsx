import { Fzf } from 'fzf';
import { useEffect, useMemo, useState } from 'react';
import { openFile } from '../editor/documents';
import { useEditors } from '../../stores/editor-store';
import { notifyError } from '../../stores/notifications';
import { useUi } from '../../stores/ui-store';
import { Highlighted, Picker, type PickerItem } from '../../ui/Picker';
import { revealLine } from '../editor/editor-instance';
import { workspaceFiles } from './file-list';

/** `src/a.ts:12` or `src/a.ts:12:5` → the path and the position. */
function splitPosition(query: string): { path: string; line?: number; column?: number } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(query.trim());
  return m ? { path: m[1]!, line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) } : { path: query.trim() };
}

export function QuickOpen() {
  const close = () => useUi.getState().open(null);
  const [files, setFiles] = useState<string[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [query, setQuery] = useState('');
  const tabs = useEditors((s) => s.tabs);
  const closed = useEditors((s) => s.closed);
  const recent = useMemo(() => [...tabs.map((t) => t.path).reverse(), ...closed], [tabs, closed]);

  useEffect(() => {
    workspaceFiles()
      .then((r) => {
        setFiles(r.files);
        setTruncated(r.truncated);
      })
      .catch((e) => {
        notifyError(e);
        close();
      });
  }, []);

  const fzf = useMemo(() => (files ? new Fzf(files, { limit: 60, casing: 'smart-case' }) : null), [files]);
  const { path: pathQuery, line, column } = splitPosition(query);

  const items: PickerItem[] = useMemo(() => {
    if (!files || !fzf) return [];
    const row = (file: string, positions: Set<number>) => {
      const slash = file.lastIndexOf('/');
      const name = file.slice(slash + 1);
      const dir = slash >= 0 ? file.slice(0, slash) : '';
      return {
        key: file,
        label: file,
        render: (
          <span className="file-row">
            <span className="file-name">
              <Highlighted text={name} positions={positions} offset={slash + 1} />
            </span>
            {dir && (
              <span className="file-dir">
                <Highlighted text={dir} positions={positions} />
              </span>
            )}
          </span>
        ),
      };
    };
    if (!pathQuery) {
      const exists = new Set(files);
      const seen = new Set<string>();
      const recentFirst = [...recent, ...files].filter((f) => !seen.has(f) && seen.add(f) && exists.has(f));
      return recentFirst.slice(0, 60).map((f) => row(f, new Set()));
    }
    return fzf.find(pathQuery).map((r) => row(r.item, r.positions));
  }, [files, fzf, pathQuery, recent]);

  return (
    <Picker
      label="Go to file"
      placeholder={truncated ? 'Search files by name (the list is truncated in this very large folder)' : 'Search files by name (append :line to go to a line)'}
      query={query}
      onQuery={setQuery}
      items={items}
      empty={files ? 'No matching files' : 'Listing files…'}
      onClose={close}
      onPick={async (file) => {
        close();
        await openFile(file);
        if (line) revealLine(line, column ?? 1);
      }}
    />
  );
}
