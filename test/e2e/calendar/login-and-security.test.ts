import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoSecrets } from '../../../src/infra/crypto-secrets.js';
import { type Dom, dayAhead, openCalendar, pageFetch, tile } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, schedule, startCalendarRig } from './rig.js';

if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
const CONSOLE_PERSON = { kind: 'console', id: 'console' };
let rig: CalendarRig;

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: logging in and staying safe', () => {
  beforeAll(async () => {
    rig = await startCalendarRig('callogin');
  }, 180_000);
  afterAll(async () => rig?.close());

  it('logs in through the link the console prints for `calendar` and shows the week with readiness badges', async () => {
    const day = dayAhead();
    const { jobId } = await schedule(rig, { caption: 'Launch teaser', when: `${day} 10:00` });
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      await expect.poll(() => tile(page, jobId).textContent()).toContain('Launch teaser');
      expect(await tile(page, jobId).locator('.tile-head').textContent()).toBe('10:00 @demo · dryrun');
      expect(await tile(page, jobId).locator('.badge').allTextContents()).toEqual(['scheduled']);
      expect(await page.locator('.fc-timeGridWeek-view').count()).toBe(1);
      expect(await page.locator('.viewer').textContent()).toBe('console');

      // The database: a session of the console person under the cookie's hash; the link is used up.
      const cookie = (await context.cookies()).find((c) => c.name === 'herald_session');
      const session = await rig.testDb.db
        .collection('web_sessions')
        .findOne({ _id: cryptoSecrets.hash(cookie?.value ?? '') as never });
      expect(session).toMatchObject({ workspaceId: rig.workspaceId, actor: CONSOLE_PERSON });
      const links = await rig.testDb.db.collection('login_links').find({ actor: CONSOLE_PERSON }).toArray();
      expect(links.every((l) => l.usedAt instanceof Date)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('refuses a write that lacks the page’s CSRF token with 403 and changes nothing; with it, the same write works', async () => {
    const { postId, jobId } = await schedule(rig, { caption: 'Guarded', when: `${dayAhead()} 11:00` });
    const { context, page } = await openCalendar(rig);
    try {
      const cancel = (csrf: boolean) => pageFetch(page, `/v1/posts/${postId}/cancel`, { csrf });
      const refused = await cancel(false);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('CSRF');
      expect((await rig.repos.jobs.get(rig.workspaceId, jobId))?.status).toBe('scheduled');

      expect((await cancel(true)).status).toBe(200);
      expect((await rig.repos.jobs.get(rig.workspaceId, jobId))?.status).toBe('cancelled');
    } finally {
      await context.close();
    }
  });

  it('keeps the session cookie away from scripts (HttpOnly) and from other sites (SameSite=Strict)', async () => {
    const { context, page } = await openCalendar(rig);
    try {
      const cookie = (await context.cookies()).find((c) => c.name === 'herald_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
      // Eight hours, give or take the test's own run time.
      expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(8 * 3600_000 - 120_000);
      expect(await page.evaluate(() => (globalThis as Dom).document.cookie)).not.toContain('herald_session');
    } finally {
      await context.close();
    }
  });

  it('paints the calendar page within a second, with an empty cache and with a warm one', async () => {
    const { context, page } = await openCalendar(rig);
    const firstPaint = () =>
      page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
    try {
      const cold = await firstPaint();
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      const warm = await firstPaint();
      console.log(
        `[calendar e2e] first contentful paint: ${Math.round(cold)} ms cold, ${Math.round(warm)} ms warm`,
      );
      // The goal is 1 s; the bound leaves room for a machine busy with the other suites.
      expect(cold).toBeLessThan(2000);
      expect(warm).toBeLessThan(2000);
    } finally {
      await context.close();
    }
  });
});
