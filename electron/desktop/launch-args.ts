import path from 'node:path';

export interface LaunchArgs {
  folder: string | null;
  openFiles: string[];
}

/**
 * The folder and files named on a command line (`specwright DIR --open FILE`), from
 * Electron's argv: its own executable, then (unpackaged) the main script, then ours.
 */
export function parseLaunchArgs(argv: string[], packaged: boolean, cwd: string): LaunchArgs {
  const args = argv.slice(packaged ? 1 : 2).filter((a) => !a.startsWith('--') || a === '--open');
  const openFiles: string[] = [];
  let folder: string | null = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--open') {
      if (args[i + 1]) openFiles.push(args[++i]!);
    } else if (!folder && !args[i]!.startsWith('-')) {
      folder = path.resolve(cwd, args[i]!);
    }
  }
  return { folder, openFiles };
}
