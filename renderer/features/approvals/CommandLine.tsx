import type { CommandFacts } from '../../../shared/policy/actions';

type Mark = 'trusted' | 'untrusted' | 'nested' | 'operator' | 'blocked' | 'plain';

/**
 * The exact command line, character for character, with the parsed structure drawn on
 * it: each command (trusted by a rule or not), the operators between them, and whatever
 * put the line outside what a rule may approve.
 */
export function CommandLine({ line, facts }: { line: string; facts: CommandFacts | undefined }) {
  const marks: Mark[] = Array.from({ length: line.length }, () => 'plain');
  const paint = (start: number, end: number, mark: Mark) => {
    for (let i = Math.max(0, start); i < Math.min(line.length, end); i++) marks[i] = mark;
  };
  for (const s of facts?.segments ?? []) paint(s.start, s.end, s.nested ? 'nested' : s.rule ? 'trusted' : 'untrusted');
  for (const o of facts?.operators ?? []) paint(o.start, o.end, 'operator');
  for (const b of facts?.blockers ?? []) if (b.end - b.start < line.length || facts?.segments.length === 0) paint(b.start, b.end, 'blocked');

  const runs: { mark: Mark; text: string; start: number }[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.mark === marks[i]) last.text += line[i];
    else runs.push({ mark: marks[i]!, text: line[i]!, start: i });
  }
  const titleOf = (start: number, mark: Mark) => {
    if (mark === 'blocked') return facts?.blockers.find((b) => b.start <= start && start < b.end)?.message;
    const seg = facts?.segments.find((s) => s.start <= start && start < s.end);
    if (mark === 'trusted') return `Trusted by '${seg?.rule}'`;
    if (mark === 'untrusted') return 'No trust rule matches this command';
    if (mark === 'nested') return 'Runs inside another structure; never trusted by a rule';
    return undefined;
  };
  return (
    <pre className="approval-command" aria-label="Command line">
      {runs.map((r, i) =>
        r.mark === 'plain' ? (
          <span key={i}>{r.text}</span>
        ) : (
          <span key={i} className={`cmd-${r.mark}`} title={titleOf(r.start, r.mark)}>
            {r.text}
          </span>
        ),
      )}
    </pre>
  );
}

export function CommandLegend() {
  return (
    <p className="approval-legend muted" aria-hidden="true">
      <span className="cmd-trusted">trusted</span> <span className="cmd-untrusted">no rule</span> <span className="cmd-operator">operator</span>{' '}
      <span className="cmd-blocked">needs a person</span>
    </p>
  );
}
