import type Git from 'isomorphic-git';

let loading: Promise<typeof Git> | null = null;

/**
 * isomorphic-git, loaded at its first use. With pako it is a fifth of the host's code;
 * the host starts without it and the first checkpoint (or git-diff context) brings it in.
 */
export function loadIsomorphicGit(): Promise<typeof Git> {
  loading ??= import('isomorphic-git').then((m) => m.default);
  return loading;
}
