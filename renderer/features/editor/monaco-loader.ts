import type { Monaco } from './monaco';

let loading: Promise<Monaco> | null = null;

/** Monaco is the heaviest part of the page; start loading it as early as possible, once. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco').then((m) => {
    performance.mark('specwright:monaco-loaded'); // startup milestones, for the DevTools performance panel
    return m.monaco;
  });
  return loading;
}
