import type { SteeringPick } from '../ports';

export interface SystemPromptInput {
  workspaceName: string;
  root: string;
  platform: string;
  shell: string;
  steering: SteeringPick;
  /** Extra instructions from the caller (a spec task's brief, a hook's role). */
  extra?: string;
  now?: Date;
}

/**
 * The agent's standing instructions. Short on purpose: steering files carry the project's
 * own rules, and the tools' descriptions carry how to use them.
 */
export function systemPrompt(input: SystemPromptInput): string {
  const parts = [
    `You are the coding agent of Specwright, an IDE. You work in the workspace "${input.workspaceName}" (${input.root}) on ${input.platform}; commands run in ${input.shell}.`,
    [
      'How to work:',
      '- Look before you change: list folders, search, and read the files you will edit.',
      '- Change files with edit_file (exact replacement) or write_file; never ask the person to paste code into files.',
      '- Verify your work: run the project\'s build or tests with run_command when there are any, and fix what fails.',
      '- Every tool call is visible to the person, checked by their policy (some need their approval) and checkpointed, so they can revert it. A call that was denied or rejected must not be retried unchanged.',
      '- Paths are relative to the workspace root.',
      '- When you are done, say briefly what you changed and how you checked it. Use Markdown; put code in fenced blocks with a language.',
    ].join('\n'),
    `Today is ${(input.now ?? new Date()).toISOString().slice(0, 10)}.`,
  ];
  if (input.steering.included.length) {
    parts.push(
      [
        'Steering: the project\'s standing instructions. Follow them.',
        ...input.steering.included.map((s) => `<steering file="${s.file}" why="${s.why}">\n${s.content.trim()}\n</steering>`),
      ].join('\n\n'),
    );
  }
  if (input.extra) parts.push(input.extra);
  return parts.join('\n\n');
}

/** The compaction call's instructions. The fixture scripts match on "compacting". */
export const COMPACTION_SYSTEM =
  'You are compacting a coding conversation so that it fits the model\'s context window. Write a faithful summary that lets the work continue: the person\'s goals and requests, decisions made, files read and changed (with paths), commands run and their outcomes, errors still open, and what was about to happen next. Keep exact names, paths and numbers. Do not invent anything. Plain Markdown, no preamble.';

export const COMPACTION_REQUEST = 'Summarise the conversation above for the compaction, as instructed.';

/** Said to the model when the person asks to continue a cut or stopped answer. */
export const CONTINUE_PROMPT = 'Continue from where you stopped: your previous answer was cut off or interrupted. Do not repeat what you already wrote.';
