// Glob lists as people write them in one string (steering's fileMatchPattern, the hook form):
// dependency-free, so the renderer can use it without the YAML parser.

/** Splits `a,b,{c,d}` at top-level commas only, so a brace list such as `*.{ts,tsx}` stays one glob. */
export function splitPatterns(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && depth > 0) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}
