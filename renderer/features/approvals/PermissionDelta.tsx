import type { ApprovalView } from '../../../shared/contract/policy';

type Delta = NonNullable<NonNullable<ApprovalView['file']>['permissionDelta']>;
type Grant = Delta['added'][number];

const hasWildcard = (xs: string[]) => xs.some((x) => x.includes('*'));

function GrantRow({ g, sign }: { g: Grant; sign: '+' | '−' }) {
  const wild = g.effect === 'Allow' && (hasWildcard(g.actions) || hasWildcard(g.resources) || hasWildcard(g.principals) || g.negated);
  return (
    <li className={`grant grant-${sign === '+' ? 'added' : 'removed'}${wild && sign === '+' ? ' grant-wild' : ''}`}>
      <span className="grant-sign" aria-label={sign === '+' ? 'added' : 'removed'}>
        {sign}
      </span>{' '}
      <strong>{g.effect}</strong> {g.negated ? 'everything except ' : ''}
      <code>{g.actions.join(', ') || '(no action)'}</code> on <code>{g.resources.join(', ') || '(any resource)'}</code>
      {g.principals.length > 0 && (
        <>
          {' '}
          for <code>{g.principals.join(', ')}</code>
        </>
      )}
      {wild && sign === '+' && <span className="badge badge-high">wildcard</span>}
    </li>
  );
}

/** What a change to an IAM/bucket/trust policy grants and takes away. */
export function PermissionDelta({ delta }: { delta: Delta }) {
  return (
    <section className="permission-delta" aria-label="Permission changes">
      <h4>Permission changes</h4>
      {delta.wildcards.length > 0 && (
        <p className="approval-warning" role="note">
          Adds wildcard permissions: {delta.wildcards.join('; ')}
        </p>
      )}
      <ul>
        {delta.added.map((g, i) => (
          <GrantRow key={`a${i}`} g={g} sign="+" />
        ))}
        {delta.removed.map((g, i) => (
          <GrantRow key={`r${i}`} g={g} sign="−" />
        ))}
        {delta.added.length + delta.removed.length === 0 && <li className="muted">No permission changes.</li>}
      </ul>
    </section>
  );
}
