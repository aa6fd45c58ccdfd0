import { describe, expect, it } from 'vitest';
import { parseBugfix, replaceBugfixItemText } from './bugfix';
import { parseRequirements, replaceCriterionText } from './requirements';

const KIRO = `# Requirements Document

## Introduction

A thing.

## Requirements

### Requirement 1: Sign in

**User Story:** As a user, I want to sign in, so that I see my data.

#### Acceptance Criteria

1. WHEN the user submits valid credentials, THE Auth_Service SHALL issue a token
2. IF the password is wrong, THEN THE Auth_Service SHALL reject the request
3. THE Auth_Service SHALL store passwords hashed

### Requirement 2

**User Story:** As an admin, I want audit logs.

#### Acceptance Criteria

1. WHILE an audit is running, THE System SHALL keep writes
   on a second line
   - with a nested note
2. WHERE export is enabled, THE System SHALL offer CSV
`;

describe('parseRequirements', () => {
  it('reads requirements, user stories and criteria with N.M ids and lines', () => {
    const doc = parseRequirements(KIRO);
    expect(doc.title).toBe('Requirements Document');
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ['1', 'Sign in'],
      ['2', null],
    ]);
    expect(doc.requirements[0]!.userStory).toEqual({ label: 'User Story', text: 'As a user, I want to sign in, so that I see my data.', line: 11 });
    const ids = doc.requirements.flatMap((r) => r.criteria.map((c) => `${c.id}@${c.line}:${c.ears.pattern}`));
    expect(ids).toEqual(['1.1@15:event', '1.2@16:unwanted', '1.3@17:ubiquitous', '2.1@25:state', '2.2@28:optional']);
    const multi = doc.requirements[1]!.criteria[0]!;
    expect(multi.text).toBe('WHILE an audit is running, THE System SHALL keep writes\n   on a second line\n   - with a nested note');
    expect(multi.endLine).toBe(27);
    expect(doc.summary).toMatchObject({ requirements: 2, criteria: 5 });
    expect(doc.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it.each([
    ['Japanese', '### 要件1: ログイン機能\n**目的:** 利用者として、ログインしたい。\n\n#### 受入基準\n\n1. WHEN 利用者がログインする THEN システム SHALL トークンを発行する\n2. IF パスワードが誤っている THEN システム SHALL 拒否する\n'],
    ['Chinese', '### 需求 1：登入功能\n\n**使用者故事：** 作為一個使用者，我想要登入。\n\n#### 驗收標準\n\n1. 當使用者登入時，系統應該發行權杖\n2. 如果密碼錯誤，系統應該拒絕請求\n'],
    ['Korean', '### Requirement 1: 로그인\n\n**User Story:** 사용자로서 로그인하고 싶다.\n\n#### 인수 기준\n\n1. WHEN 사용자가 로그인하면, THE 시스템 SHALL 토큰을 발급한다\n2. THE 시스템 SHALL 비밀번호를 해시한다\n'],
    ['Arabic', '### المتطلب 1: تسجيل الدخول\n\n**قصة المستخدم:** بصفتي مستخدمًا أريد تسجيل الدخول.\n\n#### معايير القبول\n\n1. WHEN يسجل المستخدم الدخول THE النظام SHALL يصدر رمزًا\n2. IF كانت كلمة المرور خاطئة THEN THE النظام SHALL يرفض الطلب\n'],
    ['Turkish', '### Gereksinim 1: Giriş\n\n**Kullanıcı Hikayesi:** Bir kullanıcı olarak giriş yapmak istiyorum.\n\n#### Kabul Kriterleri\n\n1. WHEN kullanıcı giriş yaptığında THEN sistem belirteç vermelidir\n2. IF şifre yanlışsa THEN sistem isteği reddetmelidir\n'],
    ['an unknown language (structure only)', '### Krav 1: Innlogging\n\n**Historie:** Som bruker vil jeg logge inn.\n\n#### Akseptkriterier\n\n1. WHEN brukeren logger inn THEN systemet SHALL utstede et token\n2. WHEN passordet er feil THEN systemet SHALL avvise\n'],
  ])('parses %s headings without English labels', (_lang, section) => {
    const doc = parseRequirements(`# 文書\n\n## Requirements\n\n${section}`);
    expect(doc.requirements).toHaveLength(1);
    expect(doc.requirements[0]!.id).toBe('1');
    expect(doc.requirements[0]!.criteria.map((c) => c.id)).toEqual(['1.1', '1.2']);
    expect(doc.requirements[0]!.userStory).not.toBeNull();
    expect(doc.requirements[0]!.criteria.every((c) => c.ears.pattern !== 'not-ears')).toBe(true);
  });

  it('keeps explicit criterion ids (1.1 WHEN …) and prefixed ones (FR-1.2: …)', () => {
    const a = parseRequirements('### Requirement 3\n\n#### Acceptance Criteria\n\n3.1 WHEN a, THE S SHALL b\n\n3.2 THE S SHALL c\n');
    expect(a.requirements[0]!.criteria.map((c) => c.id)).toEqual(['3.1', '3.2']);
    const b = parseRequirements('## Functional\n\n### FR-1: Overflow\n- FR-1.1: Detect overflow\n- FR-1.2: Report direction\n\n### FR-2: Overlap\n- FR-2.1: Detect overlap\n');
    expect(b.requirements.map((r) => r.id)).toEqual(['FR-1', 'FR-2']);
    expect(b.requirements.flatMap((r) => r.criteria.map((c) => [c.id, c.text]))).toEqual([
      ['FR-1.1', 'Detect overflow'],
      ['FR-1.2', 'Report direction'],
      ['FR-2.1', 'Detect overlap'],
    ]);
  });

  it('reports positions that match the editor with CRLF and a BOM', () => {
    const text = '\uFEFF' + KIRO.replace(/\n/g, '\r\n');
    const doc = parseRequirements(text);
    expect(doc.bom).toBe(true);
    expect(doc.eol).toBe('\r\n');
    expect(doc.requirements.flatMap((r) => r.criteria.map((c) => c.line))).toEqual([15, 16, 17, 25, 28]);
    expect(doc.requirements[1]!.criteria[0]!.text).toContain('\r\n   on a second line');
  });

  it('flags duplicates and requirements without criteria', () => {
    const doc = parseRequirements('### Requirement 1\n#### Acceptance Criteria\n1. THE S SHALL a\n### Requirement 1\n#### Acceptance Criteria\n1. THE S SHALL b\n### Requirement 2\nText only.\n');
    const codes = doc.diagnostics.map((d) => `${d.code}@${d.line}`);
    expect(codes).toContain('requirements.duplicate-id@4');
    expect(codes).toContain('requirements.duplicate-criterion@6');
    expect(codes).toContain('requirements.no-criteria@7');
  });

  it.each([
    ['an empty file', '', 'requirements.empty'],
    ['whitespace', '\n\n  \r\n', 'requirements.empty'],
    ['binary garbage', '\u0000\u0001PNG\u0000\u00ff\u0000', 'file.binary'],
    ['prose with no requirement headings', '# Notes\n\nJust some text.\n', 'requirements.none'],
    ['a truncated file', '### Requirement 1\n#### Acceptance Criteria\n1. WHEN the', 'ears.missing-shall'],
  ])('gives a diagnostic, not an exception, for %s', (_what, text, code) => {
    const doc = parseRequirements(text);
    expect(doc.diagnostics.map((d) => d.code)).toContain(code);
  });

  it('replaceCriterionText changes only that criterion', () => {
    const text = '\uFEFF' + KIRO.replace(/\n/g, '\r\n');
    const next = replaceCriterionText(text, '1.3', 'THE Auth_Service SHALL store passwords with argon2');
    expect(next).toBe(text.replace('THE Auth_Service SHALL store passwords hashed', 'THE Auth_Service SHALL store passwords with argon2'));
    expect(replaceCriterionText(text, '1.3', parseRequirements(text).requirements[0]!.criteria[2]!.text)).toBe(text);
    expect(replaceCriterionText(text, '9.9', 'x')).toBe(text);
  });
});

const BUGFIX = `# Bugfix Requirements Document

## Introduction

Login loops.

## Bug Analysis

### Current Behavior (Defect)

1.1 WHEN a token expires THEN the system redirects forever

### Expected Behavior (Correct)

2.1 WHEN a token expires THEN the system SHALL show the login page
2.2 WHEN a token is refreshed THEN the system SHALL keep the page

### Unchanged Behavior (Regression Prevention)

3.1 WHEN a token is valid THEN the system SHALL CONTINUE TO load the page
3.2 WHEN a user logs out THEN the system SHALL clear the session
`;

describe('parseBugfix', () => {
  it('groups items by number whatever the headings say', () => {
    const doc = parseBugfix(BUGFIX.replace('Current Behavior (Defect)', 'Comportamento Atual (Defeito)'));
    expect(doc.groups.map((g) => [g.kind, g.heading, g.criteria.map((c) => c.id)])).toEqual([
      ['current', 'Comportamento Atual (Defeito)', ['1.1']],
      ['expected', 'Expected Behavior (Correct)', ['2.1', '2.2']],
      ['unchanged', 'Unchanged Behavior (Regression Prevention)', ['3.1', '3.2']],
    ]);
    expect(doc.summary).toMatchObject({ current: 1, expected: 2, unchanged: 2, criteria: 5 });
  });

  it('does not ask the defect description for SHALL, and asks unchanged behaviour for CONTINUE TO', () => {
    const doc = parseBugfix(BUGFIX);
    const codes = doc.diagnostics.map((d) => `${d.code}@${d.line}`);
    expect(codes).not.toContain('ears.missing-shall@11');
    expect(codes).toContain('ears.unchanged-continue-to@21');
    expect(codes).not.toContain('ears.unchanged-continue-to@20');
  });

  it('numbers plain lists by group order when ids are not written', () => {
    const doc = parseBugfix('## Analysis\n### A\n1. WHEN x THEN y\n### B\n1. WHEN x THEN THE s SHALL z\n### C\n1. WHEN q THEN THE s SHALL CONTINUE TO r\n');
    expect(doc.groups.map((g) => g.criteria.map((c) => c.id))).toEqual([['1.1'], ['2.1'], ['3.1']]);
  });

  it('reports missing groups, empty and binary files', () => {
    expect(parseBugfix('## Bug Analysis\n\n2.1 WHEN a THEN THE s SHALL b\n').diagnostics.map((d) => d.code)).toContain('bugfix.missing-group');
    expect(parseBugfix('').diagnostics.map((d) => d.code)).toEqual(['bugfix.empty']);
    expect(parseBugfix('\u0000\u0000garbage').diagnostics.map((d) => d.code)).toEqual(['file.binary']);
  });

  it('replaceBugfixItemText rewrites one item only', () => {
    const next = replaceBugfixItemText(BUGFIX, '2.2', 'WHEN a token is refreshed THEN the system SHALL stay');
    expect(next).toBe(BUGFIX.replace('SHALL keep the page', 'SHALL stay'));
  });
});
