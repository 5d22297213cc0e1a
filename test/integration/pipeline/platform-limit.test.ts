import { afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../../src/core/domain/types.js';
import { QUOTA_RECHECK_MS } from '../../../src/core/use-cases/preflight.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { InstagramPublisher } from '../../../src/publishers/instagram.js';
import { type FakeInstagram, startFakeInstagram } from '../../support/fakes/index.js';
import { MINUTE, type PipelineHarness, pipelineHarness } from './pipeline-harness.js';

const TOKEN = 'ig-pipeline-token';
let h: PipelineHarness | undefined;
let ig: FakeInstagram | undefined;
afterEach(async () => {
  await ig?.close();
  await h?.shutdown();
  ig = undefined;
  h = undefined;
});

/** The pipeline with an Instagram account whose token is stored, against the fake Graph API. */
async function instagramPipeline(label: string) {
  ig = await startFakeInstagram({ token: TOKEN, processingPolls: 0, quotaTotal: 25 });
  h = await pipelineHarness(label);
  const publisher = new InstagramPublisher({
    baseUrl: `${ig.url}/v21.0`,
    pollIntervalMs: 5,
    timeoutMs: 2000,
  });
  const deps = { ...h.deps, publisherFor: (p: Platform) => (p === 'instagram' ? publisher : undefined) };
  const account = await h.deps.accounts.ensure({
    workspaceId: h.workspace.id,
    influencerId: 'inf',
    platform: 'instagram',
    handle: 'mia',
    timezone: 'UTC',
    platformUserId: '17841400000000001',
  });
  await h.deps.vault!.store(h.workspace.id, account.id, TOKEN);
  const { jobs } = await schedulePost(h.deps, {
    workspaceId: h.workspace.id,
    actor: h.actor,
    accountIds: [account.id],
    caption: 'Summer drop',
    media: [{ url: h.media.urlOf('photo.jpg'), kind: 'image' }],
    scheduledAt: new Date(h.clock.now().getTime() + MINUTE),
    timezone: 'UTC',
    localTime: 'x',
  });
  return { deps, jobId: jobs[0]!.id };
}

describe("Instagram's own publishing limit (content_publishing_limit) in preflight", () => {
  it('holds a job while Instagram reports the 24-hour quota used up: no container, no attempt, no failure; publishes once it frees', async () => {
    const { deps, jobId } = await instagramPipeline('iglimit');
    ig!.state.quotaUsage = 25; // posts made outside Herald count too
    h!.clock.advance(2 * MINUTE);
    const held = await runPublishJob(deps, { jobId, workerId: 'w1' });
    expect(held.outcome).toBe('rate_limited');
    const job = await h!.deps.jobs.get(h!.workspace.id, jobId);
    expect(job).toMatchObject({
      status: 'scheduled',
      failureCount: 0,
      lastError: { code: 'platform_limit_reached' },
    });
    expect(job!.lastError!.message).toContain('25 of instagram');
    expect(job!.nextAttemptAt.getTime()).toBe(h!.clock.now().getTime() + QUOTA_RECHECK_MS);
    expect(ig!.state.containers.size).toBe(0);
    expect(await h!.deps.attempts.listByJob(h!.workspace.id, jobId)).toEqual([]);
    expect(h!.notifier.ofType('needs_attention')).toHaveLength(0);

    ig!.state.quotaUsage = 24;
    h!.clock.set(job!.nextAttemptAt);
    expect((await runPublishJob(deps, { jobId, workerId: 'w1' })).outcome).toBe('published');
    expect(ig!.state.media).toHaveLength(1);
  });

  it('goes ahead when the limit cannot be read: the attempt itself decides', async () => {
    const { deps, jobId } = await instagramPipeline('iglimitdown');
    ig!.failNext({
      match: 'content_publishing_limit',
      status: 500,
      body: { error: { code: 2, is_transient: true } },
    });
    h!.clock.advance(2 * MINUTE);
    expect((await runPublishJob(deps, { jobId, workerId: 'w1' })).outcome).toBe('published');
    expect(ig!.state.media).toHaveLength(1);
  });
});
