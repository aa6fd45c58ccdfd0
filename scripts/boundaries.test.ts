import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Each boundary rule, fed a file that breaks it at the path where it would live: the
// lint must fail with the boundary's message. And the same imports where they are allowed pass.
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function messages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture boundaries (eslint.config.js)', () => {
  it.each([
    ['electron/workspace/example.ts', "import { app } from 'electron';\nexport const a = app;\n", /Only electron\/main.ts/],
    ['electron/agent/tools/example.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n", /Only electron\/main.ts/],
    ['renderer/features/example.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /renderer must not use Node/],
    ['renderer/features/example.ts', "import path from 'path';\nexport const a = path;\n", /renderer must not use Node/],
    ['renderer/features/example.ts', "import { createHost } from '../../electron/host/host';\nexport const a = createHost;\n", /only through the typed contract/],
    ['renderer/features/example.ts', "import { app } from 'electron';\nexport const a = app;\n", /Only electron\/main.ts/],
    ['shared/kiro/example.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n", /shared\/ must not use Node/],
    ['shared/kiro/example.ts', "import { api } from '../../renderer/api/client';\nexport const a = api;\n", /pure code/],
    ['electron/specs/example.ts', "import { api } from '../../renderer/api/client';\nexport const a = api;\n", /does not import renderer/],
  ])('%s: refuses %j', async (file, code, expected) => {
    const found = await messages(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(expected);
  });

  it.each([
    ['electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/preload.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
    ['electron/desktop/example.ts', "import { dialog } from 'electron';\nexport const a = dialog;\n"],
    ['electron/workspace/example.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['renderer/features/example.ts', "import { z } from 'zod';\nimport { contract } from '../../shared/contract';\nexport const a = [z, contract];\n"],
  ])('%s: allows its imports', async (file, code) => {
    expect(await messages(file, code)).toEqual([]);
  });
});
