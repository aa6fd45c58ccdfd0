import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FALLBACK_SHELL = '/bin/sh';

export interface ShellChoice {
  file: string;
  args: string[];
  /** Why the configured shell is not the one used, for the person to read. */
  notice: string | null;
}

/** Why `file` cannot be run, or null when it can. Bare names are looked up on PATH. */
export function whyNotRunnable(file: string, envPath = process.env.PATH ?? ''): string | null {
  const candidates = file.includes('/') ? [file] : envPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, file));
  if (!file.includes('/') && candidates.length === 0) return 'PATH is empty';
  let last = 'no such file';
  for (const candidate of candidates) {
    try {
      const info = statSync(candidate);
      if (info.isDirectory()) {
        last = 'it is a folder';
        continue;
      }
      accessSync(candidate, constants.X_OK);
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      last = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'it is not executable (permission denied)' : (e as Error).message;
    }
  }
  return file.includes('/') ? last : `not found on PATH`;
}

/** The person's login shell: $SHELL, else the account's shell, else /bin/sh. */
export function loginShell(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHELL) return env.SHELL;
  try {
    const shell = os.userInfo().shell;
    if (shell) return shell;
  } catch {
    // No passwd entry (some containers).
  }
  return FALLBACK_SHELL;
}

/**
 * The shell for a new terminal: the `terminal.shell` setting, or the login shell; one
 * that cannot run is replaced by /bin/sh with a notice that says why.
 */
export function chooseShell(setting: string, args: string[], env: NodeJS.ProcessEnv = process.env): ShellChoice {
  const configured = setting.trim();
  const file = configured || loginShell(env);
  const problem = whyNotRunnable(file, env.PATH);
  if (!problem) return { file, args, notice: null };
  const source = configured ? `the shell '${file}' set in terminal.shell` : `the login shell '${file}'`;
  return { file: FALLBACK_SHELL, args: [], notice: `Specwright could not start ${source}: ${problem}. This terminal runs ${FALLBACK_SHELL} instead.` };
}
