import { useEffect, useMemo, useRef, useState } from 'react';
import type { Entry } from '../../../shared/contract/workspace';
import { useEditors } from '../../stores/editor-store';
import { parentOf, useExplorer } from '../../stores/explorer-store';
import { Icon } from '../../ui/icons';
import { openFile } from '../editor/documents';
import { ContextMenu, type MenuItem } from './ContextMenu';
import { createEntry, deleteEntry, renameEntry, startNewEntry } from './file-operations';

interface Row {
  entry: Entry;
  level: number;
  setSize: number;
  posInSet: number;
}

/** The visible rows: children of expanded folders, depth first. */
function useRows(): Row[] {
  const children = useExplorer((s) => s.children);
  const expanded = useExplorer((s) => s.expanded);
  return useMemo(() => {
    const rows: Row[] = [];
    const walk = (dir: string, level: number) => {
      const list = children[dir] ?? [];
      list.forEach((entry, i) => {
        rows.push({ entry, level, setSize: list.length, posInSet: i + 1 });
        if (entry.kind === 'dir' && expanded[entry.path]) walk(entry.path, level + 1);
      });
    };
    walk('', 1);
    return rows;
  }, [children, expanded]);
}

function NameInput({ initial, level, kind, onDone }: { initial: string; level: number; kind: 'file' | 'dir'; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    input.focus();
    const dot = initial.lastIndexOf('.');
    input.setSelectionRange(0, kind === 'file' && dot > 0 ? dot : initial.length);
  }, []);
  const finish = (name: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(name && name.trim() ? name.trim() : null);
  };
  const invalid = /[\\/]|^\.\.?$/.test(value.trim());
  return (
    <div className="tree-row editing" style={{ paddingLeft: 8 + (level - 1) * 14 }}>
      <Icon name={kind === 'dir' ? 'folder' : 'file'} className="tree-icon" />
      <input
        ref={ref}
        className={invalid ? 'tree-input invalid' : 'tree-input'}
        aria-label={kind === 'dir' ? 'Folder name' : 'File name'}
        aria-invalid={invalid}
        value={value}
        spellCheck={false}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter' && !invalid) finish(value);
          if (e.key === 'Escape') finish(null);
        }}
        onBlur={() => finish(invalid ? null : value)}
      />
    </div>
  );
}

