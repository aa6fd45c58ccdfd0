import { useState, type FormEvent } from 'react';
import type { HookTriggerName, NewHook } from '../../../shared/contract/hooks';
import { splitPatterns } from '../../../shared/kiro/patterns';
import { useHooks } from '../../stores/hooks-store';
import { FILE_TRIGGERS, TOOL_TRIGGERS, TRIGGER_LABEL } from './describe';

type FormTrigger = NewHook['trigger'];
const TRIGGERS = (Object.keys(TRIGGER_LABEL) as HookTriggerName[]).filter((t): t is FormTrigger => t !== 'sessionStart');

/**
 * The create form: writes `.kiro/hooks/<name>.kiro.hook` in the older format, which Kiro
 * reads too. The host checks it again (a file trigger needs patterns, a tool trigger tool
 * types) and refuses a hook that could never fire.
 */
export function NewHookForm({ onDone }: { onDone: (path: string | null) => void }) {
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState<FormTrigger>('fileEdited');
  const [patterns, setPatterns] = useState('src/**/*.ts');
  const [toolTypes, setToolTypes] = useState('write');
  const [action, setAction] = useState<'runCommand' | 'askAgent'>('runCommand');
  const [command, setCommand] = useState('');
  const [prompt, setPrompt] = useState('');
  const [timeout, setTimeoutSeconds] = useState('');
  const [description, setDescription] = useState('');
  const [saving, setSaving] = useState(false);

  const needsPatterns = FILE_TRIGGERS.has(trigger);
  const needsTools = TOOL_TRIGGERS.has(trigger);
  const body = action === 'runCommand' ? command.trim() : prompt.trim();
  const ready = !!name.trim() && !!body && (!needsPatterns || splitPatterns(patterns).length > 0) && (!needsTools || splitPatterns(toolTypes).length > 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || saving) return;
    const seconds = Number(timeout);
    const hook: NewHook = {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      trigger,
      patterns: needsPatterns ? splitPatterns(patterns) : [],
      toolTypes: needsTools ? splitPatterns(toolTypes) : [],
      action: action === 'runCommand' ? { type: 'runCommand', command: body, ...(timeout.trim() && seconds > 0 ? { timeout: seconds } : {}) } : { type: 'askAgent', prompt: body },
    };
    setSaving(true);
    const path = await useHooks.getState().create(hook);
    setSaving(false);
    if (path) onDone(path);
  };

  return (
    <form className="hook-form" aria-label="New hook" onSubmit={(e) => void submit(e)}>
      <label>
        <span>Name</span>
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Lint on save" />
      </label>
      <label>
        <span>When</span>
        <select aria-label="Trigger" value={trigger} onChange={(e) => setTrigger(e.target.value as FormTrigger)}>
          {TRIGGERS.map((t) => (
            <option key={t} value={t}>
              {TRIGGER_LABEL[t]}
            </option>
          ))}
        </select>
      </label>
      {needsPatterns && (
        <>
          <label>
            <span>File patterns</span>
            <input value={patterns} onChange={(e) => setPatterns(e.target.value)} placeholder="src/**/*.ts, *.md" />
          </label>
          <small className="muted hook-hint">Globs, separated by commas.</small>
        </>
      )}
      {needsTools && (
        <>
          <label>
            <span>Tool types</span>
            <input value={toolTypes} onChange={(e) => setToolTypes(e.target.value)} placeholder="write, shell" />
          </label>
          <small className="muted hook-hint">read, write, shell, web, spec, mcp, * — or a regular expression over tool names.</small>
        </>
      )}
      <label>
        <span>Then</span>
        <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value as 'runCommand' | 'askAgent')}>
          <option value="runCommand">Run a command</option>
          <option value="askAgent">Ask the agent</option>
        </select>
      </label>
      {action === 'runCommand' ? (
        <>
          <label>
            <span>Command</span>
            <input className="mono" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="npm run lint" />
          </label>
          <small className="muted hook-hint">Runs through the command policy. Exit 2 blocks a pre-tool, prompt or pre-task event and tells the model why.</small>
          <label>
            <span>Timeout (seconds)</span>
            <input type="number" min={1} value={timeout} onChange={(e) => setTimeoutSeconds(e.target.value)} placeholder="60" />
          </label>
        </>
      ) : (
        <label>
          <span>Prompt</span>
          <textarea rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="Check the edited file for type errors." />
        </label>
      )}
      <label>
        <span>Description</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Optional" />
      </label>
      <div className="hook-form-actions">
        <button type="button" className="button small" onClick={() => onDone(null)}>
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={!ready || saving}>
          Create hook
        </button>
      </div>
    </form>
  );
}
