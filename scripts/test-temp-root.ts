import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Global setup for vitest and Playwright: every temporary folder a run makes (workspaces,
 * data folders, the shells and servers it starts) goes under one folder of its own, removed
 * when the run ends. Without it each run left thousands of folders in /tmp. Workers and the
 * processes they spawn inherit TMPDIR, which os.tmpdir() reads.
 */
export default function useOwnTempRoot(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-test-run-'));
  // Open to every user, sticky, like /tmp itself: some tests run a process as another user.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
