import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/** The web calendar's feed shows autopilot picks: made ones as posts with their asset, coming ones as tentative tiles. */

const NOW = new Date('2026-12-08T08:00:00Z');
let api: ApiHarness;
let key: string;
beforeAll(async () => {
  api = await createApiHarness({ label: 'calpicks', clock: new ManualClock(NOW) });
  key = await api.key(['admin']);
});
afterAll(async () => api?.close());

const say = async (text: string) => {
  const res = await api.call('POST', '/v1/commands', key, { text });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const feed = async () => {
  const res = await api.call('GET', '/v1/calendar?from=2026-12-07T00:00:00Z&to=2026-12-14T00:00:00Z', key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('autopilot on the calendar', () => {
  it('shows the next 24 h of picks as posts with their asset and score, and the rest of the week as tentative tiles, none twice', async () => {
    for (const [name, score] of [
      ['a', 90],
      ['b', 80],
      ['c', 70],
      ['d', 60],
    ] as const)
      await say(`library add @demo https://cdn.example.com/${name}.jpg score:${score}`);
    await api.call('POST', '/v1/campaigns', key, { name: 'cal', mode: 'suggest_only' });
    await say('autopilot on cal @demo every day at 10:00');
    const before = await feed();
    // Nothing picked yet: Tue–Sun 10:00 are tentative, each with the next best asset, then none left.
    expect(
      before.tentative.map(
        (t: { start: string; asset?: { score: number } }) =>
          `${t.start.slice(5, 10)}:${t.asset?.score ?? '-'}`,
      ),
    ).toEqual(['12-08:90', '12-09:80', '12-10:70', '12-11:60', '12-12:-', '12-13:-']);

    await say('autopilot run-once cal'); // an operator's pick now takes the best (90)
    const { runAutopilot } = await import('../../../src/core/use-cases/autopilot.js');
    const campaign = (await api.h.deps.campaigns.list(api.h.workspace.id)).find((c) => c.name === 'cal');
    await runAutopilot(api.h.deps, campaign as never, 'w1'); // today 10:00 is within 24 h
    const after = await feed();
    const picks = after.tiles.filter((t: { pick?: unknown }) => t.pick);
    expect(
      picks.map((t: { start: string; pick: { score: number }; can: { swap: boolean } }) => [
        t.start,
        t.pick.score,
        t.can.swap,
      ]),
    ).toEqual([
      ['2026-12-08T08:00:00.000Z', 90, true],
      ['2026-12-08T10:00:00.000Z', 80, true],
    ]);
    expect(
      after.tentative.map(
        (t: { start: string; asset?: { score: number } }) =>
          `${t.start.slice(5, 10)}:${t.asset?.score ?? '-'}`,
      ),
    ).toEqual(['12-09:70', '12-10:60', '12-11:-', '12-12:-', '12-13:-']);

    // Swapping the 10:00 pick from the calendar: it takes the next best, and the tentative tiles follow.
    const tenOClock = picks[1] as { postId: string };
    const swap = await api.call('POST', `/v1/posts/${tenOClock.postId}/pick:next`, key, {});
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json().asset.score).toBe(70);
    await new Promise((r) => setTimeout(r, 900)); // the feed's answer is kept up to 800 ms
    const swapped = await feed();
    expect(swapped.tiles.find((t: { postId: string }) => t.postId === tenOClock.postId).pick.score).toBe(70);
    expect(
      swapped.tentative.map(
        (t: { start: string; asset?: { score: number } }) =>
          `${t.start.slice(5, 10)}:${t.asset?.score ?? '-'}`,
      ),
    ).toEqual(['12-09:80', '12-10:60', '12-11:-', '12-12:-', '12-13:-']);
  });
});
