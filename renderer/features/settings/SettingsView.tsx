import { useEffect, useMemo, useRef, type ComponentType } from 'react';
import type { SettingsScope } from '../../../shared/contract';
import { formatKey } from '../../../shared/settings/validate';
import { useApp } from '../../stores/app-store';
import { useSettings } from '../../stores/settings-store';
import { Icon } from '../../ui/icons';
import { AutoRule, Budgets } from './blocks/AutoAndBudgets';
import { BrowserNotifications } from './blocks/BrowserNotifications';
import { Keybindings } from './blocks/Keybindings';
import { McpVariables } from './blocks/McpVariables';
import { ModelChoice, Models } from './blocks/Models';
import { Secrets } from './blocks/Secrets';
import { TrustedCommands } from './blocks/TrustedCommands';
import type { BlockProps } from './blocks/types';
import { JsonEditor } from './JsonEditor';
import { leafText, matches, settingsModel, type SettingLeaf } from './schema-model';
import { SettingRow } from './SettingRow';
import { useSettingsUi } from './settings-ui';
import './settings.css';

/**
 * Hand-made controls where a generic one would be poor. Each takes over the settings under
 * its keys; everything else is drawn from the schema.
 */
interface Block {
  id: string;
  keys: string[];
  /** Words it is found by, besides its keys. */
  words: string;
  component: ComponentType<BlockProps>;
}
const BLOCKS: Block[] = [
  { id: 'agent-model', keys: ['agent.model'], words: 'model auto default', component: ModelChoice },
  { id: 'agent-models', keys: ['agent.models'], words: 'models providers prices price table bedrock openai anthropic ollama detect local context window tokens', component: Models },
  { id: 'agent-auto', keys: ['agent.auto.main', 'agent.auto.small', 'agent.auto.routes'], words: 'auto rule main small routes', component: AutoRule },
  { id: 'agent-budgets', keys: ['agent.budgets'], words: 'budgets limits cost money spend session day month', component: Budgets },
  { id: 'policy-trusted', keys: ['policy.trustedCommands'], words: 'trusted commands trust rules allow run', component: TrustedCommands },
  { id: 'keybindings', keys: ['keybindings.overrides'], words: 'keyboard shortcuts keybindings keys', component: Keybindings },
];
/** Things shown in a section that are not settings of its schema (kept elsewhere for a reason each states). */
interface Extra {
  id: string;
  section: string;
  words: string;
  component: ComponentType;
}
const EXTRAS: Extra[] = [
  { id: 'browser-notifications', section: 'general', words: 'notifications browser permission allow', component: BrowserNotifications },
  { id: 'mcp-variables', section: 'mcp', words: 'mcp approved variables env ${var} allow deny revoke servers', component: McpVariables },
];

const blockOf = (leaf: SettingLeaf) => BLOCKS.find((b) => b.keys.some((k) => leaf.key === k || leaf.key.startsWith(`${k}.`) || leaf.key.startsWith(`${k}[`)));

/** API keys are not settings (they never go into a settings file) but live on this screen, after the agent's. */
const SECRETS_SECTION = { id: 'secrets', title: 'API Keys', words: 'secrets api keys keychain password token openai anthropic' };

type Item = { type: 'leaf'; leaf: SettingLeaf } | { type: 'block'; block: Block; leaves: SettingLeaf[] } | { type: 'extra'; extra: Extra };

function sectionItems(section: string, leaves: SettingLeaf[]): Item[] {
  const items: Item[] = [];
  for (const leaf of leaves) {
    const block = blockOf(leaf);
    if (!block) items.push({ type: 'leaf', leaf });
    else {
      const existing = items.find((i) => i.type === 'block' && i.block === block) as Extract<Item, { type: 'block' }> | undefined;
      if (existing) existing.leaves.push(leaf);
      else items.push({ type: 'block', block, leaves: [leaf] });
    }
  }
  for (const extra of EXTRAS) if (extra.section === section) items.push({ type: 'extra', extra });
  return items;
}

const itemMatches = (item: Item, query: string) =>
  item.type === 'leaf' ? matches(query, ...leafText(item.leaf)) : item.type === 'block' ? matches(query, item.block.words, ...item.leaves.flatMap(leafText)) : matches(query, item.extra.words);

