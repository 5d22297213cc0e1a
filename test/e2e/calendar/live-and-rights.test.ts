import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAhead, openCalendar, pageFetch, tile, waitShownAt } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, schedule, startCalendarRig } from './rig.js';

if (!HAS_CHROMIUM) console.warn(`[calendar e2e] skipped: ${SKIP_REASON}`);
let rig: CalendarRig;

describe.skipIf(!HAS_CHROMIUM)('web calendar in Chromium: live changes, and who may decide', () => {
  beforeAll(async () => {
    rig = await startCalendarRig('callive');
  }, 180_000);
  afterAll(async () => rig?.close());

  it('shows a post scheduled and then moved through /v1 on the open page within 2 s of each change', async () => {
    const day = dayAhead(2);
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      const { postId, jobId } = await schedule(rig, { caption: 'Made by a script', when: `${day} 09:30` });
      let changedAt = Date.now();
      await waitShownAt(page, jobId, day, '09:30', 2000);
      const appeared = Date.now() - changedAt;

      const moved = await rig.api('POST', `/v1/posts/${postId}/reschedule`, { when: `${day} 13:00` });
      expect(moved.status).toBe(200);
      changedAt = Date.now();
      await waitShownAt(page, jobId, day, '13:00', 2000);
      const followed = Date.now() - changedAt;
      console.log(`[calendar e2e] /v1 changes shown after ${appeared} ms (new) and ${followed} ms (moved)`);
      expect((await rig.repos.jobs.get(rig.workspaceId, jobId))?.occurrenceAt.toISOString()).toBe(
        `${day}T13:00:00.000Z`,
      );
    } finally {
      await context.close();
    }
  });

  it('offers no Approve to a viewer who is not an approver, and refuses (403) and audits an approve forged from the page', async () => {
    const campaign = await rig.api('POST', '/v1/campaigns', {
      name: 'brand-review',
      mode: 'approval',
      approvers: ['U0BOSS'],
    });
    expect(campaign.status).toBe(201);
    const day = dayAhead(2);
    const { postId, jobId } = await schedule(rig, {
      caption: 'Needs the boss',
      when: `${day} 16:00`,
      campaignId: campaign.body.id,
    });
    const { context, page } = await openCalendar(rig, { date: day });
    try {
      await waitShownAt(page, jobId, day, '16:00');
      expect(await tile(page, jobId).locator('.badge').allTextContents()).toEqual(['awaiting approval']);
      await tile(page, jobId).click();
      await page.locator('#panel').waitFor({ state: 'visible' });
      const actions = await page
        .locator('#panel [data-action]')
        .evaluateAll((buttons) => buttons.map((b) => b.dataset.action));
      expect(actions).not.toContain('approve');
      expect(actions).not.toContain('reject');
      expect(actions).toContain('cancel');

      const forged = await pageFetch(page, `/v1/posts/${postId}/approve`, { csrf: true });
      expect(forged.status).toBe(403);
      expect(forged.body.detail).toContain('brand-review');

      expect((await rig.repos.jobs.get(rig.workspaceId, jobId))?.status).toBe('awaiting_approval');
      const audit = await rig.repos.audit.list({
        workspaceId: rig.workspaceId,
        subjectId: postId,
        limit: 20,
      });
      expect(audit.find((e) => e.action === 'post.decision_refused')).toMatchObject({
        actor: { kind: 'console', id: 'console' },
        subject: { type: 'post', id: postId },
      });
    } finally {
      await context.close();
    }
  });
});
