/** Variables the host's own runtime sets that must not leak into the person's shells. */
const HOST_ONLY = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'ELECTRON_ENABLE_LOGGING', 'CHROME_DESKTOP'];

/**
 * The environment of a terminal: the person's own (the host's), what a terminal emulator
 * announces, then the settings' and the caller's additions, where null removes a variable.
 */
export function terminalEnvironment(
  base: NodeJS.ProcessEnv,
  ...overlays: (Record<string, string | null> | undefined)[]
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !HOST_ONLY.includes(k)) env[k] = v;
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'specwright';
  for (const overlay of overlays) {
    for (const [k, v] of Object.entries(overlay ?? {})) {
      if (v === null) delete env[k];
      else env[k] = v;
    }
  }
  return env;
}
