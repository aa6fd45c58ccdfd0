import { useState } from 'react';
import { useSpecs } from '../../stores/specs-store';
import { useUi } from '../../stores/ui-store';
import { Icon } from '../../ui/icons';
import { NewSpecDialog } from './NewSpecDialog';
import { SpecBoard } from './SpecBoard';
import { SpecView } from './SpecView';
import './specs.css';

/** The Specs main view: the board, or one spec opened from it. */
export function SpecsMain() {
  const openId = useSpecs((s) => s.openId);
  const name = useSpecs((s) => s.cards.find((c) => c.id === s.openId)?.name ?? s.detail?.card.name);
  const count = useSpecs((s) => s.cards.length);
  const open = useSpecs((s) => s.open);
  const [creating, setCreating] = useState(false);
  return (
    <div className="specs-main">
      <header className="specs-header">
        <nav className="specs-crumbs" aria-label="Specs location">
          {openId ? (
            <>
              <button className="link-button" onClick={() => void open(null)}>
                Spec board
              </button>
              <span aria-hidden="true">›</span>
              <span>{name}</span>
            </>
          ) : (
            <span>
              Spec board <span className="muted">· {count}</span>
            </span>
          )}
        </nav>
        <span className="spacer" />
        {openId && (
          <button className="button small" onClick={() => void open(null)}>
            Back to board
          </button>
        )}
        <button className="button small primary" onClick={() => setCreating(true)}>
          New spec
        </button>
        <button className="icon-button" aria-label="Close specs" title="Back to the editor" onClick={() => useUi.getState().setMainView(null)}>
          <Icon name="close" size={16} />
        </button>
      </header>
      {openId ? <SpecView id={openId} /> : <SpecBoard />}
      <NewSpecDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
