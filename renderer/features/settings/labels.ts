/**
 * Words for the settings the screen shows. A setting not listed here still appears, named
 * after its key and described by its schema's `.describe()` / `.meta({ description })` —
 * so a new section needs no entry; one here only reads better.
 */

const SECTION_TITLES: Record<string, string> = {
  general: 'General',
  agent: 'Agent',
  policy: 'Policy',
  terminal: 'Terminal',
  checkpoints: 'Checkpoints',
  keybindings: 'Keyboard Shortcuts',
  specs: 'Specs',
  hooks: 'Hooks',
  mcp: 'MCP',
};

export function sectionTitle(id: string): string {
  return SECTION_TITLES[id] ?? id.charAt(0).toUpperCase() + id.slice(1).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

interface Words {
  label?: string;
  description: string;
}

const KEYS: Record<string, Words> = {
  'general.theme': { label: 'Color Theme', description: 'Light, dark, or follow the operating system (system).' },
  'general.fontSize': { label: 'Font Size', description: 'Font size in pixels of the editor and the terminals.' },
  'general.telemetry': { label: 'Telemetry', description: 'Specwright collects no telemetry: there is nothing to send, and this cannot be turned on.' },
  'general.notifications.enabled': { label: 'Notify When Work Finishes', description: 'A system notification when an agent request or a task run ends while this window does not have the focus. In a browser, the browser asks once whether Specwright may show notifications.' },
  'general.notifications.minSeconds': { label: 'Notify After (seconds)', description: 'Only for work that took at least this long.' },

  'agent.model': { label: 'Model', description: '`auto` (the rule below chooses per request) or one of the models listed.' },
  'agent.bedrock.region': { label: 'Region', description: 'Empty: the AWS configuration decides (AWS_REGION, the profile’s region).' },
  'agent.bedrock.profile': { label: 'Profile', description: 'Empty: AWS_PROFILE, or the default profile.' },
  'agent.openai.baseUrl': { label: 'Base URL', description: 'Up to and including /v1. Empty: OPENAI_BASE_URL if set, else https://api.openai.com/v1.' },
  'agent.openai.apiKeyName': { label: 'API Key Secret', description: 'The name of the secret (see Secrets) or environment variable holding the key.' },
  'agent.anthropic.baseUrl': { label: 'Base URL', description: 'Empty: ANTHROPIC_BASE_URL if set, else https://api.anthropic.com.' },
  'agent.anthropic.apiKeyName': { label: 'API Key Secret', description: 'The name of the secret (see Secrets) or environment variable holding the key.' },
  'agent.retry.maxRetries': { description: 'Retries after the first attempt, for throttling and server errors.' },
  'agent.retry.baseDelayMs': { label: 'Base Delay (ms)', description: 'The first wait; each retry waits about twice as long, with jitter.' },
  'agent.retry.maxDelayMs': { label: 'Max Delay (ms)', description: 'The longest wait between two attempts.' },
  'agent.loop.maxTurns': { description: 'Model calls for one request before the agent stops and asks to continue.' },
  'agent.loop.maxTokensPerRequest': { description: 'Input plus output tokens over one request’s calls before the agent stops.' },
  'agent.loop.maxToolErrors': { description: 'Malformed tool calls in a row returned to the model before the agent gives up.' },
  'agent.loop.compactAt': { label: 'Compact At', description: 'Older messages are summarised when a request would take more than this share of the model’s window (0.3–0.95).' },
  'agent.loop.toolOutputMaxChars': { description: 'A tool’s output is cut (head and tail kept, with a note) past this many characters.' },
  'agent.loop.commandTimeoutSeconds': { description: 'run_command’s default timeout.' },
  'agent.loop.maxCommandTimeoutSeconds': { description: 'The longest timeout the model may ask for.' },
  'agent.loop.fetchMaxBytes': { description: 'fetch_url reads at most this many bytes of a page.' },
  'agent.loop.searchMaxResults': { description: 'search and #codebase return at most this many matching lines.' },
  'agent.usage.display': { label: 'Show Usage As', description: 'Money (currency) or credits.' },
  'agent.usage.currency': { description: 'Three-letter code of the currency the prices are in (USD, EUR, …).' },
  'agent.usage.currencyPerCredit': { description: 'What one credit is worth in the currency.' },

  'policy.trustedCommands': { label: 'Trusted Commands', description: 'Commands the agent may run without asking.' },
  'policy.defaultMode': { label: 'Default Mode', description: 'The mode of a workspace whose Autopilot switch (status bar) was never used. Once you use the switch, the workspace keeps its own choice. User settings only: a workspace cannot put itself in Autopilot.' },

  'terminal.shell': { label: 'Shell', description: 'The shell of new terminals. Empty: your login shell ($SHELL, then /bin/sh).' },
  'terminal.args': { label: 'Shell Arguments', description: 'Arguments for that shell, one per line.' },
  'terminal.env': { label: 'Environment', description: 'Extra variables for every terminal. An empty value removes a variable.' },
  'terminal.scrollback': { label: 'Scrollback', description: 'Lines kept by each terminal view. Applies to new terminals.' },
  'terminal.reattachBufferKb': { label: 'Reattach Buffer (KB)', description: 'Recent output the host keeps per terminal, replayed when a window reattaches and read by #terminal.' },
  'terminal.agent.timeoutMs': { label: 'Timeout (ms)', description: 'How long an agent command may run before it is interrupted (Ctrl-C, then killed).' },
  'terminal.agent.interruptGraceMs': { label: 'Interrupt Grace (ms)', description: 'Wait after Ctrl-C before the command’s processes are killed.' },
  'terminal.agent.maxOutputChars': { description: 'Characters of output returned to the model; longer output keeps its head and tail.' },
  'terminal.agent.backgroundPatterns': { description: 'Regular expressions: agent commands that match run in a background terminal (dev servers, watchers).' },
  'terminal.agent.backgroundReadyPattern': { description: 'Output that shows a background command is ready (its first output is returned at once).' },
  'terminal.agent.backgroundWaitMs': { label: 'Background Wait (ms)', description: 'Longest wait for a background command’s first output.' },
  'terminal.agent.backgroundSettleMs': { label: 'Background Settle (ms)', description: 'How long a background command must stay quiet before its output is returned.' },
  'terminal.agent.env': { label: 'Environment', description: 'Environment of agent commands (pagers would wait for a key press nobody sends).' },

  'checkpoints.onSave': { label: 'Checkpoint on Save', description: 'Checkpoint every editor save (and explorer create, rename, delete), a burst of saves being one checkpoint.' },
  'checkpoints.keepSessions': { label: 'Keep Sessions', description: 'Retention: a session is pruned only when it is neither among the last this many sessions nor younger than Keep Days.' },
  'checkpoints.keepDays': { label: 'Keep Days', description: 'Retention: sessions younger than this many days are always kept.' },
  'checkpoints.maxFileSizeMB': { label: 'Max File Size (MB)', description: 'Larger files are left out of checkpoints (and never touched by a restore).' },
  'checkpoints.exclude': { label: 'Exclude', description: 'Extra exclusions in .gitignore syntax, one per line, on top of .gitignore, .kiroignore and the built-in list; !pattern re-includes a built-in one.' },
  'checkpoints.verifyEveryMinutes': { description: 'Minutes between background full verifications against the disk (0: only at start and on demand).' },

  'specs.concurrency': { label: 'Task Concurrency', description: 'How many tasks of one dependency wave “Run all tasks” runs side by side (1: one at a time). The spec view can ask for another number for one run.' },
  'specs.maxConcurrency': { label: 'Max Task Concurrency', description: 'The ceiling for Task Concurrency and for the number asked for in “Run all tasks” (beyond three agents at once, a person can no longer follow what each does).' },
  'specs.verifyCommand': { label: 'Verify Command', description: 'Run after the agent’s turn for every task that names no command of its own (`_Verify: npm test_` in the task). Empty: only the agent’s own success counts.' },
  'specs.verifyTimeoutSeconds': { label: 'Verify Timeout (seconds)', description: 'A verification still running after this long fails.' },

  'hooks.enabled': { label: 'Run Hooks', description: 'Off: no hook runs (the Hooks panel still lists them).' },
  'hooks.debounceMs': { label: 'Debounce (ms)', description: 'A burst of file events (a “save all”, a checkout) within this window is one run with every path.' },
  'hooks.maxConcurrent': { label: 'Hook Concurrency', description: 'Hook runs in the background at once (file events, agent stop, post-task, Run). Hooks a caller waits for — before and after a tool, on prompt submit — are never queued behind them.' },
  'hooks.maxDepth': { label: 'Max Chain Depth', description: 'A hook triggered by a hook’s change is at depth 2; a chain stops, with a notice, past this.' },
  'hooks.defaultTimeoutSeconds': { label: 'Default Timeout (seconds)', description: 'How long a hook’s command may run when the hook gives no timeout.' },
  'hooks.maxOutputChars': { description: 'Characters of a command’s stdout and stderr kept (each; head and tail) for the panel and the model.' },
  'hooks.historyPerHook': { label: 'History per Hook', description: 'Runs kept per hook for the Hooks panel.' },

  'mcp.callTimeoutSeconds': { label: 'Call Timeout (seconds)', description: 'Default per-call timeout; a server’s own timeout in mcp.json wins. Progress from the server restarts it.' },
  'mcp.maxCallTimeoutFactor': { description: 'A call that keeps reporting progress still ends after this many times its timeout.' },
  'mcp.startTimeoutSeconds': { label: 'Start Timeout (seconds)', description: 'Time a server gets to start and answer initialize.' },
  'mcp.maxRestarts': { description: 'Restarts after crashes in a row before the server is left failed.' },
  'mcp.restartDelayMs': { label: 'Restart Delay (ms)', description: 'Delay before the first restart; doubled for each further one.' },
  'mcp.stableAfterMs': { label: 'Stable After (ms)', description: 'A server that stays ready this long has its crash count reset.' },
  'mcp.logMaxChars': { description: 'Characters of stderr kept per server (the oldest output is dropped first).' },
  'mcp.resultMaxChars': { description: 'A tool result longer than this is cut, with a note saying so.' },
  'mcp.manyToolsWarning': { description: 'Above this many enabled tools the MCP panel warns once what they cost in context.' },

  'keybindings.overrides': { label: 'Keyboard Shortcuts', description: 'Change or remove the shortcut of any command. The command palette shows the shortcut in effect.' },
};

export function describeKey(key: string): Words | undefined {
  return KEYS[key];
}
