import { useEffect, useRef, useState } from 'react';
import { useSpecs } from '../../stores/specs-store';

/** `Password reset by e-mail!` → `password-reset-by-e-mail`: Kiro's folder names. */
export const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 5)
    .join('-')
    .slice(0, 50);

export function NewSpecDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const agent = useSpecs((s) => s.agent);
  const create = useSpecs((s) => s.create);
  const [description, setDescription] = useState('');
  const [name, setName] = useState('');
  const [named, setNamed] = useState(false);
  const [kind, setKind] = useState<'feature' | 'bugfix'>('feature');
  const [workflow, setWorkflow] = useState<'requirements-first' | 'design-first'>('requirements-first');
  const [quick, setQuick] = useState(false);
  const [generate, setGenerate] = useState(true);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setDescription('');
      setName('');
      setNamed(false);
      setKind('feature');
      setWorkflow('requirements-first');
      setQuick(false);
      setGenerate(true);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  const first = kind === 'bugfix' ? 'bugfix.md' : workflow === 'design-first' ? 'design.md' : 'requirements.md';
  const submit = async () => {
    if (!name.trim()) return;
    setCreating(true);
    const card = await create({ name: name.trim(), kind, workflow, description, quick, generate: agent.available && generate });
    setCreating(false);
    if (card) onClose();
  };

  return (
    <dialog
      ref={ref}
      className="modal spec-new"
      aria-label="New spec"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>New spec</h2>
        <label className="modal-field">
          <span>{kind === 'bugfix' ? 'What is broken? What should happen instead?' : 'What should it do, and for whom?'}</span>
          <textarea
            aria-label="Description"
            value={description}
            rows={5}
            autoFocus
            onChange={(e) => {
              setDescription(e.target.value);
              if (!named) setName(slug(e.target.value));
            }}
            placeholder={kind === 'bugfix' ? 'Logging in with an expired token crashes the API instead of answering 401.' : 'Let users reset a forgotten password with a link sent by e-mail.'}
          />
        </label>
        <label className="modal-field">
          <span>Name (the folder under .kiro/specs/)</span>
          <input
            aria-label="Name"
            value={name}
            spellCheck={false}
            onChange={(e) => {
              setName(e.target.value);
              setNamed(true);
            }}
            placeholder="password-reset"
          />
        </label>
        <fieldset className="spec-new-choices">
          <legend>Type</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'feature'} onChange={() => setKind('feature')} /> Feature
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'bugfix'} onChange={() => setKind('bugfix')} /> Bug fix
          </label>
        </fieldset>
        {kind === 'feature' && (
          <fieldset className="spec-new-choices">
            <legend>Start with</legend>
            <label>
              <input type="radio" name="workflow" checked={workflow === 'requirements-first'} onChange={() => setWorkflow('requirements-first')} /> Requirements
            </label>
            <label>
              <input type="radio" name="workflow" checked={workflow === 'design-first'} onChange={() => setWorkflow('design-first')} /> Design
            </label>
          </fieldset>
        )}
        {agent.available && (
          <label className="spec-new-quick">
            <input type="checkbox" checked={generate} onChange={(e) => setGenerate(e.target.checked)} /> Let the agent write {first} now
          </label>
        )}
        {agent.available && generate && (
          <label className="spec-new-quick">
            <input type="checkbox" checked={quick} onChange={(e) => setQuick(e.target.checked)} /> Quick spec: write all three documents without stopping for my approval
          </label>
        )}
        <p className="muted spec-new-note">
          {agent.available && generate
            ? `The agent writes ${first} first${quick ? ', then the others' : ', then stops until you approve it'}.`
            : `The folder is created with its .config.kiro; write ${first} yourself${agent.available ? '' : ` (${agent.reason ?? 'no agent'})`}.`}
        </p>
        <div className="modal-buttons">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!name.trim() || creating}>
            {agent.available && generate ? `Create and write ${first}` : 'Create'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
