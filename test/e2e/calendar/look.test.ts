import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/workers.js';
import { dayAhead, openCalendar, tile, waitShownAt } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, schedule, startCalendarRig } from './rig.js';

/**
 * The calendar as a person sees it, with readiness badges of several kinds, checked for what
 * makes it hard to read (text spilling out of tiles, a header broken inside a control) and
 * photographed. `HERALD_SCREENSHOTS=docs/screenshots` writes the pictures the README shows;
 * without it they go to a temporary directory, so a test run leaves the work tree as it was.
 */
if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
const SHOTS = process.env.HERALD_SCREENSHOTS
  ? resolve(process.env.HERALD_SCREENSHOTS)
  : join(tmpdir(), 'herald-calendar-screenshots');
let rig: CalendarRig;

/**
 * `n` times spread over what is left of this week (UTC, weeks start on Monday) at office hours,
 * so the week photographed holds every post; late on a Sunday they crowd into the last hours.
 */
function laterThisWeek(n: number): string[] {
  const [now, day, hour] = [Date.now(), 86_400_000, 3_600_000];
  const today = now - (now % day);
  const daysLeft = 7 - ((new Date(today).getUTCDay() + 6) % 7);
  const hours = [10, 14, 16.5, 11.5, 13];
  const fit = Array.from({ length: daysLeft * hours.length }, (_, i) => {
    const d = Math.floor(i / hours.length);
    return today + d * day + hours[(i + d) % hours.length]! * hour;
  })
    .filter((t) => t > now + 15 * 60_000)
    .sort((a, b) => a - b);
  const picked = Array.from({ length: n }, (_, i) =>
    fit.length >= n ? fit[Math.floor((i * fit.length) / n)]! : now + (i + 1) * 300_000,
  );
  return picked.map((t) => new Date(t).toISOString());
}

async function campaign(name: string, mode: string): Promise<string> {
  const res = await rig.api('POST', '/v1/campaigns', { name, mode, approvers: ['U0BOSS'] });
  return res.body.id;
}

/** A week with one post of each kind a person must tell apart at a glance. */
async function seedAWeek(): Promise<{ published: string; attention: string }> {
  await rig.api('POST', '/v1/commands', { text: 'slots @demo mon-fri 09:00,12:30,18:00' });
  await rig.api('POST', '/v1/accounts', { platform: 'instagram', handle: 'mia', timezone: 'UTC' });
  const [approval, suggest] = [
    await campaign('brand-review', 'approval'),
    await campaign('ideas', 'suggest_only'),
  ];
  const published = await schedule(rig, { caption: 'Out now: the spring lookbook', when: 'in 2s' });
  const attention = await schedule(rig, {
    accounts: ['instagram:@mia'],
    caption: 'No picture and no token',
    when: 'in 2s',
  });
  const [a, b, c, d, e] = laterThisWeek(5);
  const caption =
    'Behind the scenes of the spring shoot: three looks, one rainy afternoon and a very patient photographer #spring #bts';
  await schedule(rig, { caption, when: a! });
  await schedule(rig, { caption: 'Needs the brand team’s OK', when: b!, campaignId: approval });
  await schedule(rig, { accounts: ['instagram:@mia'], caption: 'Carousel of the new collection', when: c! });
  await schedule(rig, { caption: 'An idea for Friday', when: d!, campaignId: suggest });
  await schedule(rig, { accounts: ['@demo', 'instagram:@mia'], caption: 'Both accounts at once', when: e! });
  await schedule(rig, { caption: 'Tip of the day', when: 'every day at 08:00 for 3 times' });
  return { published: published.jobId, attention: attention.jobId };
}

/**
 * Tiles whose text spills sideways, and badges cut by their tile's edge. A row of badges hidden
 * whole is fine (the tile's tooltip and panel list them all); half a badge is not.
 */
