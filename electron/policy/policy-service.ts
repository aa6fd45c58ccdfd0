import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApprovalAnswer, PendingApproval, PolicyStatus, TrustScope } from '../../shared/contract/policy';
import type { Decision, Mode, PolicyAction } from '../../shared/policy/actions';
import { decide } from '../../shared/policy/decide';
import { checkGuardrails, type GuardrailHit } from '../../shared/policy/guardrails';
import { parseTrustRules, type RuleScope, type TrustRule } from '../../shared/policy/trust-rules';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import { AuditLog } from '../audit/audit-log';
import { userSettingsFile, workspaceSettingsFile } from '../settings/settings-service';
import type { Workspace } from '../workspace/workspace';
import { actionSummary, approvalView } from './approval-view';
import { GUARDRAILS_REL, GuardrailsSource } from './guardrails-source';
import { loadShellParser, type ShellParser } from './shell-parser';
import { addRuleToFile, readScopedRules, type ScopedPatterns } from './trust-store';

/** Who is asking: the agent, a hook, an MCP bridge, the spec runner. */
export interface GateMeta {
  sessionId: string;
  /** Unique per tool call; the approval (and `recordResult`) are keyed by it. */
  toolCallId: string;
  /** e.g. `agent`, `hook:lint-on-save`, `spec-runner`. */
  actor: string;
  /** Cancels a pending approval (the turn was stopped); the gate then rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface GateResult {
  allowed: boolean;
  decision: Decision;
  /** Who let it through or stopped it. Absent for a guardrail deny (the policy itself refused). */
  approval?: { by: 'person' | 'rule' | 'autopilot' | 'policy'; answer?: ApprovalAnswer; trustAdded?: string };
}

export interface ToolResult {
  ok: boolean;
  /** Short description: exit code, bytes written, the error. */
  summary?: string;
  exitCode?: number;
  error?: string;
}

interface Pending {
  approval: PendingApproval;
  action: PolicyAction;
  meta: GateMeta;
  resolve: (r: GateResult) => void;
  reject: (e: unknown) => void;
  cleanup: () => void;
}

/** `Workspace.dataDir` is `<app data>/workspaces/<id>`; user settings live at the top. */
const appDataDirOf = (ws: Workspace) => path.resolve(ws.dataDir, '..', '..');

/** The workspace's policy service: `getPolicy(ws).gate(action, meta)` before every tool call. */
export function getPolicy(ws: Workspace): PolicyService {
  return ws.service('policy', (w) => new PolicyService(w));
}

/**
 * The policy of one workspace: trust rules (user + workspace settings), guardrails
 * (`.kiro/kiro.json`, reloaded on change), the Autopilot switch, pending approvals and the
 * audit log. `gate` is the one entry point for anything that acts.
 */
export class PolicyService {
  readonly statusChanges = new Emitter<PolicyStatus>();
  readonly approvalsChanged = new Emitter<PendingApproval[]>();
  readonly audit: AuditLog;
  private readonly guardrails: GuardrailsSource;
  private rules: ScopedPatterns = { patterns: [], problems: [] };
  private rulesLoaded: Promise<void> = Promise.resolve();
  private parsedRules: { rules: TrustRule[]; problems: { pattern: string; scope: RuleScope; message: string }[] } = { rules: [], problems: [] };
  private readonly pendingById = new Map<string, Pending>();
  private readonly ready: Promise<void>;
  private readonly offs: (() => void)[] = [];
  private disposed = false;

  constructor(
    private readonly ws: Workspace,
    private readonly options: { appDataDir?: string; parser?: () => Promise<ShellParser> } = {},
  ) {
    this.audit = new AuditLog(ws.dataDir);
    this.guardrails = new GuardrailsSource(ws.root);
    const settingsRel = '.kiro/settings/specwright.json';
    const onChange = (changes: { path: string }[]) => {
      if (changes.some((c) => c.path === GUARDRAILS_REL || c.path === '.kiro' || c.path === '.kiro/kiro.json')) void this.reloadGuardrails();
      if (changes.some((c) => c.path === settingsRel)) void this.reloadRules();
    };
    this.offs.push(ws.watcher.changes.on(onChange));
    this.offs.push(ws.files.writes.on((w) => onChange([w])));
    this.offs.push(ws.settings.changes.on(() => void this.reloadRules()));
    this.ready = Promise.all([this.reloadRules(), this.reloadGuardrails(true)]).then(() => undefined);
  }

