import { describe, expect, it } from 'vitest';
import { findByCaption, htmlToText, PublishJournal } from '../../../src/publishers/lookup.js';

describe('caption reconciliation', () => {
  const at = (iso: string) => new Date(iso);
  const posts = [
    { id: 'old', caption: 'Hello  world', createdAt: at('2026-03-01T08:00:00Z') },
    { id: 'ours', caption: 'Hello world', createdAt: at('2026-03-01T09:00:30Z') },
    { id: 'later-copy', caption: 'Hello world', createdAt: at('2026-03-01T09:05:00Z') },
  ];

  it('matches the earliest post with the same caption at or after the first attempt', () => {
    expect(findByCaption(posts, { caption: 'Hello world', notBefore: at('2026-03-01T09:00:00Z') })?.id).toBe(
      'ours',
    );
  });

  it('ignores posts made long before the first attempt, and answers null when nothing matches', () => {
    expect(
      findByCaption(posts, { caption: 'Hello world', notBefore: at('2026-03-01T10:00:00Z') }),
    ).toBeNull();
    expect(findByCaption(posts, { caption: 'Bye', notBefore: at('2026-03-01T00:00:00Z') })).toBeNull();
  });

  it('recovers Mastodon status text from its HTML', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3<br />line</p><p>para &#39;two&#x27;</p>')).toBe(
      "Tom & Jerry <3\nline\n\npara 'two'",
    );
  });

  it('the journal completes a lookup context and forgets the oldest entries beyond its capacity', () => {
    const journal = new PublishJournal(2);
    journal.remember('a', 'A', at('2026-01-01T00:00:00Z'));
    journal.remember('b', 'B', at('2026-01-01T00:00:00Z'));
    journal.remember('c', 'C', at('2026-01-01T00:00:00Z'));
    expect(journal.complete('a', { token: 't' })).toEqual({
      token: 't',
      caption: undefined,
      notBefore: undefined,
    });
    expect(journal.complete('c').caption).toBe('C');
  });
});