function spills(page: Page): Promise<string[]> {
  return page.locator('.tile-body').evaluateAll((tiles) =>
    tiles.flatMap((t) => {
      const out = t.scrollWidth > t.clientWidth + 1 ? [`"${t.textContent}" spills sideways`] : [];
      const row = t.querySelector('.badges')?.getBoundingClientRect();
      const tile = t.getBoundingClientRect();
      // A tile late in the evening is cut short by midnight, where the day's column ends: its
      // badges are hidden by the day's end, not by the tile's layout.
      const day = t.closest('.fc-timegrid-col')?.getBoundingClientRect();
      if (day && tile.bottom >= day.bottom - 2) return out;
      const bottom = Math.min(tile.bottom, row?.bottom ?? tile.bottom);
      for (const badge of t.querySelectorAll('.badge')) {
        const b = badge.getBoundingClientRect();
        if (b.top >= bottom - 1) continue;
        if (b.bottom > bottom + 1 || b.right > tile.right + 1)
          out.push(`"${badge.textContent}" is cut in "${t.textContent}"`);
      }
      return out;
    }),
  );
}

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: how the week and the month look', () => {
  let jobs: { published: string; attention: string };
  beforeAll(async () => {
    rig = await startCalendarRig('callook');
    jobs = await seedAWeek();
    const status = async (id: string) => (await rig.repos.jobs.get(rig.workspaceId, id))?.status;
    await waitFor(async () => (await status(jobs.published)) === 'published', 30_000, 200);
    await waitFor(async () => (await status(jobs.attention)) === 'needs_attention', 30_000, 200);
    await mkdir(SHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => rig?.close());

  it('shows the week with every kind of badge, nothing spilling out of a tile, the header in one row', async () => {
    const { context, page } = await openCalendar(rig);
    try {
      await page.locator(`.tile-body[data-job="${jobs.attention}"]`).waitFor();
      const kinds = await page
        .locator('.fc-timeGridWeek-view .badge')
        .evaluateAll((badges) => badges.map((b) => b.className.replace('badge badge-', '')));
      for (const kind of ['published', 'needs_attention', 'missing_media', 'awaiting_approval', 'suggested'])
        expect(kinds).toContain(kind);
      const link = page.locator(`.tile-body[data-job="${jobs.published}"] a.badge-published`);
      expect(await link.getAttribute('href')).toMatch(/^dryrun:\/\/demo\//);
      expect((await rig.repos.jobs.get(rig.workspaceId, jobs.published))?.platformUrl).toBe(
        await link.getAttribute('href'),
      );
      expect(await spills(page)).toEqual([]);
      expect((await page.locator('header.bar').boundingBox())!.height).toBeLessThan(60);
      await page.screenshot({ path: join(SHOTS, 'calendar-week.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('shows the month with each tile as wide as its day and every badge whole', async () => {
    const { context, page } = await openCalendar(rig, { view: 'month' });
    try {
      // A month needs less height than a day of half-hours: no blank band under it in the picture.
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.locator(`.fc-dayGridMonth-view .tile-body[data-job="${jobs.attention}"]`).waitFor();
      const narrow = await page.locator('.fc-daygrid-event .tile-body').evaluateAll(
        (tiles) =>
          tiles.filter((t) => {
            const cell = t.closest('.fc-daygrid-day-frame')!.getBoundingClientRect();
            return t.getBoundingClientRect().width < cell.width * 0.85;
          }).length,
      );
      expect(narrow).toBe(0);
      expect(await spills(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'calendar-month.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('shows the week in the zone the viewer picks, an early-morning post included, and keeps the choice', async () => {
    const day = dayAhead(2);
    const { jobId } = await schedule(rig, { caption: 'Lunch in London, dawn in LA', when: `${day} 10:00` });
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      await waitShownAt(page, jobId, day, '10:00');
      await page.locator('#zone').selectOption('America/Los_Angeles');
      // 10:00 UTC is 02:00 in Los Angeles in winter: before the usual 06:00, and still on the grid.
      await waitShownAt(page, jobId, day, '02:00');
      const grid = (await page.locator('.fc-timegrid-body').boundingBox())!;
      // The tile may be drawn again meanwhile (the feed answers for the new zone): ask until it is there.
      await expect
        .poll(async () => (await tile(page, jobId).boundingBox())?.y ?? Number.NEGATIVE_INFINITY)
        .toBeGreaterThanOrEqual(grid.y);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('#zone').inputValue()).toBe('America/Los_Angeles');
      await waitShownAt(page, jobId, day, '02:00');
      expect((await rig.repos.jobs.get(rig.workspaceId, jobId))?.occurrenceAt.toISOString()).toBe(
        `${day}T10:00:00.000Z`,
      );
    } finally {
      await context.close();
    }
  });
});