  /** Autopilot or Supervised, as the status-bar switch says right now. */
  get mode(): Mode {
    return this.ws.uiState.autopilot ? 'autopilot' : 'supervised';
  }

  private get userSettings() {
    return userSettingsFile(this.options.appDataDir ?? appDataDirOf(this.ws));
  }

  reloadRules(): Promise<void> {
    // Chained, so that reloads finish in the order the changes came, and so that a decision
    // asked for right after a settings change waits for the rules that change brought.
    this.rulesLoaded = this.rulesLoaded
      .catch(() => {})
      .then(async () => {
        this.rules = await readScopedRules([
          { scope: 'user', file: this.userSettings },
          { scope: 'workspace', file: workspaceSettingsFile(this.ws.root) },
        ]);
        this.parsedRules = parseTrustRules(this.rules.patterns);
        this.emitStatus();
      });
    return this.rulesLoaded;
  }

  private async reloadGuardrails(initial = false): Promise<void> {
    const before = JSON.stringify(this.guardrails.current);
    const state = await this.guardrails.reload();
    if (!initial && JSON.stringify(state) !== before) {
      await this.audit.append({
        type: 'guardrails',
        summary: state.intact ? `${GUARDRAILS_REL} loaded` : `${GUARDRAILS_REL} has errors`,
        data: { intact: state.intact, diagnostics: state.diagnostics, rules: state.rules },
      });
    }
    this.emitStatus();
  }

  async status(): Promise<PolicyStatus> {
    await this.ready;
    await this.rulesLoaded;
    return this.buildStatus();
  }

  private buildStatus(): PolicyStatus {
    const g = this.guardrails.current;
    return {
      mode: this.mode,
      trustRules: this.parsedRules.rules.map((r) => ({ pattern: r.pattern, scope: r.scope })),
      diagnostics: [
        ...this.rules.problems.map((p) => ({ severity: 'error' as const, source: `${p.scope} settings`, message: p.message })),
        ...this.parsedRules.problems.map((p) => ({ severity: 'error' as const, source: `${p.scope} trust rule "${p.pattern}"`, message: p.message })),
        ...(this.parsedRules.rules.some((r) => r.rest && r.words.length === 0)
          ? [{ severity: 'warning' as const, source: 'trust rules', message: 'The "*" rule trusts every command. Structure checks, guardrails and high-risk checks still apply, but any other command runs without asking.' }]
          : []),
        ...g.diagnostics.map((d) => ({ severity: d.severity, source: GUARDRAILS_REL, message: d.message })),
      ],
      guardrails: { file: GUARDRAILS_REL, exists: this.guardrails.exists, intact: g.intact, deny: g.rules.deny, requireApproval: g.rules.requireApproval },
      pending: this.pendingById.size,
    };
  }

  private emitStatus() {
    if (this.disposed) return;
    this.statusChanges.emit(this.buildStatus());
  }

  /** Decides without waiting or recording: previews, `policy check`, the spec runner's pre-checks. */
  async evaluate(action: PolicyAction, options: { trust?: string[]; mode?: Mode } = {}): Promise<Decision> {
    await this.ready;
    await this.rulesLoaded;
    const trustRules = options.trust ? parseTrustRules(options.trust.map((pattern) => ({ pattern, scope: 'cli' as const }))).rules : this.parsedRules.rules;
    const parser = await (this.options.parser ?? loadShellParser)();
    const parsed = action.kind === 'command' ? await parser.parse(action.command) : undefined;
    return decide(action, {
      mode: options.mode ?? this.mode,
      workspaceRoot: this.ws.root,
      trustRules,
      guardrails: this.guardrails.current,
      ...(parsed ? { parsed } : {}),
    });
  }

