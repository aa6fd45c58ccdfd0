import { execFile } from 'node:child_process';
import os from 'node:os';

/**
 * Who approves, as teammates will read it in `.specwright.json`: git's `user.name` for the
 * workspace (what their commits say), else the account name.
 */
export function approverName(root: string): Promise<string> {
  return new Promise((resolve) => {
    const fallback = () => {
      try {
        resolve(os.userInfo().username || 'someone');
      } catch {
        resolve('someone');
      }
    };
    try {
      execFile('git', ['config', 'user.name'], { cwd: root, timeout: 3000, windowsHide: true }, (err, stdout) => {
        const name = String(stdout ?? '').trim();
        if (err || !name) fallback();
        else resolve(name);
      });
    } catch {
      fallback();
    }
  });
}
