/**
 * Facts about programs that the structure check needs: which ones run other commands,
 * which ones interpret code from their input, which environment variables change what a
 * program runs or loads. Kept as data so that each list can be reviewed on its own.
 */

/** Programs whose job is to run another command or script: never trusted by a rule. */
export const COMMAND_RUNNERS = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'busybox', 'pwsh', 'powershell', 'cmd', 'cmd.exe',
  'eval', 'source', '.', 'exec', 'command', 'builtin', 'xargs', 'env', 'sudo', 'doas', 'su', 'runuser', 'pkexec',
  'nohup', 'time', 'timeout', 'nice', 'ionice', 'chrt', 'taskset', 'stdbuf', 'setsid', 'chroot', 'unshare', 'nsenter',
  'strace', 'ltrace', 'gdb', 'watch', 'parallel', 'flock', 'script', 'expect', 'unbuffer', 'at', 'batch', 'crontab',
  'trap', 'alias', 'coproc', 'ssh',
]);

/**
 * Programs that run code they read from their input: a here-document, a here-string or a
 * pipe into one of them is a script, whatever trust rule names the program.
 */
export const INTERPRETERS = new Set([
  ...['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'pwsh', 'powershell'],
  ...['python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'luajit', 'tclsh', 'wish'],
  // Database shells too: psql's `\!` and sqlite3's `.shell` run shell commands.
  ...['Rscript', 'R', 'osascript', 'jshell', 'irb', 'ghci', 'sqlite3', 'psql', 'mysql', 'gdb'],
]);

/** `find` actions that run a command for each file. */
export const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/**
 * Variables that change which program runs or what it loads. An assignment to one of
 * them in front of a command (or on its own) makes the command ask.
 */
const DANGEROUS_ENV_EXACT = new Set([
  'PATH', 'BASH_ENV', 'ENV', 'IFS', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'PROMPT_COMMAND', 'CDPATH', 'GLOBIGNORE',
  'HOME', 'ZDOTDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'SHELL', 'EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'BROWSER',
  'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT',
  'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'RUBYLIB', 'RUBYOPT', 'CLASSPATH', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS',
  'SSH_ASKPASS', 'SUDO_ASKPASS', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH', 'LESSOPEN', 'LESSCLOSE', 'TMPDIR',
  'PREFIX', 'MAKEFLAGS', 'CC', 'CXX', 'LD', 'AR', 'CFLAGS', 'LDFLAGS', 'RUSTC_WRAPPER', 'RUSTFLAGS', 'GOFLAGS', 'CARGO_HOME', 'GOPATH',
]);
const DANGEROUS_ENV_PREFIX = ['LD_', 'DYLD_', 'GIT_', 'NPM_CONFIG_', 'npm_config_', 'YARN_', 'PNPM_', 'PIP_', 'BUNDLE_', 'GEM_', 'DOCKER_', 'KUBECONFIG', 'AWS_', 'PYTHON', 'BASH_FUNC_'];

export function isDangerousEnvName(name: string): boolean {
  if (DANGEROUS_ENV_EXACT.has(name)) return true;
  return DANGEROUS_ENV_PREFIX.some((p) => name.startsWith(p) || name.toUpperCase().startsWith(p.toUpperCase()));
}

/**
 * Programs that only read or print: a path argument to them (a protected path, a path
 * outside the workspace) is not a reason to ask.
 */
export const READ_ONLY_PROGRAMS = new Set([
  'ls', 'cat', 'head', 'tail', 'less', 'more', 'wc', 'stat', 'file', 'du', 'df', 'tree', 'echo', 'printf', 'pwd', 'grep', 'egrep', 'fgrep',
  'rg', 'ag', 'diff', 'cmp', 'which', 'whereis', 'type', 'realpath', 'dirname', 'basename', 'sort', 'uniq', 'cut', 'tr', 'nl', 'jq', 'yq',
  'sha256sum', 'sha1sum', 'md5sum', 'shasum', 'hexdump', 'xxd', 'od', 'strings', 'readlink', 'true', 'false', 'date', 'whoami', 'id', 'uname',
]);
