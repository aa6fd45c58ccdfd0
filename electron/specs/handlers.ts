import type { specsContract } from '../../shared/contract/specs';
import { NewSpec } from '../../shared/contract/specs';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Handlers } from '../rpc/router';
import { effectiveConcurrency } from '../../shared/settings/specs';
import { detailOf } from './card';
import { specsFor } from './service';

// The only way a phase moves: a person's call from the renderer (`specs.approve`,
// `specs.reopen`). Generation and task runs are started here and report through the cards.

export function specsHandlers(host: HostContext): Handlers<typeof specsContract> {
  const feature = (connection: Parameters<typeof requireWorkspace>[0]) => specsFor(requireWorkspace(connection), host);
  /** A background job's failure after the call returned: shown on the card, never lost. */
  const report = (f: ReturnType<typeof feature>, spec: string, kind: 'generation' | 'task', p: Promise<unknown>) =>
    void p.catch((e: Error) => f.store.setProblem(spec, { kind, message: e.message, rule: null, at: Date.now() }));

  return {
    'specs.list': async (_i, { connection }) => {
      const f = feature(connection);
      return { cards: await f.store.cards(), agent: f.agentState() };
    },
    'specs.get': async ({ spec }, { connection }) => {
      const f = feature(connection);
      const e = await f.store.fresh(spec);
      const card = await f.store.card(spec);
      const s = requireWorkspace(connection).settings.settings.specs;
      return detailOf(e, card, f.runner.lastRunsOf(e), f.runner.blockedReason(card), { default: effectiveConcurrency(s), max: s.maxConcurrency });
    },
    'specs.create': async (input, { connection }) => {
      const f = feature(connection);
      const req = NewSpec.parse(input);
      const card = await f.store.create({ name: req.name, kind: req.kind, workflow: req.workflow, description: req.description, quick: req.quick, owner: req.owner });
      if (req.generate && f.agentState().available) {
        const started = await f.generator.start(card.id, { quick: req.quick });
        report(f, card.id, 'generation', started.finished);
        return f.store.card(card.id);
      }
      return card;
    },
    'specs.approve': async ({ spec, phase, generateNext }, { connection }) => {
      const f = feature(connection);
      const { card, generation } = await f.approve(spec, phase, generateNext);
      if (generation) report(f, spec, 'generation', generation);
      return generation ? f.store.card(spec) : card;
    },
    'specs.reopen': async ({ spec, phase }, { connection }) => {
      const f = feature(connection);
      if (f.generator.isRunning(spec)) await f.generator.stop(spec);
      return f.store.reopen(spec, phase);
    },
    'specs.generate': async ({ spec, instructions }, { connection }) => {
      const f = feature(connection);
      const started = await f.generator.start(spec, { comments: instructions });
      report(f, spec, 'generation', started.finished);
      return f.store.card(spec);
    },
    'specs.stop': async ({ spec }, { connection }) => {
      const f = feature(connection);
      const a = await f.generator.stop(spec);
      const b = await f.runner.stop(spec);
      return { stopped: a || b };
    },
    'specs.startTask': async ({ spec, task }, { connection }) => {
      const f = feature(connection);
      const { sessionId, finished } = await f.runner.startTask(spec, task);
      report(f, spec, 'task', finished);
      return { sessionId };
    },
    'specs.runAll': async ({ spec, concurrency }, { connection }) => {
      const f = feature(connection);
      const r = await f.runner.runAll(spec, concurrency);
      report(f, spec, 'task', r.finished);
      return { tasks: r.tasks, waves: r.waves, concurrency: r.concurrency };
    },
    'specs.changed': (_i, emit, { connection }) => {
      const f = feature(connection);
      void f.store.ready();
      return f.store.changed.on(emit);
    },
  };
}