  /**
   * The workspace guardrails against a piece of text and the files it would touch, for
   * spec generation and task execution: a `deny` hit must refuse the document or the task
   * (with `hit.rule` in the message), an `ask` hit needs a person.
   */
  async checkGuardrails(subject: { text?: string; files?: string[]; actions?: string[]; resources?: string[] }): Promise<{ hits: GuardrailHit[]; intact: boolean }> {
    await this.ready;
    await this.rulesLoaded;
    const state = this.guardrails.current;
    const hits = checkGuardrails(state.rules, { actions: subject.actions ?? [], resources: subject.resources ?? [], texts: subject.text ? [subject.text] : [], files: subject.files ?? [] });
    return { hits, intact: state.intact };
  }

  /**
   * Call before every tool call. Decides; on `ask` shows the approval and waits for the
   * person's answer (no polling: a promise resolved by `respond`); audits the proposal,
   * the decision and who decided. Follow up with `recordResult(toolCallId, …)`.
   */
  async gate(action: PolicyAction, meta: GateMeta): Promise<GateResult> {
    if (this.disposed) throw new RpcError('NO_WORKSPACE', 'The workspace was closed.');
    if (this.pendingById.has(meta.toolCallId)) throw new RpcError('CONFLICT', `Tool call ${meta.toolCallId} is already waiting for approval.`);
    meta.signal?.throwIfAborted();
    const decision = await this.evaluate(action);
    const base = { sessionId: meta.sessionId, toolCallId: meta.toolCallId, actor: meta.actor };
    const summary = actionSummary(action);
    await this.audit.append({ ...base, type: 'proposal', summary, data: { action: auditAction(action), mode: decision.mode } });
    await this.audit.append({
      ...base,
      type: 'decision',
      summary: `${decision.verdict}: ${summary}`,
      data: { verdict: decision.verdict, reasons: decision.reasons, rule: decision.rule ?? null, risk: decision.risk, mode: decision.mode, by: 'policy' },
    });
    if (decision.verdict === 'deny') return { allowed: false, decision };
    if (decision.verdict === 'allow') {
      const by = decision.rule === 'autopilot' ? 'autopilot' : action.kind === 'command' || decision.rule === 'mcp-autoApprove' ? 'rule' : 'policy';
      return { allowed: true, decision, approval: { by } };
    }
    return this.waitForPerson(action, meta, decision);
  }

  private async waitForPerson(action: PolicyAction, meta: GateMeta, decision: Decision): Promise<GateResult> {
    const before = action.kind === 'delete' ? await readFile(path.join(this.ws.root, action.path), 'utf8').catch(() => null) : undefined;
    const approval: PendingApproval = {
      id: meta.toolCallId,
      sessionId: meta.sessionId,
      actor: meta.actor,
      createdAt: Date.now(),
      mode: decision.mode,
      kind: action.kind,
      decision,
      view: approvalView(action, before),
    };
    return new Promise<GateResult>((resolve, reject) => {
      const onAbort = () => {
        this.settle(meta.toolCallId);
        void this.audit
          .append({ sessionId: meta.sessionId, toolCallId: meta.toolCallId, actor: meta.actor, type: 'approval', summary: `cancelled: ${actionSummary(action)}`, data: { answer: 'cancelled', by: 'agent' } })
          .finally(() => reject(meta.signal?.reason ?? new DOMException('The approval was cancelled.', 'AbortError')));
      };
      meta.signal?.addEventListener('abort', onAbort, { once: true });
      this.pendingById.set(meta.toolCallId, {
        approval,
        action,
        meta,
        resolve,
        reject,
        cleanup: () => meta.signal?.removeEventListener('abort', onAbort),
      });
      this.emitApprovals();
    });
  }

  private settle(id: string): Pending | undefined {
    const p = this.pendingById.get(id);
    if (!p) return undefined;
    this.pendingById.delete(id);
    p.cleanup();
    this.emitApprovals();
    return p;
  }

  private emitApprovals() {
    this.approvalsChanged.emit(this.pending());
    this.emitStatus();
  }

