import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAhead, dragTile, openCalendar, shownAt, toastText, waitShownAt } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, schedule, startCalendarRig } from './rig.js';

if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
let rig: CalendarRig;

/** What the database holds for a post and its job: the time each says, and the post's version. */
async function stored(postId: string, jobId: string) {
  const post = await rig.repos.posts.get(rig.workspaceId, postId);
  const job = await rig.repos.jobs.get(rig.workspaceId, jobId);
  return {
    scheduledAt: post?.scheduledAt.toISOString(),
    occurrenceAt: job?.occurrenceAt.toISOString(),
    version: post?.version,
  };
}

/** Sets the console's default campaign's minimum gap between two posts of an account (admin key). */
async function setMinimumGap(minutes: number): Promise<void> {
  const campaign = (await rig.api('GET', '/v1/campaigns')).body.items.find(
    (c: { name: string }) => c.name === 'console-default',
  );
  const res = await rig.api('PATCH', `/v1/campaigns/${campaign.id}`, {
    version: campaign.version,
    minGapMinutes: minutes,
  });
  expect(res.status).toBe(200);
}

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: dragging a tile', () => {
  beforeAll(async () => {
    rig = await startCalendarRig('caldrag');
  }, 180_000);
  afterAll(async () => rig?.close());

  it('moves the post to where the tile is dropped: the job and the post hold the new time', async () => {
    const day = dayAhead(2);
    const { postId, jobId } = await schedule(rig, { caption: 'Drag me', when: `${day} 10:00` });
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      await waitShownAt(page, jobId, day, '10:00');
      await dragTile(page, jobId, day, '14:30');
      expect(await toastText(page)).toBe('Moved.');
      await waitShownAt(page, jobId, day, '14:30');
      expect(await stored(postId, jobId)).toMatchObject({
        scheduledAt: `${day}T14:30:00.000Z`,
        occurrenceAt: `${day}T14:30:00.000Z`,
      });
    } finally {
      await context.close();
    }
  });

  it.each([
    ['moves only the occurrence dropped, when one of a series is dragged', false],
    ['moves every occurrence by the same amount, with "Drag moves whole series" ticked', true],
  ])('%s', async (_name, wholeSeries) => {
    const [first, second] = [dayAhead(1), dayAhead(2)];
    const series = await schedule(rig, {
      caption: wholeSeries ? 'Series, all of it' : 'Series, one of it',
      when: `every day at ${wholeSeries ? '07:00' : '08:00'} from ${first} for 3 times`,
    });
    // A whole series moved is planned anew (new jobs); what counts is where its live jobs are.
    const live = async () =>
      (await rig.repos.jobs.listByPost(rig.workspaceId, series.postId))
        .filter((j) => j.status !== 'cancelled')
        .sort((a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime());
    const before = await live();
    const dragged = before.find((j) => j.occurrenceAt.toISOString().startsWith(second))!;
    const { context, page } = await openCalendar(rig, { date: second });
    try {
      if (wholeSeries) await page.locator('#whole-series').check();
      const target = wholeSeries ? '13:00' : '12:00';
      await dragTile(page, dragged.id, second, target);
      expect(await toastText(page)).toBe(wholeSeries ? 'Moved the whole series.' : 'Moved.');
      const after = await live();
      const moved = after.find((j) => j.occurrenceAt.toISOString().startsWith(second))!;
      await waitShownAt(page, moved.id, second, target);
      const shift = (wholeSeries ? 6 : 4) * 3_600_000;
      expect(after.map((j) => j.occurrenceAt.getTime())).toEqual(
        before.map((j) => j.occurrenceAt.getTime() + (wholeSeries || j.id === dragged.id ? shift : 0)),
      );
    } finally {
      await context.close();
    }
  });

  it('refuses a drop that breaks the campaign’s minimum gap: the tile snaps back, the toast says why, nothing stored changes', async () => {
    const day = dayAhead(3);
    await schedule(rig, { caption: 'Morning post', when: `${day} 10:00` });
    const { postId, jobId } = await schedule(rig, { caption: 'Afternoon post', when: `${day} 15:00` });
    await setMinimumGap(120);
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      const before = await stored(postId, jobId);
      await waitShownAt(page, jobId, day, '15:00');
      await dragTile(page, jobId, day, '11:00');
      const toast = await toastText(page);
      expect(toast).toMatch(/^Not moved: @demo: Too close to post pst_\w+ at .*10:00.*at least 120 minutes/);
      expect(await shownAt(page, jobId)).toEqual({ date: day, time: '15:00' });
      // Still there after the next poll of the feed, and in the database as it was.
      await page.waitForTimeout(1800);
      expect(await shownAt(page, jobId)).toEqual({ date: day, time: '15:00' });
      expect(await stored(postId, jobId)).toEqual(before);
    } finally {
      await setMinimumGap(0);
      await context.close();
    }
  });
});
