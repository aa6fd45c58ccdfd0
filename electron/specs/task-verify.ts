// The command that proves a task is done: named in the task itself —
//   - [ ] 2.1 Hash passwords
//     - _Verify: `npm test -- auth`_
// — or, for tasks that name none, `specs.verifyCommand` in settings.

import type { Task } from '../../shared/kiro/tasks';

const VERIFY_LINE = /^(?:[-*+]\s+)?[_*]{0,2}\s*(?:verify|verification|verified by|test command|check)\s*[_*]{0,2}\s*[:：]\s*(.+)$/i;

/** The verification command a task names in its detail lines, or null. */
export function taskVerifyCommand(task: Pick<Task, 'details'>): string | null {
  for (const d of task.details) {
    const m = VERIFY_LINE.exec(d.text.trim());
    if (!m) continue;
    let value = m[1]!.trim().replace(/[_*]{1,2}$/, '').trim();
    const code = /`([^`]+)`/.exec(value);
    if (code) value = code[1]!.trim();
    if (value) return value;
  }
  return null;
}
