import type { PolicyService } from '../policy/policy-service';
import type { ToolGate } from './ports';

/**
 * The policy service (issue 4) as the loop's gate: its decision (allow / ask a person /
 * deny, with reasons), the approval wait, and its audit log — proposal, decision, who
 * approved, and the result the loop reports after running the call.
 */
export function policyGate(policy: PolicyService): ToolGate {
  return {
    gate: (action, meta) => policy.gate(action, meta),
    recordResult: (toolCallId, result, meta) => policy.recordResult(toolCallId, result, meta),
    onPending: (listener) => policy.approvalsChanged.on((pending) => listener(pending.map((p) => p.id))),
  };
}
