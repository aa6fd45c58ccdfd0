import { describe, expect, it } from 'vitest';
import { findPaths } from './file-links';

describe('findPaths', () => {
  it('finds paths with line and column in the forms tools print', () => {
    expect(findPaths('src/app.ts:12:5 - error TS2322: Type')).toEqual([{ start: 0, end: 15, path: 'src/app.ts', line: 12, column: 5 }]);
    expect(findPaths('  at ./lib/x.js:7')).toEqual([{ start: 5, end: 17, path: './lib/x.js', line: 7 }]);
    expect(findPaths('main.c(31,4): warning')).toEqual([{ start: 0, end: 12, path: 'main.c', line: 31, column: 4 }]);
    expect(findPaths('see /abs/path/README.md and docs/guide')).toEqual([
      { start: 4, end: 23, path: '/abs/path/README.md' },
      { start: 28, end: 38, path: 'docs/guide' },
    ]);
  });

  it('leaves plain words, versions and URLs alone', () => {
    expect(findPaths('hello world 1.2.3 v20.1')).toEqual([]);
    expect(findPaths('open http://localhost:5173/index.html now')).toEqual([]);
  });
});
