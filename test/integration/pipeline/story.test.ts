import { afterEach, describe, expect, it } from 'vitest';
import { approvePost, rejectPost } from '../../../src/core/use-cases/approve-post.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { publishNow, retryNow } from '../../../src/core/use-cases/publish-now.js';
import { setCampaign } from '../../support/seed.js';
import { MINUTE, type PipelineHarness, pipelineHarness } from './pipeline-harness.js';

let h: PipelineHarness | undefined;
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
});

const run = (p: PipelineHarness, jobId: string) => runPublishJob(p.deps, { jobId, workerId: 'w1' });
const job = (p: PipelineHarness, id: string) => p.deps.jobs.get(p.workspace.id, id);
const attempts = (p: PipelineHarness, id: string) => p.deps.attempts.listByJob(p.workspace.id, id);

describe('publish pipeline stories (webhook platform faked at the wire)', () => {
  it('publishes on time: one signed delivery, one successful attempt, job published with the platform id', async () => {
    h = await pipelineHarness('happy');
    const { jobs } = await h.schedule();
    h.clock.advance(MINUTE);
    expect((await run(h, jobs[0]!.id)).outcome).toBe('published');
    expect(h.webhook.state.deliveries).toHaveLength(1);
    expect(h.webhook.state.deliveries[0]?.idempotencyKey).toBe(jobs[0]?.idempotencyKey);
    const done = await job(h, jobs[0]!.id);
    expect(done).toMatchObject({ status: 'published', platformPostId: h.webhook.state.deliveries[0]?.id });
    expect((await attempts(h, jobs[0]!.id)).map((a) => a.result)).toEqual(['success']);
  });

  it('sends a job with unreachable media to needs_attention without any attempt or delivery', async () => {
    h = await pipelineHarness('nomedia');
    const { jobs } = await h.schedule({ media: ['missing.jpg'] });
    h.clock.advance(MINUTE);
    expect((await run(h, jobs[0]!.id)).outcome).toBe('needs_attention');
    expect(await job(h, jobs[0]!.id)).toMatchObject({
      status: 'needs_attention',
      lastError: { code: 'media_unreachable' },
    });
    expect(await attempts(h, jobs[0]!.id)).toEqual([]);
    expect(h.webhook.state.deliveries).toHaveLength(0);
    expect(h.notifier.ofType('needs_attention')).toHaveLength(1);
  });

  it('sends a job whose token expired to needs_attention without any attempt', async () => {
    h = await pipelineHarness('expired');
    await h.testDb.db
      .collection('accounts')
      .updateOne(
        { _id: h.hook.id as never },
        { $set: { tokenExpiresAt: new Date(h.clock.now().getTime() - 1000) } },
      );
    const { jobs } = await h.schedule();
    h.clock.advance(MINUTE);
    await run(h, jobs[0]!.id);
    expect(await job(h, jobs[0]!.id)).toMatchObject({
      status: 'needs_attention',
      lastError: { code: 'token_expired' },
    });
    expect(await attempts(h, jobs[0]!.id)).toEqual([]);
  });

  it('retries transient failures at +5m, +15m and +30m, then needs attention with the last error and exactly one alert', async () => {
    h = await pipelineHarness('retries');
    const { jobs } = await h.schedule();
    const id = jobs[0]!.id;
    h.webhook.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 502 });
    h.clock.advance(MINUTE);
    const started: number[] = [];
    for (const wait of [5, 15, 30]) {
      started.push(h.clock.now().getTime());
      expect((await run(h, id)).outcome).toBe('retry_scheduled');
      const waiting = await job(h, id);
      expect(waiting?.status).toBe('retry_wait');
      expect(waiting!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(wait * MINUTE);
      expect((await run(h, id)).reason).toBe('not_due');
      h.clock.set(waiting!.nextAttemptAt);
    }
    expect((await run(h, id)).outcome).toBe('needs_attention');
    const final = await job(h, id);
    expect(final).toMatchObject({
      status: 'needs_attention',
      failureCount: 4,
      lastError: { code: 'http_502' },
    });
    const tries = await attempts(h, id);
    expect(tries.map((a) => a.result)).toEqual([
      'transient_error',
      'transient_error',
      'transient_error',
      'transient_error',
    ]);
    expect(tries.map((a) => (a.startedAt.getTime() - started[0]!) / MINUTE)).toEqual([0, 5, 20, 50]);
    expect(h.notifier.ofType('needs_attention')).toHaveLength(1);
    expect(h.webhook.state.deliveries).toHaveLength(0);
  });

  it('stops at once on a permanent rejection: one attempt, failed, one alert, no retry queued', async () => {
    h = await pipelineHarness('permanent');
    const { jobs } = await h.schedule();
    h.webhook.failNext({ status: 422, body: { error: 'content rejected' } });
    h.clock.advance(MINUTE);
    const wakeUpsBefore = h.queue.wakeUps.length;
    expect((await run(h, jobs[0]!.id)).outcome).toBe('failed');
    expect((await attempts(h, jobs[0]!.id)).map((a) => a.result)).toEqual(['permanent_error']);
    expect(h.queue.wakeUps.length).toBe(wakeUpsBefore);
    expect(h.notifier.ofType('failed')).toHaveLength(1);
  });

  it('delays a job the platform rate-limits by its Retry-After without spending a retry', async () => {
    h = await pipelineHarness('ratelimit');
    const { jobs } = await h.schedule();
    h.webhook.failNext({ status: 429, headers: { 'Retry-After': '120' } });
    h.clock.advance(MINUTE);
    expect((await run(h, jobs[0]!.id)).outcome).toBe('rate_limited');
    const delayed = await job(h, jobs[0]!.id);
    expect(delayed).toMatchObject({ status: 'scheduled', failureCount: 0 });
    expect(delayed!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(120_000);
    h.clock.set(delayed!.nextAttemptAt);
    expect((await run(h, jobs[0]!.id)).outcome).toBe('published');
    expect((await attempts(h, jobs[0]!.id)).map((a) => a.result)).toEqual(['rate_limited', 'success']);
  });

  it('publish-now makes a job due immediately and it publishes on the next run; retry-now revives a failed one', async () => {
    h = await pipelineHarness('now', 'auto', { publishNowEnabled: true });
    const { post, jobs } = await h.schedule({ inMs: 24 * 60 * MINUTE });
    const result = await publishNow(h.deps, { workspaceId: h.workspace.id, postId: post.id, actor: h.actor });
    expect(result.moved[0]!.nextAttemptAt.getTime()).toBe(h.clock.now().getTime());
    expect(h.queue.wakeUps.at(-1)).toEqual({ jobId: jobs[0]!.id, at: h.clock.now() });
    h.webhook.failNext({ status: 400 });
    expect((await run(h, jobs[0]!.id)).outcome).toBe('failed');
    await retryNow(h.deps, { workspaceId: h.workspace.id, postId: post.id, actor: h.actor });
    expect((await run(h, jobs[0]!.id)).outcome).toBe('published');
  });

  it('refuses publish-now while the feature flag is off', async () => {
    h = await pipelineHarness('flag');
    const { post } = await h.schedule();
    await expect(
      publishNow(h.deps, { workspaceId: h.workspace.id, postId: post.id, actor: h.actor }),
    ).rejects.toMatchObject({ code: 'FEATURE_DISABLED' });
  });
});

