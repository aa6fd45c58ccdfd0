// The dispatcher as the agent's hooks: prompt submit and session start before a request,
// pre/post tool use around each tool call, agent stop after a request.

import type { AgentHooks, GateAction } from '../agent/ports';
import type { HookDispatcher, HookOutcome, ToolInfo } from './dispatcher';

/** How hook output is put before the model: tagged, so it knows where the text came from. */
export const hookContext = (outcome: HookOutcome, trigger: string): string[] =>
  outcome.context.map((c) => `<hook name=${JSON.stringify(c.hook)} trigger="${trigger}">\n${c.text}\n</hook>`);

/** The files a tool call is about (for `HOOK_FILES` and the tool's `spec` category). */
export function actionPaths(action: GateAction): string[] {
  return action.kind === 'read' || action.kind === 'write' || action.kind === 'delete' ? [action.path] : [];
}

export function toolInfo(tool: { name: string; category: string }, action: GateAction): ToolInfo {
  const paths = actionPaths(action);
  const spec = paths.some((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').startsWith('.kiro/specs/'));
  return { name: tool.name, category: tool.category, ...(spec ? { also: ['spec'] } : {}) };
}

export function agentHooks(dispatcher: HookDispatcher): AgentHooks {
  return {
    async beforeRequest(e) {
      const context: string[] = [];
      if (e.first) {
        const start = await dispatcher.dispatch({ trigger: 'sessionStart', sessionId: e.sessionId, prompt: e.prompt });
        context.push(...hookContext(start, 'sessionStart'));
      }
      const submit = await dispatcher.dispatch({ trigger: 'promptSubmit', sessionId: e.sessionId, prompt: e.prompt });
      if (submit.blocked) return { block: `The hook “${submit.blocked.hook}” (promptSubmit) blocked this message; it was not sent to the model: ${submit.blocked.message}` };
      context.push(...hookContext(submit, 'promptSubmit'));
      return { context };
    },
    async beforeTool(e) {
      const o = await dispatcher.dispatch({ trigger: 'preToolUse', sessionId: e.sessionId, tool: toolInfo(e.tool, e.action), input: e.input, paths: actionPaths(e.action) });
      if (o.blocked) return { block: `Blocked by the hook “${o.blocked.hook}” (preToolUse): this ${e.tool.name} call was not run.\n${o.blocked.message}` };
      return { context: hookContext(o, 'preToolUse') };
    },
    async afterTool(e) {
      const o = await dispatcher.dispatch({ trigger: 'postToolUse', sessionId: e.sessionId, tool: toolInfo(e.tool, e.action), input: e.input, paths: actionPaths(e.action), result: e.result });
      return { context: hookContext(o, 'postToolUse') };
    },
    afterRequest(e) {
      void dispatcher.dispatch({ trigger: 'agentStop', sessionId: e.sessionId, prompt: e.prompt, status: e.status, answer: e.answer });
    },
  };
}
