import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/workers.js';
import { openCalendar, toastText } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, startCalendarRig } from './rig.js';

/**
 * Autopilot on the web calendar: the pick made for the next day shows as a post with its asset's
 * score and can be swapped for the next best from its panel; the due times after it show as
 * dashed tentative tiles saying which asset would go.
 */
if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
const SHOTS = process.env.HERALD_SCREENSHOTS
  ? resolve(process.env.HERALD_SCREENSHOTS)
  : join(tmpdir(), 'herald-calendar-screenshots');
let rig: CalendarRig;

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: autopilot picks', () => {
  beforeAll(async () => {
    rig = await startCalendarRig('calpilot');
    await mkdir(SHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => rig?.close());

  it('shows the next pick with its score, swaps it from its panel, and shows the later due times as tentative tiles', async () => {
    for (const [name, score] of [
      ['dawn', 95],
      ['noon', 85],
      ['dusk', 75],
      ['night', 65],
    ] as const) {
      const added = await rig.api('POST', '/v1/library', {
        influencer: '@demo',
        url: `https://cdn.example.com/${name}.jpg`,
        score,
        caption: `The ${name} shot`,
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
    expect((await rig.api('POST', '/v1/campaigns', { name: 'pilot', mode: 'suggest_only' })).status).toBe(
      201,
    );
    // Due two hours from now each day: the first due time is within the 24-hour look-ahead.
    const due = new Date(Date.now() + 2 * 3_600_000);
    const hhmm = due.toISOString().slice(11, 16);
    const on = await rig.api('POST', '/v1/commands', {
      text: `autopilot on pilot @demo every day at ${hhmm}`,
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const picked = await waitFor(
      async () =>
        (await rig.repos.posts.list({ workspaceId: rig.workspaceId, limit: 10 })).items.find(
          (p) => p.assetId,
        ),
      20_000,
      250,
    );
    const [job] = await rig.repos.jobs.listByPost(rig.workspaceId, picked.id);
    const day = due.toISOString().slice(0, 10);
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      const pickTile = page.locator(`.tile-body[data-job="${job?.id}"]`);
      await pickTile.waitFor();
      expect(await pickTile.locator('.tile-head').textContent()).toContain('★95');
      const tentative = page.locator('.tentative .tile-body');
      await expect.poll(() => tentative.count(), { timeout: 5000 }).toBeGreaterThan(0);
      expect(await tentative.first().textContent()).toContain('would post The noon shot (score 85)');
      await page.screenshot({ path: join(SHOTS, 'calendar-autopilot.png'), fullPage: true });

      await pickTile.click();
      await page.locator('#panel button[data-action="pickNext"]').click();
      expect(await toastText(page)).toMatch(/^Now posts ast_\w+ \(score 85\)\.$/);
      const swapped = await rig.repos.posts.get(rig.workspaceId, picked.id);
      const asset = await rig.api('GET', '/v1/library?influencer=@demo');
      const byId = new Map(
        asset.body.items.map((a: { id: string; score: number; state: string }) => [a.id, a]),
      );
      expect((byId.get(swapped?.assetId as string) as { score: number }).score).toBe(85);
      expect((byId.get(picked.assetId as string) as { state: string }).state).toBe('ready');
      await expect
        .poll(() => pickTile.locator('.tile-head').textContent(), { timeout: 5000 })
        .toContain('★85');
    } finally {
      await context.close();
    }
  }, 120_000);
});