describe('autonomy modes and approvals', () => {
  it('never publishes a suggest-only post on its own', async () => {
    h = await pipelineHarness('suggest', 'suggest_only');
    const { jobs } = await h.schedule();
    expect(jobs[0]?.status).toBe('suggested');
    h.clock.advance(2 * MINUTE);
    expect(await run(h, jobs[0]!.id)).toMatchObject({ outcome: 'skipped', reason: 'not_pending' });
    expect(h.webhook.state.deliveries).toHaveLength(0);
  });

  it('moves an unapproved post to needs_attention at its due time', async () => {
    h = await pipelineHarness('unapproved', 'approval');
    const { jobs } = await h.schedule();
    h.clock.advance(MINUTE);
    await run(h, jobs[0]!.id);
    expect(await job(h, jobs[0]!.id)).toMatchObject({
      status: 'needs_attention',
      lastError: { code: 'approval_missing' },
    });
  });

  it('lets a listed approver approve (approval on record, then it publishes) and refuses and audits anyone else', async () => {
    h = await pipelineHarness('approve', 'approval');
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, {
      approvers: ['U_BOSS', 'G_LEADS'],
      fourEyes: true,
    });
    const { post, jobs } = await h.schedule();
    const input = { workspaceId: h.workspace.id, postId: post.id };
    await expect(
      approvePost(h.deps, { ...input, actor: { kind: 'console', id: 'U_RANDOM' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const refused = await h.deps.audit.list({ workspaceId: h.workspace.id, actorId: 'U_RANDOM', limit: 5 });
    expect(refused.map((e) => e.action)).toEqual(['post.decision_refused']);
    const viaGroup = await approvePost(h.deps, {
      ...input,
      actor: { kind: 'console', id: 'U_LEAD' },
      actorRoles: ['G_LEADS'],
    });
    expect(viaGroup.moved[0]).toMatchObject({ status: 'scheduled', approval: { by: { id: 'U_LEAD' } } });
    await expect(
      approvePost(h.deps, { ...input, actor: { kind: 'console', id: 'U_BOSS' } }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    h.clock.advance(MINUTE);
    expect((await run(h, jobs[0]!.id)).outcome).toBe('published');
  });

  it('refuses self-approval with four-eyes on, and rejects with the reason kept', async () => {
    h = await pipelineHarness('foureyes', 'approval');
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, {
      approvers: [h.actor.id, 'U_BOSS'],
      fourEyes: true,
    });
    const { post, jobs } = await h.schedule();
    const input = { workspaceId: h.workspace.id, postId: post.id };
    await expect(approvePost(h.deps, { ...input, actor: h.actor })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'own_post' },
    });
    await rejectPost(h.deps, {
      ...input,
      actor: { kind: 'console', id: 'U_BOSS' },
      reason: 'Off-brand colours',
    });
    expect(await job(h, jobs[0]!.id)).toMatchObject({
      status: 'cancelled',
      lastError: { code: 'rejected', message: 'Off-brand colours' },
    });
  });

  it('gives exactly one decision when 50 approve and reject clicks race', async () => {
    h = await pipelineHarness('clicks', 'approval');
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { approvers: ['U_A', 'U_B'] });
    const { post, jobs } = await h.schedule();
    const clicks = Array.from({ length: 50 }, (_, i) => {
      const input = {
        workspaceId: h!.workspace.id,
        postId: post.id,
        actor: { kind: 'console' as const, id: i % 2 ? 'U_A' : 'U_B' },
      };
      return (i % 2 ? approvePost(h!.deps, input) : rejectPost(h!.deps, { ...input, reason: 'no' })).then(
        () => 'ok',
        (e) => e.code,
      );
    });
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'INVALID_TRANSITION')).toBe(true);
    const decisions = (
      await h.deps.audit.list({ workspaceId: h.workspace.id, subjectId: jobs[0]!.id, limit: 100 })
    ).filter((e) => e.action !== 'job.publishing');
    expect(decisions).toHaveLength(1);
  });
});