/** The workspace as a tree (role tree, name "Files"), loaded folder by folder. */
export function FileTree() {
  const rows = useRows();
  const { selected, expanded, editing, toggle, select, setEditing } = useExplorer();
  const active = useEditors((s) => s.active);
  const [focused, setFocused] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; entry: Entry | null } | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  const focusRow = (path: string) => {
    setFocused(path);
    select(path);
    queueMicrotask(() => treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus());
  };

  const activateEntry = (entry: Entry) => {
    if (entry.kind === 'dir') void toggle(entry.path);
    else void openFile(entry.path);
  };

  const onKeyDown = (e: React.KeyboardEvent, row: Row, index: number) => {
    const { entry } = row;
    switch (e.key) {
      case 'ArrowDown':
        if (rows[index + 1]) focusRow(rows[index + 1]!.entry.path);
        break;
      case 'ArrowUp':
        if (rows[index - 1]) focusRow(rows[index - 1]!.entry.path);
        break;
      case 'ArrowRight':
        if (entry.kind === 'dir' && !expanded[entry.path]) void toggle(entry.path);
        else if (entry.kind === 'dir' && rows[index + 1]?.level === row.level + 1) focusRow(rows[index + 1]!.entry.path);
        break;
      case 'ArrowLeft':
        if (entry.kind === 'dir' && expanded[entry.path]) void toggle(entry.path);
        else if (parentOf(entry.path)) focusRow(parentOf(entry.path));
        break;
      case 'Home':
        if (rows[0]) focusRow(rows[0].entry.path);
        break;
      case 'End':
        if (rows.length) focusRow(rows[rows.length - 1]!.entry.path);
        break;
      case 'Enter':
      case ' ':
        activateEntry(entry);
        break;
      case 'F2':
        setEditing({ mode: 'rename', path: entry.path });
        break;
      case 'Delete':
        void deleteEntry(entry.path, entry.kind === 'dir');
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const menuItems = (entry: Entry | null): MenuItem[] => {
    const folder = entry ? (entry.kind === 'dir' ? entry.path : parentOf(entry.path)) : '';
    const items: MenuItem[] = [
      { label: 'New File…', run: () => void startNewEntry('newFile', folder) },
      { label: 'New Folder…', run: () => void startNewEntry('newFolder', folder) },
    ];
    if (entry) {
      items.push(
        { label: 'Rename…', shortcut: 'F2', run: () => setEditing({ mode: 'rename', path: entry.path }) },
        { label: 'Delete', shortcut: 'Del', danger: true, run: () => void deleteEntry(entry.path, entry.kind === 'dir') },
        { label: 'Copy Relative Path', run: () => void navigator.clipboard?.writeText(entry.path) },
      );
    }
    return items;
  };

  const tabStop = focused && rows.some((r) => r.entry.path === focused) ? focused : (rows[0]?.entry.path ?? null);

  const newInput = (parent: string, level: number) =>
    editing && editing.mode !== 'rename' && editing.parent === parent ? (
      <NameInput
        key={`new-${parent}`}
        initial=""
        level={level}
        kind={editing.mode === 'newFolder' ? 'dir' : 'file'}
        onDone={(name) => {
          setEditing(null);
          if (name) void createEntry(parent, name, editing.mode === 'newFolder' ? 'dir' : 'file');
        }}
      />
    ) : null;

  return (
    <div
      ref={treeRef}
      className="tree"
      role="tree"
      aria-label="Files"
      onContextMenu={(e) => {
        if (e.target === e.currentTarget) {
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY, entry: null });
        }
      }}
    >
      {newInput('', 1)}
      {rows.map((row, index) => {
        const { entry, level } = row;
        if (editing?.mode === 'rename' && editing.path === entry.path) {
          return (
            <NameInput
              key={entry.path}
              initial={entry.name}
              level={level}
              kind={entry.kind}
              onDone={(name) => {
                setEditing(null);
                if (name) void renameEntry(entry.path, name);
                focusRow(entry.path);
              }}
            />
          );
        }
        const isOpen = entry.kind === 'dir' && !!expanded[entry.path];
        return [
          <div
            key={entry.path}
            role="treeitem"
            aria-level={level}
            aria-setsize={row.setSize}
            aria-posinset={row.posInSet}
            aria-expanded={entry.kind === 'dir' ? isOpen : undefined}
            aria-selected={selected === entry.path}
            aria-description={entry.ignored ? 'ignored by .gitignore' : undefined}
            data-path={entry.path}
            tabIndex={tabStop === entry.path ? 0 : -1}
            title={entry.path}
            className={['tree-row', selected === entry.path && 'selected', active === entry.path && 'active', entry.ignored && 'ignored'].filter(Boolean).join(' ')}
            style={{ paddingLeft: 8 + (level - 1) * 14 }}
            onClick={() => {
              setFocused(entry.path);
              select(entry.path);
              activateEntry(entry);
            }}
            onFocus={() => setFocused(entry.path)}
            onKeyDown={(e) => onKeyDown(e, row, index)}
            onContextMenu={(e) => {
              e.preventDefault();
              select(entry.path);
              setMenu({ x: e.clientX, y: e.clientY, entry });
            }}
          >
            {entry.kind === 'dir' ? (
              <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={14} className="tree-twisty" />
            ) : (
              <span className="tree-twisty" />
            )}
            <Icon name={entry.kind === 'dir' ? (isOpen ? 'folderOpen' : 'folder') : 'file'} className={`tree-icon ${entry.kind}`} />
            <span className="tree-label">{entry.name}</span>
          </div>,
          isOpen ? newInput(entry.path, level + 1) : null,
        ];
      })}
      {menu && <ContextMenu x={menu.x} y={menu.y} label="File actions" items={menuItems(menu.entry)} onClose={() => setMenu(null)} />}
    </div>
  );
}
