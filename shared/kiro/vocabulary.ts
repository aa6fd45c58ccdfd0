// Words the `.kiro` documents use for their fixed labels, in the languages the survey of real
// workspaces found (and a few neighbours). Parsers key on structure first — numbering,
// nesting, bold labels — and use these lists only to break ties, so an unknown language
// still parses; it just loses the tie-breaks.

const folded = new Map<string, string>();
const fold = (s: string) => {
  let f = folded.get(s);
  if (f === undefined) {
    f = s.normalize('NFKC').toLowerCase().replace(/[\s_*:：]+/g, ' ').trim();
    if (folded.size < 10_000) folded.set(s, f);
  }
  return f;
};

const set = (words: string[]) => new Set(words.map(fold));

/** Headings over the acceptance-criteria list of a requirement. */
const ACCEPTANCE = set([
  'acceptance criteria', 'acceptance criterion', 'criteria',
  '受入基準', '受け入れ基準', '受入れ基準', '受け入れ条件', '驗收標準', '验收标准', '驗收條件', '验收条件', '验收标准（整体）',
  '인수 기준', '수용 기준', '승인 기준', '인수 조건',
  'kabul kriterleri', 'kabul ölçütleri',
  'critérios de aceitação', 'critérios de aceite', 'criterios de aceptación', 'critères d’acceptation', "critères d'acceptation",
  'akzeptanzkriterien', 'criteri di accettazione', 'kriteria penerimaan', 'tiêu chí chấp nhận', 'معايير القبول', 'критерии приемки',
]);

/** Labels of the user-story line (`**User Story:** …`). */
const USER_STORY = set([
  'user story', 'objective', 'story',
  '目的', 'ユーザーストーリー', '使用者故事', '用户故事', '用戶故事', '사용자 스토리', '유저 스토리',
  'kullanıcı hikayesi', 'história de usuário', 'historia de usuario', 'user-story', 'récit utilisateur', 'قصة المستخدم', 'cerita pengguna',
]);

/** Words that name a requirement in a heading (`### Requirement 3`). */
const REQUIREMENT_WORDS = set([
  'requirement', 'req', 'fr', 'nfr', 'r',
  '要件', '需求', '要求', '요구사항', '요구 사항', 'gereksinim', 'requisito', 'requerimiento', 'exigence', 'anforderung', 'requisito funcional',
  'المتطلب', 'متطلب', 'persyaratan', 'kebutuhan', 'yêu cầu', 'требование', 'krav',
]);

/** Labels of trace lines in tasks (`_Requirements: 1.1_`) and design properties (`**Validates: …**`). */
const TRACE_LABELS = set([
  'requirements', 'requirement', 'reqs', 'req', 'validates', 'validates requirements', 'refs', 'covers',
  '要件', '需求', '要求', '关联需求', '關聯需求', '요구사항', '요구 사항', 'gereksinimler', 'gereksinim', 'requisitos', 'requisito',
  'requerimientos', 'exigences', 'anforderungen', 'المتطلبات', 'persyaratan', 'yêu cầu', 'требования',
  '検証', '验证', '驗證', '검증',
]);

/** Words meaning "every requirement" inside a trace line. */
const ALL_WORDS = set([
  'all', 'all requirements', 'all criteria', 'todos', 'todos los requisitos', 'todos os requisitos', 'tous', 'alle',
  'tüm', 'tüm gereksinimler', 'hepsi', '全部', '所有', '所有需求', '全要件', 'すべて', '全て', '모두', '전체', 'كل', 'الكل', 'semua',
]);

export const isAcceptanceHeading = (s: string) => ACCEPTANCE.has(fold(s.replace(/\(.*?\)|（.*?）/g, '')));
export const isUserStoryLabel = (s: string) => USER_STORY.has(fold(s));
export const isRequirementWord = (s: string) => REQUIREMENT_WORDS.has(fold(s.replace(/[-–]$/, '')));
export const isTraceLabel = (s: string) => TRACE_LABELS.has(fold(s));
/** "All", "Tüm gereksinimler", "全要件の統合品質保証" (starts with an all-word). */
export function isAllWord(s: string): boolean {
  const f = fold(s);
  if (ALL_WORDS.has(f)) return true;
  return /^(全要件|全部|所有|tüm|all\b|todos\b|すべて)/.test(f);
}

/** "As a …", "作為…", "…として" — a user story sentence in any of the surveyed languages. */
export const USER_STORY_SENTENCE = /^(?:as an?\b|como\b|en tant que\b|als\b|作為|作为|身為|身为|.{1,40}として|.{1,40}(?:로서|으로서))/i;
