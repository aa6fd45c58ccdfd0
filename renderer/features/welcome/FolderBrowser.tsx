import { useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../../shared/contract/app';
import { api } from '../../api/client';
import { useApp } from '../../stores/app-store';
import { Icon } from '../../ui/icons';
import { openFolderAt, useFolderBrowser } from './open-folder';

/** Server mode's Open Folder: browse the host's folders (never files) or type a path. */
export function FolderBrowser() {
  const open = useFolderBrowser((s) => s.open);
  const setOpen = useFolderBrowser((s) => s.setOpen);
  const home = useApp((s) => s.homeDir);
  const current = useApp((s) => s.workspace?.root);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDialogElement>(null);

  const browse = async (path?: string) => {
    try {
      const l = await api.call('app.listFolders', path ? { path } : {});
      setListing(l);
      setTyped(l.path);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      void browse(current ? current.slice(0, current.lastIndexOf('/')) || '/' : home || undefined);
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const choose = async (path: string) => {
    if (await openFolderAt(path)) setOpen(false);
  };

  return (
    <dialog ref={ref} className="modal folder-browser" aria-labelledby="folder-browser-title" onCancel={() => setOpen(false)}>
      <h2 id="folder-browser-title">Open Folder</h2>
      <form
        className="folder-path"
        onSubmit={(e) => {
          e.preventDefault();
          void browse(typed);
        }}
      >
        <label className="modal-field">
          <span>Folder path</span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} />
        </label>
        <button className="button" type="submit">
          Go
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="folder-list" role="listbox" aria-label="Folders">
        {listing?.parent && (
          <li role="option" aria-selected="false" tabIndex={0} onClick={() => void browse(listing.parent!)} onKeyDown={(e) => e.key === 'Enter' && void browse(listing.parent!)}>
            <Icon name="folder" /> ..
          </li>
        )}
        {listing?.folders.map((f) => (
          <li
            key={f.path}
            role="option"
            aria-selected="false"
            tabIndex={0}
            onClick={() => void browse(f.path)}
            onDoubleClick={() => void choose(f.path)}
            onKeyDown={(e) => e.key === 'Enter' && void browse(f.path)}
          >
            <Icon name="folder" /> {f.name}
          </li>
        ))}
        {listing && listing.folders.length === 0 && <li className="picker-empty">No folders here.</li>}
      </ul>
      <div className="modal-buttons">
        <button className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button className="button primary" disabled={!listing} onClick={() => listing && void choose(listing.path)}>
          Open {listing ? listing.path.slice(listing.path.lastIndexOf('/') + 1) || listing.path : ''}
        </button>
      </div>
    </dialog>
  );
}
