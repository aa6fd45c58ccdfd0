import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from './launch-args';

describe('parseLaunchArgs', () => {
  it('reads the folder and --open files after the main script (unpackaged)', () => {
    expect(parseLaunchArgs(['/electron', 'dist/host/main.mjs', 'proj', '--open', 'src/a.ts'], false, '/home/me')).toEqual({
      folder: '/home/me/proj',
      openFiles: ['src/a.ts'],
    });
  });
  it('skips Chromium switches and reads a packaged app’s arguments', () => {
    expect(parseLaunchArgs(['/opt/Specwright/specwright', '--no-sandbox', '/abs/proj'], true, '/')).toEqual({ folder: '/abs/proj', openFiles: [] });
    expect(parseLaunchArgs(['/opt/Specwright/specwright'], true, '/')).toEqual({ folder: null, openFiles: [] });
  });
});
