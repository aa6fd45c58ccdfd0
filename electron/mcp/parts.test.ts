import { describe, expect, it } from 'vitest';
import { LogBuffer } from './log-buffer';
import { formatToolResult } from './results';
import { requestIdIn } from './stdio-transport';
import { qualifiedToolName, TOOL_NAME } from './tool-names';

describe('qualifiedToolName', () => {
  it('is mcp__<server>__<tool> when that is a valid model tool name', () => {
    expect(qualifiedToolName('github', 'create_issue')).toBe('mcp__github__create_issue');
    expect(qualifiedToolName('everything', 'get-sum')).toBe('mcp__everything__get-sum');
  });

  it('cleans characters model APIs refuse and keeps different tools apart', () => {
    const a = qualifiedToolName('my.server', 'do it');
    const b = qualifiedToolName('my_server', 'do_it');
    expect(a).toMatch(/^mcp__my_server__do_it_[0-9a-f]{6}$/);
    expect(b).toBe('mcp__my_server__do_it');
    expect(a).not.toBe(b);
    expect(qualifiedToolName('my.server', 'do it')).toBe(a); // stable
  });

  it('cuts long names to 64 characters, keeping them unique', () => {
    const long = 'x'.repeat(80);
    const one = qualifiedToolName('srv', `${long}1`);
    const two = qualifiedToolName('srv', `${long}2`);
    for (const n of [one, two]) expect(n).toMatch(TOOL_NAME);
    expect(one.length).toBe(64);
    expect(one).not.toBe(two);
  });

  it('avoids a name already taken', () => {
    const taken = new Set(['mcp__a__b']);
    const n = qualifiedToolName('a', 'b', taken);
    expect(n).not.toBe('mcp__a__b');
    expect(n).toMatch(TOOL_NAME);
  });
});

describe('formatToolResult', () => {
  it('text as it is; images, audio, links and binary resources described; embedded text resources with their URI', () => {
    const r = formatToolResult(
      {
        content: [
          { type: 'text', text: 'hello' },
          { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
          { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
          { type: 'resource_link', uri: 'file:///a.txt', name: 'a.txt', mimeType: 'text/plain' },
          { type: 'resource', resource: { uri: 'test://doc', mimeType: 'text/markdown', text: '# Doc' } },
          { type: 'resource', resource: { uri: 'test://bin', blob: 'AAAAAAAA' } },
        ],
      },
      10_000,
    );
    expect(r.text).toBe(
      [
        'hello',
        '[image: image/png, 8 bytes, shown to the person in the chat; images are not passed to the model]',
        '[audio: audio/wav, 3 bytes; not passed to the model]',
        '[resource link: a.txt <file:///a.txt> text/plain]',
        '[resource <test://doc> text/markdown]\n# Doc',
        '[resource <test://bin>: binary, 6 bytes of binary data; not passed to the model]',
      ].join('\n\n'),
    );
    expect(r.media).toEqual([{ type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' }]);
    expect(r.summary).toBe('1 text block, 1 image, 1 audio, 1 link, 2 resources');
    expect(r.isError).toBe(false);
  });

  it('structured content when there is no text; errors; empty results', () => {
    expect(formatToolResult({ content: [], structuredContent: { a: 1 } }, 1000).text).toBe('{\n  "a": 1\n}');
    const e = formatToolResult({ content: [{ type: 'text', text: 'no such repo\nmore' }], isError: true }, 1000);
    expect(e).toMatchObject({ isError: true, summary: 'error: no such repo' });
    expect(formatToolResult({ content: [] }, 1000).text).toBe('(the tool returned no content)');
  });

  it('cuts what is too long, and says how much', () => {
    const r = formatToolResult({ content: [{ type: 'text', text: 'y'.repeat(1500) }] }, 1000);
    expect(r.truncated).toBe(true);
    expect(r.text).toBe(`${'y'.repeat(1000)}\n\n[… the result was cut: the first 1,000 of 1,500 characters are shown.]`);
  });
});

describe('LogBuffer', () => {
  it('keeps the newest output within its limit and counts what it dropped', () => {
    const log = new LogBuffer(100);
    for (let i = 0; i < 50; i++) log.append(`line ${i}\n`);
    expect(log.length).toBeLessThanOrEqual(100);
    expect(log.text().endsWith('line 49\n')).toBe(true);
    expect(log.dropped + log.length).toBe(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('').length);
    log.append('z'.repeat(500));
    expect(log.text()).toBe('z'.repeat(100));
    expect(log.tail(2)).toEqual(['z'.repeat(100)]);
  });
});

describe('requestIdIn', () => {
  it('finds the id of a broken response, not of a request from the server', () => {
    expect(requestIdIn('{"jsonrpc":"2.0","id":7,"result":{"x":')).toBe(7);
    expect(requestIdIn('{"jsonrpc":"2.0","id":"abc","result":')).toBe('abc');
    expect(requestIdIn('{"jsonrpc":"2.0","id":3,"method":"roots/list"')).toBeNull();
    expect(requestIdIn('Server listening on stdio')).toBeNull();
  });
});
