import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordCardSink } from '../../../src/bots/discord/discord-card-sink.js';
import { discordRest } from '../../../src/bots/discord/discord-settings.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import type { PublishRun } from '../../../src/core/use-cases/publish-run.js';
import {
  buttonsOf,
  type DiscordHarness,
  HQ,
  RIVAL,
  startDiscordHarness,
} from '../../support/discord-harness.js';
import { botMessage } from '../../support/fakes/discord-fake.js';
import { ScriptedPublisher } from '../../support/scripted-publisher.js';

/**
 * Makes the core's first read of each post in `postIds` take `ms` — Herald's own work, not
 * Discord, is slow (a busy database) — so the interaction that reads it runs past Discord's 3 s.
 */
function slowFirstReads(h: DiscordHarness, postIds: string[], ms: number): void {
  const posts = h.deps.posts as { get: typeof h.deps.posts.get };
  const get = posts.get.bind(posts);
  const pending = new Set(postIds);
  posts.get = async (workspaceId, id) => {
    if (pending.delete(id)) {
      if (pending.size === 0) delete (posts as Partial<typeof posts>).get;
      await sleep(ms);
    }
    return get(workspaceId, id);
  };
}

describe('Discord safety: the 3-second window, alerts once, Retry, 429s', () => {
  let h: DiscordHarness;
  const publisher = new ScriptedPublisher();
  let slowPublish: Promise<PublishRun> | undefined;
  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'auto', dryrun: publisher, settings: { retryDelaysMs: [] } });
    await h.answer(h.command('accounts'));
  });
  afterAll(async () => {
    await slowPublish;
    await h?.close();
  });

  /** Schedules a post due in a second and runs its job once it is due. */
  async function publishedOnce(caption: string): Promise<{ postId: string; jobId: string; run: PublishRun }> {
    const { postId } = await h.schedule(caption, 'in 1 second');
    const [job] = await h.jobsOf(postId);
    await sleep(Math.max(0, (job?.nextAttemptAt.getTime() ?? 0) - Date.now() + 50));
    const run = await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    return { postId, jobId: job?.id as string, run };
  }

  it('while a platform takes 10 s to publish, commands and presses are still answered within 3 s', async () => {
    const { postId } = await h.schedule('Slow platform', 'in 1 second');
    const [job] = await h.jobsOf(postId);
    await sleep(Math.max(0, (job?.nextAttemptAt.getTime() ?? 0) - Date.now() + 50));
    publisher.delayMs = 10_000;
    slowPublish = runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    await sleep(300);
    publisher.delayMs = 0;
    const shown = await h.answer(h.command('show', { post: postId }));
    expect(shown.ackMs).toBeLessThan(3000);
    expect(shown.text).toContain('publishing');
    const message = botMessage({ customId: `herald:cancel:${postId}` });
    const press = await h.answer(h.press(`herald:cancel:${postId}`, message));
    expect(press.ackMs).toBeLessThan(3000);
    expect(press.content).toContain('nothing to cancel');
    expect(h.fake.failures).toEqual([]);
  });

  it('when Herald’s own work takes 3.5 s, a command is deferred within the budget and then answered', async () => {
    const { postId } = await h.schedule('Slow core');
    slowFirstReads(h, [postId, 'pst_doesnotexist'], 3500);
    const [shown, refused] = await Promise.all([
      h.answer(h.command('show', { post: postId })),
      h.answer(h.command('cancel', { post: 'pst_doesnotexist' })),
    ]);
    expect(shown).toMatchObject({ type: 5, ephemeral: true });
    expect(shown.ackMs).toBeLessThan(2500);
    expect(shown.text).toContain('Slow core');
    // cancel answers in the channel, so it was deferred publicly: the refusal replaces it privately.
    expect(refused).toMatchObject({ type: 5, ephemeral: true });
    expect(refused.content).toContain('NOT_FOUND');
    expect(JSON.stringify(h.fake.messages(HQ.channelId))).not.toContain('pst_doesnotexist');
    expect(h.fake.failures).toEqual([]);
  }, 30_000);

  it('when Herald’s own work is slow, a press is deferred as an update and the card still changes in place', async () => {
    const [{ postId: first }, { postId: second }] = [
      await h.schedule('Slow press'),
      await h.schedule('Slow form'),
    ];
    const card = (id: string) => botMessage({ channelId: HQ.channelId, customId: `herald:cancel:${id}` });
    slowFirstReads(h, [first, second], 3500);
    const [cancelled, late] = await Promise.all([
      h.answer(h.press(`herald:cancel:${first}`, card(first))),
      h.answer(h.press(`herald:edit_time:${second}`, card(second))),
    ]);
    expect(cancelled.type).toBe(6);
    expect(cancelled.ackMs).toBeLessThan(2500);
    expect(cancelled.text).toContain(`Cancelled by <@${HQ.userId}>`);
    expect(cancelled.buttons).toEqual([]);
    // A form can only be the first response: after a deferral Herald asks for another press.
    expect(late).toMatchObject({ type: 6, ephemeral: true });
    expect(late.content).toContain('press the button again');
    expect(h.fake.failures).toEqual([]);
  }, 30_000);

  it('a failed publish posts exactly one alert card whose Retry republishes it', async () => {
    publisher.failures = 1;
    const { jobId, run } = await publishedOnce('Will fail once');
    expect(run.outcome).not.toBe('published');
    await runPublishJob(h.deps, { jobId, workerId: 'test' });
    const card = await h.cardIn(HQ.alertsChannelId, `herald:retry:${jobId}`);
    const text = JSON.stringify(card.embeds);
    expect(text).toContain('Publish failed');
    expect(text).toContain('refused the caption');
    expect(text).toContain('failed');
    expect(buttonsOf(card).map((id) => id.split(':')[1])).toEqual(['retry', 'reschedule', 'cancel']);
    await h.answer(h.press(`herald:retry:${jobId}`, card));
    const updated = h.fake.messages(HQ.alertsChannelId).find((m) => m.id === card.id);
    expect(JSON.stringify(updated?.embeds)).toContain(`Retry requested by <@${HQ.userId}>`);
    expect(updated?.components).toEqual([]);
    const wake = h.queue.wakeUps.filter((w) => w.jobId === jobId).at(-1);
    expect(wake?.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await runPublishJob(h.deps, { jobId, workerId: 'test' })).outcome).toBe('published');
    const alerts = h.fake
      .requestsTo('POST /channels/')
      .filter((r) => JSON.stringify(r.body).includes(`herald:retry:${jobId}`));
    expect(alerts).toHaveLength(1);
  });

  it('an alert that meets a 429 waits retry_after, then is posted once', async () => {
    const route = `POST /channels/${HQ.alertsChannelId}/messages`;
    const before = h.fake.requestsTo(route).length;
    h.fake.rateLimitNext(route, 1);
    publisher.failures = 1;
    const { jobId } = await publishedOnce('Rate limited alert');
    await h.cardIn(HQ.alertsChannelId, `herald:retry:${jobId}`);
    const requests = h.fake.requestsTo(route).slice(before);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('cards queued behind a 429 wait with it instead of retrying in a storm', async () => {
    const sink = new DiscordCardSink(discordRest(h.fake.token, `${h.fake.url}/api`));
    const card = (i: number) => ({
      title: `Card ${i}`,
      lines: [],
      fields: [],
      badges: [],
      actions: [],
      tone: 'info' as const,
    });
    // The first post learns the channel's guild (one GET) and the route's rate-limit bucket.
    await sink.post(HQ.channelId, card(-1), HQ_WORKSPACE);
    const route = `POST /channels/${HQ.channelId}/messages`;
    const before = h.fake.requestsTo(route).length;
    h.fake.rateLimitNext(route, 1);
    await Promise.all(Array.from({ length: 5 }, (_, i) => sink.post(HQ.channelId, card(i), HQ_WORKSPACE)));
    const requests = h.fake.requestsTo(route).slice(before);
    expect(requests).toHaveLength(6);
    const limitedAt = requests[0]!.at;
    expect(requests.slice(1).every((r) => r.at - limitedAt >= 900)).toBe(true);
    const titles = h.fake.messages(HQ.channelId).map((m) => m.embeds[0]?.title);
    for (let i = 0; i < 5; i += 1) expect(titles).toContain(`Card ${i}`);
  });

  it('refuses to post a card to a channel of another guild (a campaign setting cannot route cards across tenants)', async () => {
    const sink = new DiscordCardSink(discordRest(h.fake.token, `${h.fake.url}/api`));
    const card = {
      title: 'Cross-tenant',
      lines: [],
      fields: [],
      badges: [],
      actions: [],
      tone: 'info' as const,
    };
    await expect(sink.post(RIVAL.channelId, card, HQ_WORKSPACE)).rejects.toThrow('is not in guild');
    expect(h.fake.messages(RIVAL.channelId).map((m) => m.embeds[0]?.title)).not.toContain('Cross-tenant');
  });
});

const HQ_WORKSPACE = {
  id: 'ws_hq',
  kind: 'discord' as const,
  externalId: HQ.guildId,
  name: 'HQ',
  timezone: 'UTC',
  createdAt: new Date(),
};
