import { Lexer, type Token, type Tokens } from 'marked';
import { memo, useMemo, type ReactNode } from 'react';
import { CodeBlock } from './CodeBlock';

/**
 * Markdown from the model, rendered to React elements from marked's tokens — never as
 * HTML, so nothing the model writes can inject markup or scripts. Each top-level block is
 * memoised by its source, so while an answer streams only its last block re-renders.
 */
export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => lex(text), [text]);
  return (
    <div className="markdown">
      {blocks.map((t, i) => (
        <Block key={i} token={t} raw={t.raw} />
      ))}
    </div>
  );
}

function lex(text: string): Token[] {
  try {
    return new Lexer({ gfm: true }).lex(text).filter((t) => t.type !== 'space');
  } catch {
    return [{ type: 'paragraph', raw: text, text, tokens: [{ type: 'text', raw: text, text }] } as Tokens.Paragraph];
  }
}

// `raw` is the memo key: a block whose source did not change is not rendered again.
const Block = memo(function Block({ token }: { token: Token; raw: string }) {
  return <>{block(token)}</>;
}, (a, b) => a.raw === b.raw);

function block(t: Token): ReactNode {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const Tag = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[h.depth - 1] ?? 'h6';
      return <Tag>{inline(h.tokens)}</Tag>;
    }
    case 'paragraph':
      return <p>{inline((t as Tokens.Paragraph).tokens)}</p>;
    case 'code': {
      const c = t as Tokens.Code;
      return <CodeBlock code={c.text} lang={c.lang ?? ''} />;
    }
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((item, i) => (
        <li key={i}>
          {item.task && <input type="checkbox" checked={!!item.checked} readOnly aria-label={item.checked ? 'done' : 'not done'} />}
          {item.tokens.map((x, j) => (
            <Frag key={j}>{x.type === 'text' ? inline((x as Tokens.Text).tokens ?? [x]) : block(x)}</Frag>
          ))}
        </li>
      ));
      return l.ordered ? <ol start={typeof l.start === 'number' ? l.start : 1}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'blockquote':
      return <blockquote>{(t as Tokens.Blockquote).tokens.map((x, i) => <Frag key={i}>{block(x)}</Frag>)}</blockquote>;
    case 'hr':
      return <hr />;
    case 'table': {
      const tb = t as Tokens.Table;
      return (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {tb.header.map((c, i) => (
                  <th key={i} style={{ textAlign: tb.align[i] ?? undefined }}>
                    {inline(c.tokens)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tb.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((c, j) => (
                    <td key={j} style={{ textAlign: tb.align[j] ?? undefined }}>
                      {inline(c.tokens)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'text': {
      const x = t as Tokens.Text;
      return <p>{x.tokens ? inline(x.tokens) : x.text}</p>;
    }
    case 'space':
      return null;
    default:
      // html and anything unknown: shown as the text it is.
      return <p>{'text' in t ? String(t.text) : t.raw}</p>;
  }
}

const Frag = ({ children }: { children: ReactNode }) => <>{children}</>;

const safeHref = (href: string) => (/^(https?:|mailto:)/i.test(href) ? href : null);

function inline(tokens: Token[] | undefined): ReactNode {
  if (!tokens) return null;
  return tokens.map((t, i) => {
    switch (t.type) {
      case 'strong':
        return <strong key={i}>{inline((t as Tokens.Strong).tokens)}</strong>;
      case 'em':
        return <em key={i}>{inline((t as Tokens.Em).tokens)}</em>;
      case 'del':
        return <del key={i}>{inline((t as Tokens.Del).tokens)}</del>;
      case 'codespan':
        return <code key={i}>{decode((t as Tokens.Codespan).text)}</code>;
      case 'br':
        return <br key={i} />;
      case 'link': {
        const l = t as Tokens.Link;
        const href = safeHref(l.href);
        return href ? (
          <a key={i} href={href} target="_blank" rel="noreferrer noopener">
            {inline(l.tokens)}
          </a>
        ) : (
          <span key={i}>{inline(l.tokens)}</span>
        );
      }
      case 'image':
        return <span key={i}>[{(t as Tokens.Image).text}]</span>;
      case 'text': {
        const x = t as Tokens.Text;
        return <Frag key={i}>{x.tokens ? inline(x.tokens) : decode(x.text)}</Frag>;
      }
      case 'escape':
        return <Frag key={i}>{(t as Tokens.Escape).text}</Frag>;
      default:
        return <Frag key={i}>{t.raw}</Frag>;
    }
  });
}

/** marked escapes &, <, >, " and ' in inline text; React escapes again, so undo marked's. */
function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _m);
}
