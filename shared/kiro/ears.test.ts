import { describe, expect, it } from 'vitest';
import { toMarkerData } from './diagnostics';
import { classifyEars, lintEars } from './ears';
import { LineIndex } from './text';

describe('classifyEars', () => {
  it.each([
    ['THE Parser SHALL accept CRLF files', 'ubiquitous'],
    ['WHEN the user saves, THE Editor SHALL write the file', 'event'],
    ['WHEN the ActivitiesView loads THEN the system SHALL display activities', 'event'],
    ['WHILE a task runs, THE Runner SHALL show a spinner', 'state'],
    ['IF the disk is full, THEN THE Editor SHALL keep the buffer', 'unwanted'],
    ['WHERE dark mode is enabled, THE UI SHALL use dark colours', 'optional'],
    ['WHILE offline, WHEN the user saves, THE App SHALL queue the write', 'complex'],
    ['IF the token expired THEN WHEN the user clicks THE App SHALL re-authenticate', 'complex'],
    ['The system shows a list', 'not-ears'],
    ['WHEN `WHERE id = 1` runs, THE DB SHALL return one row', 'event'],
    ['WHEN ユーザーがログインする THEN システム SHALL トークンを発行する', 'event'],
    ['WHERE スペクトラムバーが表示される THE 豚饅マップシステム SHALL ラベルを表示する', 'optional'],
  ])('%s → %s', (text, pattern) => {
    expect(classifyEars(text).pattern).toBe(pattern);
  });

  it('notes SHALL NOT, lower-case keywords and translated obligations', () => {
    expect(classifyEars('THE App SHALL NOT send data').negative).toBe(true);
    expect(classifyEars('When the user clicks, the system shall open it')).toMatchObject({ pattern: 'event', lowercase: true });
    expect(classifyEars('當使用者訪問首頁時，系統應該顯示主視覺')).toMatchObject({ pattern: 'event', localized: true });
    expect(classifyEars('WHEN kimlik doğrulama incelendiğinde THEN sistem ayarları doğrulamalıdır')).toMatchObject({ pattern: 'event', localized: true });
    expect(classifyEars('如果密碼錯誤，系統應該拒絕請求')).toMatchObject({ pattern: 'unwanted', localized: true });
  });
});

describe('lintEars', () => {
  const lint = (text: string, expect_ = { expectShall: true }) => {
    const body = `1. ${text}`;
    return lintEars(text, 3, new LineIndex(body), classifyEars(text), expect_, '1.1');
  };

  it('says when SHALL is missing, pointing at the criterion', () => {
    const [d] = lint('The system shows a list of tasks');
    expect(d).toMatchObject({ severity: 'warning', code: 'ears.missing-shall', line: 1, column: 4, endColumn: 36 });
  });

  it('does not ask a defect description for SHALL', () => {
    expect(lint('WHEN a token expires THEN the system loops', { expectShall: false })).toEqual([]);
  });

  it('finds two behaviours in one criterion', () => {
    const text = 'THE App SHALL save the file and SHALL notify the user';
    const ds = lint(text);
    const d = ds.find((x) => x.code === 'ears.two-behaviours')!;
    expect(d.column).toBe(3 + text.indexOf('SHALL notify') + 1);
    expect(lint('THE App SHALL list filters, and WHEN one is chosen, THE App SHALL filter').some((x) => x.code === 'ears.two-behaviours')).toBe(true);
    expect(lint('WHEN a user saves, THE App SHALL write the file').some((x) => x.code === 'ears.two-behaviours')).toBe(false);
  });

  it('marks vague words with their exact range, as Monaco markers', () => {
    const text = 'THE App SHALL respond fast and be user-friendly, etc.';
    const vague = lint(text).filter((d) => d.code === 'ears.vague-term');
    expect(vague.map((d) => text.slice(d.column - 4, d.endColumn - 4))).toEqual(['fast', 'user-friendly', 'etc.']);
    expect(toMarkerData(vague[0]!)).toEqual({
      severity: 2,
      message: vague[0]!.message,
      code: 'ears.vague-term',
      source: 'specwright',
      startLineNumber: 1,
      startColumn: 4 + text.indexOf('fast'),
      endLineNumber: 1,
      endColumn: 4 + text.indexOf('fast') + 4,
    });
  });

  it('offers a quick fix for lower-case keywords', () => {
    const ds = lint('WHEN a user saves, THE App shall write the file').filter((d) => d.code === 'ears.lowercase-keyword');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.fix!.edits).toEqual([{ offset: 3 + 'WHEN a user saves, THE App '.length, length: 5, text: 'SHALL' }]);
  });

  it('is gentle: nothing it reports is an error', () => {
    const all = [lint('the thing is fast and easy etc.'), lint('IF x THE App SHALL y and SHALL z quickly'), lint('When a, the b shall c')].flat();
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((d) => d.severity !== 'error')).toBe(true);
  });
});