  pending(): PendingApproval[] {
    return [...this.pendingById.values()].map((p) => p.approval).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The person's answer, from the approval prompt. */
  async respond(id: string, answer: ApprovalAnswer, trust?: { rule: string; scope: TrustScope }, by = 'person'): Promise<{ trustAdded: string | null }> {
    const p = this.pendingById.get(id);
    if (!p) throw new RpcError('NOT_FOUND', 'This approval is no longer pending (it was answered or cancelled).');
    let trustAdded: string | null = null;
    if (answer === 'runAndTrust') {
      if (p.action.kind !== 'command') throw new RpcError('BAD_REQUEST', 'Run and trust applies to commands only.');
      const suggestions = p.approval.decision.command?.suggestions ?? [];
      const rule = trust?.rule ?? suggestions[0];
      if (!rule) throw new RpcError('BAD_REQUEST', 'This command cannot be trusted by a rule (its structure always needs a person); approve it once instead.');
      if (!suggestions.includes(rule)) throw new RpcError('BAD_REQUEST', `'${rule}' is not one of the rules offered for this command (${suggestions.join(', ')}).`);
      await this.addTrustRule(rule, trust?.scope ?? 'workspace', { sessionId: p.meta.sessionId, toolCallId: id });
      trustAdded = rule;
    }
    this.settle(id);
    const allowed = answer !== 'reject';
    await this.audit.append({
      sessionId: p.meta.sessionId,
      toolCallId: id,
      actor: p.meta.actor,
      type: 'approval',
      summary: `${allowed ? 'approved' : 'rejected'} by ${by}: ${actionSummary(p.action)}`,
      data: { answer, by, mode: p.approval.mode, ...(trustAdded ? { trustAdded, scope: trust?.scope ?? 'workspace' } : {}) },
    });
    p.resolve({ allowed, decision: p.approval.decision, approval: { by: 'person', answer, ...(trustAdded ? { trustAdded } : {}) } });
    return { trustAdded };
  }

  /** Adds a trust rule to the workspace's or the user's settings file, keeping the rest of the file. */
  async addTrustRule(rule: string, scope: TrustScope, ids: { sessionId?: string; toolCallId?: string } = {}): Promise<void> {
    const parsed = parseTrustRules([{ pattern: rule, scope }]);
    if (parsed.problems.length) throw new RpcError('BAD_REQUEST', parsed.problems[0]!.message);
    if (scope === 'workspace') {
      const rel = '.kiro/settings/specwright.json';
      await addRuleToFile(path.join(this.ws.root, rel), rule, async (text) => {
        await this.ws.files.write(rel, text, 'utf8');
      });
    } else {
      await addRuleToFile(this.userSettings, rule);
    }
    this.ws.settings.reload();
    await this.reloadRules();
    await this.audit.append({ ...ids, type: 'trust', summary: `trust rule added (${scope}): ${rule}`, data: { rule, scope } });
  }

  /** After the tool ran (or failed): completes the audit trail of that call. */
  async recordResult(toolCallId: string, result: ToolResult, meta: { sessionId?: string; actor?: string } = {}): Promise<void> {
    await this.audit.append({
      ...meta,
      toolCallId,
      type: 'result',
      summary: `${result.ok ? 'ok' : 'failed'}${result.summary ? `: ${result.summary}` : ''}`,
      data: { ok: result.ok, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), ...(result.error ? { error: result.error.slice(0, 4000) } : {}), ...(result.summary ? { summary: result.summary.slice(0, 4000) } : {}) },
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const off of this.offs) off();
    for (const id of [...this.pendingById.keys()]) {
      const p = this.settle(id);
      if (!p) continue;
      void this.audit.append({ sessionId: p.meta.sessionId, toolCallId: id, actor: p.meta.actor, type: 'approval', summary: `rejected: the workspace was closed: ${actionSummary(p.action)}`, data: { answer: 'reject', by: 'policy' } });
      p.resolve({ allowed: false, decision: p.approval.decision, approval: { by: 'policy', answer: 'reject' } });
    }
    await this.audit.flush();
  }
}

/** The action as recorded: file contents are summarised, not copied. */
function auditAction(action: PolicyAction): Record<string, unknown> {
  if (action.kind !== 'write') return { ...action };
  const view = approvalView(action);
  return {
    kind: 'write',
    path: action.path,
    added: view.file?.added ?? 0,
    removed: view.file?.removed ?? 0,
    patch: (view.file?.patch ?? '').slice(0, 20_000),
  };
}