/** The Settings editor: every section of the schemas, for your user settings or this workspace’s, as a form or as JSON. */
export function SettingsView() {
  const { scope, mode, query, reveal, setScope, setMode, setQuery, setReveal } = useSettingsUi();
  const workspace = useApp((s) => s.workspace);
  const view = useSettings((s) => s.view);
  const body = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const effectiveScope: SettingsScope = scope === 'workspace' && !workspace ? 'user' : scope;

  const sections = useMemo(() => settingsModel().map((s) => ({ ...s, items: sectionItems(s.id, s.leaves) })), []);
  const visible = sections.map((s) => ({ ...s, items: s.items.filter((i) => itemMatches(i, query)) })).filter((s) => s.items.length > 0);
  const secretsVisible = matches(query, SECRETS_SECTION.title, SECRETS_SECTION.words);
  const scopeIssues = (view?.issues ?? []).filter((i) => i.scope === effectiveScope);

  useEffect(() => {
    if (mode === 'form') search.current?.focus();
  }, [mode]);
  useEffect(() => {
    if (!reveal || mode !== 'form') return;
    document.getElementById(`settings-section-${reveal}`)?.scrollIntoView({ block: 'start' });
    setReveal(null);
  }, [reveal, mode, setReveal]);

  const secretsAfter = visible.some((s) => s.id === 'agent') ? 'agent' : visible.at(-1)?.id;
  // The list follows the page: API Keys right after the section it is shown under.
  const toc = visible.flatMap((s) => [{ id: s.id, title: s.title }, ...(secretsVisible && s.id === secretsAfter ? [SECRETS_SECTION] : [])]);
  if (secretsVisible && !secretsAfter) toc.push(SECRETS_SECTION);

  return (
    <section className="settings" role="region" aria-label="Settings">
      <header className="settings-header">
        <div className="settings-search">
          <Icon name="search" size={14} />
          <input ref={search} type="search" aria-label="Search settings" placeholder="Search settings" value={query} disabled={mode === 'json'} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setQuery('')} />
        </div>
        <div className="settings-bar">
          <div className="settings-scopes" role="tablist" aria-label="Settings scope">
            <button role="tab" aria-selected={effectiveScope === 'user'} className={effectiveScope === 'user' ? 'active' : undefined} onClick={() => setScope('user')} title={view?.user.file}>
              User
            </button>
            <button
              role="tab"
              aria-selected={effectiveScope === 'workspace'}
              className={effectiveScope === 'workspace' ? 'active' : undefined}
              disabled={!workspace}
              onClick={() => setScope('workspace')}
              title={workspace ? `${workspace.root}/.kiro/settings/specwright.json` : 'Open a folder to give it settings of its own'}
            >
              Workspace{workspace ? ` (${workspace.name})` : ''}
            </button>
          </div>
          <span className="settings-file muted" title={effectiveScope === 'user' ? view?.user.file : view?.workspace?.file}>
            {effectiveScope === 'user' ? view?.user.display : view?.workspace?.display}
          </span>
          <button className="button small" onClick={() => setMode(mode === 'form' ? 'json' : 'form')} title={mode === 'form' ? 'Edit this scope’s settings file as JSON' : 'Back to the form'}>
            <Icon name={mode === 'form' ? 'file' : 'gear'} size={14} /> {mode === 'form' ? 'Edit as JSON' : 'Edit in the form'}
          </button>
        </div>
      </header>
      {effectiveScope === 'workspace' && (
        <p className="banner info settings-scope-note">
          <span>Workspace settings are stored in the folder (and shared with everyone who opens it). A value set here wins over your user setting — except trusted commands, where both lists apply.</span>
        </p>
      )}
      {scopeIssues.length > 0 && (
        <div className="settings-issues" role="alert" aria-label="Problems in the settings file">
          <Icon name="warning" size={16} />
          <div>
            <p>
              {effectiveScope === 'user' ? 'Your user settings file' : 'This workspace’s settings file'} has {scopeIssues.length === 1 ? 'a problem' : `${scopeIssues.length} problems`}; {scopeIssues.length === 1 ? 'that value is' : 'those values are'} not used:
            </p>
            <ul>
              {scopeIssues.map((i) => (
                <li key={i.message}>
                  {i.message}{' '}
                  {i.key && mode === 'form' && (
                    <button className="link-button" onClick={() => setQuery(formatKey(i.path ?? []).replace(/\[.*$/, ''))}>
                      Show
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {mode === 'form' && (
              <button className="button small" onClick={() => setMode('json')}>
                Fix it in the JSON file
              </button>
            )}
          </div>
        </div>
      )}
      {mode === 'json' ? (
        <JsonEditor key={effectiveScope} scope={effectiveScope} />
      ) : (
        <div className="settings-main">
          <nav className="settings-toc" aria-label="Settings sections">
            <ul>
              {toc.map((s) => (
                <li key={s.id}>
                  <button className="link-button" onClick={() => document.getElementById(`settings-section-${s.id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' })}>
                    {s.title}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="settings-body" ref={body}>
            {!view && <p className="muted">Loading the settings…</p>}
            {view && toc.length === 0 && <p className="settings-empty">No settings match “{query}”.</p>}
            {view &&
              visible.map((section) => (
                <div key={section.id}>
                  <section className="settings-section" id={`settings-section-${section.id}`} aria-labelledby={`settings-title-${section.id}`}>
                    <h2 id={`settings-title-${section.id}`}>{section.title}</h2>
                    {section.items.map((item) =>
                      item.type === 'leaf' ? (
                        <SettingRow key={item.leaf.key} leaf={item.leaf} scope={effectiveScope} />
                      ) : item.type === 'block' ? (
                        <item.block.component key={item.block.id} scope={effectiveScope} />
                      ) : (
                        <item.extra.component key={item.extra.id} />
                      ),
                    )}
                  </section>
                  {secretsVisible && section.id === secretsAfter && <SecretsSection />}
                </div>
              ))}
            {view && secretsVisible && !secretsAfter && <SecretsSection />}
          </div>
        </div>
      )}
    </section>
  );
}

function SecretsSection() {
  return (
    <section className="settings-section" id="settings-section-secrets" aria-labelledby="settings-title-secrets">
      <h2 id="settings-title-secrets">{SECRETS_SECTION.title}</h2>
      <Secrets />
    </section>
  );
}
