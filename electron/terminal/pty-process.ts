import { readFileSync } from 'node:fs';
import os from 'node:os';
import { spawn, type IPty } from '@lydell/node-pty';
import { Emitter } from '../../shared/rpc/transport';

export interface PtySpawnOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface PtyExit {
  exitCode: number;
  /** Signal name when a signal ended it, e.g. 'SIGKILL'. */
  signal: string | null;
}

const signalName = (n: number | undefined): string | null => {
  if (!n) return null;
  const entry = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return entry ? entry[0] : `signal ${n}`;
};

/**
 * One program on a pseudo-terminal (node-pty). Adds what node-pty leaves to its caller:
 * named exit signals, killing the whole process group, and a pause that cannot lose the
 * program's last output.
 */
export class PtyProcess {
  readonly data = new Emitter<string>();
  readonly exit: Promise<PtyExit>;
  private readonly pty: IPty;
  private exited = false;
  private livenessTimer: ReturnType<typeof setInterval> | null = null;

  /** Throws when node-pty cannot start the program at all. */
  constructor(readonly options: PtySpawnOptions) {
    this.pty = spawn(options.file, options.args, {
      name: options.env.TERM ?? 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
      encoding: 'utf8',
    });
    this.pty.onData((d) => this.data.emit(d));
    this.exit = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.exited = true;
        this.stopLiveness();
        resolve({ exitCode, signal: signalName(signal) });
      });
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  get cols(): number {
    return this.pty.cols;
  }

  get rows(): number {
    return this.pty.rows;
  }

  write(data: string): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The pty closed between the check and the call; nothing to resize.
    }
  }

  /**
   * Stops reading, so the program blocks on a full pty instead of the host buffering.
   * node-pty destroys its socket 200 ms after the program exits, dropping whatever was
   * still unread — so while paused we watch the process, and read again the moment it is
   * gone, before that happens.
   */
  pause(): void {
    if (this.exited) return;
    this.pty.pause();
    this.livenessTimer ??= setInterval(() => {
      if (!isAlive(this.pty.pid)) {
        this.stopLiveness();
        this.pty.resume();
      }
    }, 40);
  }

  resume(): void {
    this.stopLiveness();
    if (!this.exited) this.pty.resume();
  }

  /** Sends a signal to the program (the shell, or the command). */
  signal(signal: NodeJS.Signals = 'SIGHUP'): void {
    if (this.exited) return;
    try {
      this.pty.kill(signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Kills everything in the terminal's foreground: the process group in the foreground of
   * the pty (Linux tells us through /proc) and the program's own group.
   */
  killTree(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exited) return;
    const groups = new Set<number>([this.pty.pid]);
    const fg = foregroundGroup(this.pty.pid);
    if (fg) groups.add(fg);
    for (const g of groups) {
      try {
        process.kill(-g, signal);
      } catch {
        // The group is already gone.
      }
    }
    this.signal(signal);
  }

  /** The process group in the pty's foreground (a running command), or null where unknown. */
  foregroundGroup(): number | null {
    return foregroundGroup(this.pty.pid);
  }

  private stopLiveness() {
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.livenessTimer = null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 8 of /proc/PID/stat is the foreground process group of the process's terminal. */
function foregroundGroup(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tpgid = Number(fields[5]);
    return tpgid > 0 ? tpgid : null;
  } catch {
    return null;
  }
}
