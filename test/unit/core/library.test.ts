import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byChoice, checkAsset, rankCandidates } from '../../../src/core/domain/library.js';
import type { Asset, AssetState } from '../../../src/core/domain/types.js';
import { parseEvergreen } from '../../../src/core/operations/autopilot.js';

const NOW = new Date('2026-12-08T00:00:00Z');
const DAY = 86_400_000;
const STATES: AssetState[] = ['ready', 'reserved', 'posted', 'failed', 'retired'];

const assetArb = fc.record({
  n: fc.integer({ min: 0, max: 1000 }),
  score: fc.integer({ min: 0, max: 100 }),
  addedDaysAgo: fc.integer({ min: 0, max: 400 }),
  state: fc.constantFrom(...STATES),
  timesPosted: fc.integer({ min: 0, max: 5 }),
  postedDaysAgo: fc.integer({ min: 0, max: 400 }),
});

type Raw = typeof assetArb extends fc.Arbitrary<infer T> ? T : never;

function asset(a: Raw, i: number): Asset {
  return {
    id: `ast_${String(i).padStart(4, '0')}`,
    workspaceId: 'w',
    influencerId: 'i',
    url: `https://x/${i}.jpg`,
    kind: 'image',
    caption: '',
    hashtags: [],
    tags: [],
    score: a.score,
    state: a.state,
    timesPosted: a.state === 'posted' ? Math.max(1, a.timesPosted) : a.timesPosted,
    ...(a.state === 'posted' ? { postedAt: new Date(NOW.getTime() - a.postedDaysAgo * DAY) } : {}),
    addedAt: new Date(NOW.getTime() - a.addedDaysAgo * DAY),
    addedBy: { kind: 'console', id: 't' },
    updatedAt: NOW,
    version: 1,
  };
}

describe("curator's choice", () => {
  it('ranks by score, then the one added first, and never offers reserved, failed or retired assets', () => {
    fc.assert(
      fc.property(fc.array(assetArb, { maxLength: 40 }), (raw) => {
        const assets = raw.map(asset);
        const ranked = rankCandidates(assets, NOW);
        expect(ranked.every((a) => a.state === 'ready')).toBe(true);
        expect(ranked).toHaveLength(assets.filter((a) => a.state === 'ready').length);
        for (let i = 1; i < ranked.length; i += 1)
          expect(byChoice(ranked[i - 1] as Asset, ranked[i] as Asset)).toBeLessThan(0);
      }),
    );
  });

  it('with evergreen on, a posted asset comes back only after N days and at most M more times', () => {
    fc.assert(
      fc.property(
        fc.array(assetArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, afterDays, maxTimes) => {
          const assets = raw.map(asset);
          const ranked = rankCandidates(assets, NOW, { afterDays, maxTimes });
          for (const a of assets) {
            const back =
              a.state === 'posted' &&
              a.timesPosted <= maxTimes &&
              NOW.getTime() - (a.postedAt as Date).getTime() >= afterDays * DAY;
            expect(ranked.includes(a)).toBe(a.state === 'ready' || back);
          }
        },
      ),
    );
  });

  it('breaks a tie of scores by the asset added first', () => {
    const base = asset(
      { n: 0, score: 80, addedDaysAgo: 1, state: 'ready', timesPosted: 0, postedDaysAgo: 0 },
      2,
    );
    const older = { ...base, id: 'ast_9999', addedAt: new Date(NOW.getTime() - 5 * DAY) };
    expect(rankCandidates([base, older], NOW).map((a) => a.id)).toEqual(['ast_9999', base.id]);
  });
});

describe('an asset as given', () => {
  it.each([
    [{ url: '' }, /url is empty/],
    [{ url: 'javascript:alert(1)' }, /must start with https/],
    [{ url: 'https://user:pw@x/a.jpg' }, /user name or password/],
    [{ url: 'https://x/a.jpg', score: '101' }, /0 to 100/],
    [{ url: 'https://x/a.jpg', score: 'NaN' }, /0 to 100/],
    [{ url: 'https://x/a.jpg', type: 'gif' }, /neither image nor video/],
    [{ url: 'https://x/a.jpg', added_at: '2026-02-30' }, /added_at "2026-02-30" is not a date/],
    [{ url: 'https://x/a.jpg', posted_at: 'yesterday' }, /not a date/],
    [{ url: 'https://x/a.jpg', times_posted: '1.5' }, /whole number/],
    [{ url: 'https://x/a.jpg', width: '-3' }, /positive number/],
  ])('refuses %j with the reason', (fields, reason) => {
    const checked = checkAsset(fields);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toMatch(reason);
  });

  it('reads hashtags, tags, kind and dates', () => {
    const checked = checkAsset({
      url: 'https://x/clip.MP4?sig=1',
      hashtags: '#a, b #a',
      tags: 'x;y',
      score: ' 42 ',
      added_at: '2026-11-02',
      posted_at: '2026-11-03T10:00:00+01:00',
      times_posted: '2',
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        url: 'https://x/clip.MP4?sig=1',
        kind: 'video',
        caption: '',
        hashtags: ['a', 'b'],
        tags: ['x', 'y'],
        score: 42,
        addedAt: new Date('2026-11-02T00:00:00Z'),
        postedAt: new Date('2026-11-03T09:00:00Z'),
        timesPosted: 2,
      },
    });
  });

  it('reads evergreen rules and refuses others', () => {
    expect(parseEvergreen('30d x3')).toEqual({ afterDays: 30, maxTimes: 3 });
    expect(parseEvergreen('14d/2')).toEqual({ afterDays: 14, maxTimes: 2 });
    expect(parseEvergreen('7 days 1 time')).toEqual({ afterDays: 7, maxTimes: 1 });
    expect(() => parseEvergreen('0d/1')).toThrow(/not an evergreen rule/);
    try {
      parseEvergreen('soon');
      expect.unreachable();
    } catch (error) {
      expect((error as { hint?: string }).hint).toMatch(/^30d x3: /);
    }
  });
});
