import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAhead, openCalendar, tile, toastText, waitShownAt } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, schedule, startCalendarRig } from './rig.js';

if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
let rig: CalendarRig;
let zoeId = '';

const timeOf = async (jobId: string) =>
  (await rig.repos.jobs.get(rig.workspaceId, jobId))?.occurrenceAt.toISOString();

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: selecting several tiles, and composing', () => {
  beforeAll(async () => {
    rig = await startCalendarRig('calselect');
    // A second account, before any page opens: the compose form lists the accounts the page loaded.
    const zoe = await rig.api('POST', '/v1/accounts', { platform: 'dryrun', handle: 'zoe', timezone: 'UTC' });
    expect(zoe.status).toBe(201);
    zoeId = zoe.body.id;
  }, 180_000);
  afterAll(async () => rig?.close());

  it('selects two tiles and shifts them by +1h: both are moved in the database', async () => {
    const day = dayAhead(2);
    const first = await schedule(rig, { caption: 'First of two', when: `${day} 10:00` });
    const second = await schedule(rig, { caption: 'Second of two', when: `${day} 12:00` });
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      await waitShownAt(page, second.jobId, day, '12:00');
      await page.locator('#select-mode').check();
      await tile(page, first.jobId).click();
      await tile(page, second.jobId).click();
      expect(await page.locator('#selection').textContent()).toBe('2 selected');
      // Selecting re-renders the tiles; the outline follows a moment later.
      await expect.poll(() => page.locator('.fc-event.selected .tile-body').count()).toBe(2);
      await page.locator('#shift-by').fill('+1h');
      await page.locator('#shift').click();
      expect(await toastText(page)).toBe('Shifted 2 posts.');
      await waitShownAt(page, first.jobId, day, '11:00');
      await waitShownAt(page, second.jobId, day, '13:00');
      expect(await page.locator('#selection').textContent()).toBe('0 selected');
      expect(await timeOf(first.jobId)).toBe(`${day}T11:00:00.000Z`);
      expect(await timeOf(second.jobId)).toBe(`${day}T13:00:00.000Z`);
    } finally {
      await context.close();
    }
  });

  it('composes a post with its own caption for a second account and a video cover from a click on an empty time: both tiles show, stored with `captions` and `cover`', async () => {
    const day = dayAhead(3);
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      const lane = await page.locator('.fc-timegrid-slot-lane[data-time="16:00:00"]').boundingBox();
      const column = await page.locator(`.fc-timegrid-col[data-date="${day}"]`).boundingBox();
      await page.mouse.click(column!.x + column!.width / 2, lane!.y + 4);
      const form = page.locator('#compose');
      await form.waitFor({ state: 'visible' });
      expect(await form.locator('input[name="when"]').inputValue()).toBe(`${day} 16:00 tz:UTC`);
      await form.locator('textarea[name="caption"]').fill('Our spring drop is here');
      await form.locator('textarea[name="captions"]').fill('@zoe: Zoe picked her favourites #spring');
      await form.locator('textarea[name="media"]').fill('https://cdn.example/spring.mp4');
      await form.locator('input[name="cover"]').fill('2s');
      for (const handle of ['@demo', '@zoe'])
        await form.locator('.accounts label', { hasText: handle }).locator('input').check();
      await expect.poll(() => form.locator('.reads').textContent()).toMatch(/^Reads as: .*16:00/);
      await form.getByRole('button', { name: 'Schedule' }).click();
      expect(await toastText(page)).toBe('Scheduled.');
      await form.waitFor({ state: 'hidden' });

      const post = await rig.testDb.db.collection('posts').findOne({ caption: 'Our spring drop is here' });
      expect(post).toMatchObject({
        captions: { [zoeId]: 'Zoe picked her favourites #spring' },
        cover: { kind: 'frame', atMs: 2000 },
        scheduledAt: new Date(`${day}T16:00:00Z`),
      });
      const jobs = await rig.repos.jobs.listByPost(rig.workspaceId, String(post!._id));
      expect(jobs).toHaveLength(2);
      const zoeJob = jobs.find((j) => j.accountId === zoeId)!;
      const demoJob = jobs.find((j) => j.accountId !== zoeId)!;
      await waitShownAt(page, zoeJob.id, day, '16:00');
      await waitShownAt(page, demoJob.id, day, '16:00');
      expect(await tile(page, zoeJob.id).locator('.tile-caption').textContent()).toBe(
        'Zoe picked her favourites #spring',
      );
      expect(await tile(page, demoJob.id).locator('.tile-caption').textContent()).toBe(
        'Our spring drop is here',
      );
    } finally {
      await context.close();
    }
  });
});
