import { describe, expect, it } from 'vitest';
import { splitTrailingWhen } from '../../../../src/core/language/index.js';

const ctx = { now: new Date('2026-11-21T10:00:00Z'), zone: 'UTC' };

function split(text: string, context = ctx) {
  const found = splitTrailingWhen(text, context);
  return (
    found && {
      head: found.head,
      phrase: found.phrase,
      ok: found.result.ok,
      code: found.result.ok ? null : found.result.error.code,
    }
  );
}

describe('splitTrailingWhen: caption and time in one command', () => {
  it('takes the longest trailing time phrase, recurrence included (the SPEC headline)', () => {
    expect(split('Hello world tomorrow 9am every weekday')).toEqual({
      head: 'Hello world',
      phrase: 'tomorrow 9am every weekday',
      ok: true,
      code: null,
    });
    expect(split('New drop! tomorrow 9am Europe/Paris every weekday')).toMatchObject({
      head: 'New drop!',
      phrase: 'tomorrow 9am Europe/Paris every weekday',
      ok: true,
    });
  });

  it('drops the connecting "at" / "on" between caption and time', () => {
    expect(split('Big news at noon')).toMatchObject({ head: 'Big news', phrase: 'noon', ok: true });
    expect(split('Launch party on friday at 6pm')).toMatchObject({
      head: 'Launch party',
      phrase: 'friday at 6pm',
      ok: true,
    });
    expect(split('Reminder at 2026-12-01 09:00')).toMatchObject({
      head: 'Reminder',
      phrase: '2026-12-01 09:00',
      ok: true,
    });
  });

  it('keeps the caption intact, line breaks and all', () => {
    const found = splitTrailingWhen('Line one\nLine two  in 2h', ctx);
    expect(found?.head).toBe('Line one\nLine two');
    expect(found?.phrase).toBe('in 2h');
  });

  it('returns a recognised but failing phrase, so the user sees that error', () => {
    expect(split('Too late yesterday 9am')).toMatchObject({
      head: 'Too late',
      phrase: 'yesterday 9am',
      ok: false,
      code: 'TIME_IN_PAST',
    });
    expect(split('Bonjour tomorrow 9am Europe/Pari')).toMatchObject({
      head: 'Bonjour',
      code: 'UNKNOWN_TIMEZONE',
    });
    expect(split('Post this tomorrow')).toMatchObject({
      head: 'Post this',
      phrase: 'tomorrow',
      code: 'UNPARSEABLE_TIME',
    });
  });

  it('does not swallow caption words that only look like time words', () => {
    expect(split('My first post tomorrow 9am')).toMatchObject({
      head: 'My first post',
      phrase: 'tomorrow 9am',
    });
    expect(split('Happy Monday tomorrow 9am')).toMatchObject({
      head: 'Happy Monday',
      phrase: 'tomorrow 9am',
    });
    expect(split('Top 10 tips in 45 minutes')).toMatchObject({
      head: 'Top 10 tips',
      phrase: 'in 45 minutes',
    });
  });

  it('returns null when nothing at the end looks like a time', () => {
    expect(split('Hello world')).toBeNull();
    expect(split('Just a caption with and/or slashes')).toBeNull();
    expect(split('')).toBeNull();
  });

  it('reports a bad account zone on the phrase it found', () => {
    expect(split('Hello tomorrow 9am', { ...ctx, zone: 'Mars/Base' })).toMatchObject({
      head: 'Hello',
      phrase: 'tomorrow 9am',
      code: 'UNKNOWN_TIMEZONE',
    });
  });

  it('accepts the whole text as the phrase', () => {
    expect(split('every day at 9am')).toMatchObject({ head: '', phrase: 'every day at 9am', ok: true });
  });
});
