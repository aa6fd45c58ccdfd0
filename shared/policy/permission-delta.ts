/**
 * The permission delta of a JSON policy document (IAM identity policy, S3 bucket policy,
 * role trust policy): which actions, resources and principals a change adds or removes,
 * per effect, with wildcards flagged. A person approving "a small edit to policy.json"
 * should see that it grants `s3:*` on `*`.
 */

export interface PermissionDelta {
  /** Allow grants added / removed, as `Effect action on resource` lines. */
  added: PermissionGrant[];
  removed: PermissionGrant[];
  /** Wildcard entries among the added grants, in words. */
  wildcards: string[];
}

export interface PermissionGrant {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  principals: string[];
  /** `NotAction`/`NotResource`: everything except the listed items. */
  negated: boolean;
}

type Json = Record<string, unknown>;
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function principals(v: unknown): string[] {
  if (v === '*') return ['*'];
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v as Json).flatMap(([kind, ids]) => asList(ids).map((id) => `${kind}:${id}`));
  }
  return asList(v);
}

/** The statements of a policy document, or null when the text is not one. */
export function policyStatements(text: string | null): PermissionGrant[] | null {
  if (text === null || !/"(Statement|statement)"/.test(text)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  // Bare policies, and the shapes CloudFormation/Terraform-JSON wrap them in.
  const find = (v: unknown, depth: number): Json | null => {
    if (!v || typeof v !== 'object' || depth > 6) return null;
    if (!Array.isArray(v) && 'Statement' in (v as Json)) return v as Json;
    for (const child of Object.values(v as Json)) {
      const found = find(child, depth + 1);
      if (found) return found;
    }
    return null;
  };
  const policy = find(doc, 0);
  if (!policy) return null;
  const raw = policy.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Json => !!s && typeof s === 'object');
  return statements.map((s) => ({
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: asList(s.Action ?? s.NotAction),
    resources: asList(s.Resource ?? s.NotResource),
    principals: principals(s.Principal ?? s.NotPrincipal),
    negated: 'NotAction' in s || 'NotResource' in s || 'NotPrincipal' in s,
  }));
}

/** Flattens statements to single (effect, action, resource, principal) grants for comparison. */
function atoms(statements: PermissionGrant[]): Map<string, PermissionGrant> {
  const out = new Map<string, PermissionGrant>();
  for (const s of statements) {
    const actions = s.actions.length ? s.actions : ['(none)'];
    const resources = s.resources.length ? s.resources : ['(any)'];
    const prins = s.principals.length ? s.principals : [''];
    for (const a of actions) for (const r of resources) for (const p of prins) {
      const g: PermissionGrant = { effect: s.effect, actions: [a], resources: [r], principals: p ? [p] : [], negated: s.negated };
      out.set(JSON.stringify([s.effect, s.negated, a, r, p]), g);
    }
  }
  return out;
}

/** The delta between two versions of a file, or null when neither is a policy document. */
export function permissionDelta(before: string | null, after: string | null): PermissionDelta | null {
  const old = policyStatements(before);
  const next = policyStatements(after);
  if (!old && !next) return null;
  const a = atoms(old ?? []);
  const b = atoms(next ?? []);
  const added = [...b].filter(([k]) => !a.has(k)).map(([, g]) => g);
  const removed = [...a].filter(([k]) => !b.has(k)).map(([, g]) => g);
  const wildcards: string[] = [];
  for (const g of added) {
    if (g.effect !== 'Allow') continue;
    for (const x of g.actions) if (x.includes('*')) wildcards.push(`action ${x}`);
    for (const x of g.resources) if (x.includes('*')) wildcards.push(`resource ${x}`);
    for (const x of g.principals) if (x.includes('*')) wildcards.push(`principal ${x}`);
    if (g.negated) wildcards.push(`NotAction/NotResource (everything except ${[...g.actions, ...g.resources].join(', ')})`);
  }
  return { added, removed, wildcards: [...new Set(wildcards)] };
}
