import { describe, expect, it } from 'vitest';
import type { ContextProviderInfo } from '../../../shared/contract/agent';
import { chipLabel, matchProviders, mentionAt, removeMention } from './mentions';

const p = (id: string, label: string, argument: ContextProviderInfo['argument']): ContextProviderInfo => ({ id, label, description: '', argument, renderer: false, available: true });
const providers = [p('file', 'file', 'file'), p('folder', 'folder', 'folder'), p('terminal', 'terminal', 'none'), p('git-diff', 'git diff', 'none'), p('url', 'url', 'url'), p('codebase', 'codebase', 'query')];

describe('the # being typed', () => {
  it('is a provider being chosen right after #', () => {
    expect(mentionAt('look at #fi', 11, providers)).toEqual({ stage: 'provider', start: 8, end: 11, query: 'fi' });
    expect(mentionAt('#', 1, providers)).toEqual({ stage: 'provider', start: 0, end: 1, query: '' });
    expect(mentionAt('see #git d', 10, providers)).toEqual({ stage: 'provider', start: 4, end: 10, query: 'git d' });
  });

  it('is an argument once a provider that takes one is followed by a space', () => {
    const m = mentionAt('fix #file src/ap', 16, providers);
    expect(m).toMatchObject({ stage: 'argument', start: 4, query: 'src/ap' });
    expect(m?.stage === 'argument' && m.provider.id).toBe('file');
    expect(mentionAt('#url https://example.com/a b', 28, providers)).toMatchObject({ stage: 'argument', query: 'https://example.com/a b' });
  });

  it('is nothing inside a word, across a line, or after text that is not a provider', () => {
    expect(mentionAt('issue#12', 8, providers)).toBeNull();
    expect(mentionAt('#fi\nle', 7, providers)).toBeNull();
    expect(mentionAt('#hello world', 12, providers)).toBeNull();
    expect(mentionAt('no hash', 7, providers)).toBeNull();
  });

  it('matches providers by prefix first, then by substring', () => {
    expect(matchProviders(providers, 'f').map((x) => x.id)).toEqual(['file', 'folder', 'git-diff']);
    expect(matchProviders(providers, 'diff').map((x) => x.id)).toEqual(['git-diff']);
    expect(matchProviders(providers, '').length).toBe(providers.length);
  });

  it('removes the # text that became a chip, and labels chips', () => {
    expect(removeMention('fix #file src/a.ts now', { start: 4, end: 18 })).toEqual({ text: 'fix now', caret: 4 });
    expect(chipLabel(providers[0]!, 'src/a.ts')).toBe('#file src/a.ts');
    expect(chipLabel(providers[3]!)).toBe('#git diff');
  });
});
