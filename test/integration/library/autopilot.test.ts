import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCore } from '../../../src/compose.js';
import { runCardAction } from '../../../src/core/cards/card-actions.js';
import { runCommand } from '../../../src/core/commands/router.js';
import type { Campaign } from '../../../src/core/domain/types.js';
import type { OperationContext } from '../../../src/core/operations/context.js';
import { pickAt, runAutopilot } from '../../../src/core/use-cases/autopilot.js';
import type { CoreDeps } from '../../../src/core/use-cases/deps.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import {
  type FakeMediaHost,
  SAMPLE_JPEG,
  SAMPLE_MP4,
  startFakeMediaHost,
} from '../../support/fakes/media-host.js';
import { createHarness, type Harness, RecordingQueue } from '../../support/harness.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { ScriptedPublisher } from '../../support/scripted-publisher.js';
import { setCampaign } from '../../support/seed.js';

/** The content library and the curator's-choice autopilot, against the real database. */

const NOW = new Date('2026-12-08T08:00:00Z'); // Tuesday
const clock = new ManualClock(NOW);
const publisher = new ScriptedPublisher();
let h: Harness;
let ctx: OperationContext;
const say = (line: string) => runCommand(h.deps, ctx, line);
const sayText = async (line: string) => {
  const r = await say(line);
  return [r.title, ...r.lines].join('\n');
};

let media: FakeMediaHost;
/** A media URL on the local fake host (the preflight fetches it). */
const u = (name: string) =>
  name.endsWith('.mp4')
    ? media.addFile(name, SAMPLE_MP4, 'video/mp4')
    : media.addFile(name, SAMPLE_JPEG, 'image/jpeg');

beforeAll(async () => {
  media = await startFakeMediaHost();
  h = await createHarness({ label: 'autopilot', clock, publishers: { dryrun: publisher } });
  ctx = { workspace: h.workspace, actor: h.actor };
});
afterAll(async () => {
  await h?.close();
  await media?.close();
});

async function campaign(name: string, mode: Campaign['mode']): Promise<Campaign> {
  return h.deps.campaigns.ensure({
    workspaceId: h.workspace.id,
    name,
    mode,
    approvers: [],
    fourEyes: false,
    minGapMinutes: 0,
    dailyCap: 0,
  });
}
const fresh = async (id: string) => (await h.deps.campaigns.get(h.workspace.id, id)) as Campaign;
const asset = async (id: string) => h.deps.assets.get(h.workspace.id, id);
const idIn = (text: string, prefix: string) =>
  new RegExp(`${prefix}_[A-Za-z0-9_-]+`).exec(text)?.[0] as string;

describe('library and autopilot', () => {
  let best: string;
  let second: string;
  let low: string;

  it('adds assets from chat, refuses bad ones with the reason, and lists them best first', async () => {
    low = idIn(await sayText(`library add @demo ${u('low.jpg')} score:40 #one`), 'ast');
    best = idIn(await sayText(`library add @demo ${u('best.jpg')} score:87 #sunset "Golden hour"`), 'ast');
    clock.advance(1000);
    second = idIn(await sayText(`library add @demo ${u('tie.mp4')} score:87`), 'ast');
    expect((await asset(second))?.kind).toBe('video');
    await expect(say('library add @demo ftp://x/y.jpg')).rejects.toThrow(/must start with https/);
    await expect(say(`library add @demo ${u('z.jpg')} score:120`)).rejects.toThrow(/0 to 100/);
    await expect(say(`library add @demo ${u('best.jpg')}`)).rejects.toThrow(/already has this URL/);
    const list = await sayText('library @demo');
    expect(list).toContain('3 assets, 3 ready');
    expect(list.indexOf(best)).toBeLessThan(list.indexOf(low));
  });

  it('reads an added file’s kind, size and length from its first bytes, and says so when it cannot', async () => {
    const png = Buffer.alloc(33);
    Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(png, 0);
    png.writeUInt32BE(1080, 16);
    png.writeUInt32BE(1350, 20);
    const pngUrl = media.addFile('tall.bin', png, 'image/png');
    const mvhd = Buffer.alloc(40);
    mvhd.writeUInt32BE(40, 0);
    mvhd.write('mvhd', 4);
    mvhd.writeUInt32BE(1000, 20); // timescale
    mvhd.writeUInt32BE(12_500, 24); // duration
    const clipUrl = media.addFile('clip.bin', Buffer.concat([SAMPLE_MP4, mvhd]), 'video/mp4');
    const tall = await sayText(`library add @demo ${pngUrl} score:1`);
    expect(tall).toContain('(score 1, image 1080×1350)');
    const clip = await sayText(`library add @demo ${clipUrl} score:1`);
    expect(clip).toContain('(score 1, video 12.5 s)');
    const gone = await sayText(`library add @demo ${media.url}/media/missing.jpg score:1`);
    expect(gone).toContain('Could not read the file (the server answered HTTP 404)');
    for (const id of [tall, clip, gone].map((t) => idIn(t, 'ast')))
      await h.deps.assets.update(h.workspace.id, id, 1, { state: 'retired' });
  });

  it('auto mode: picks the highest score (ties: added first), once per due time, and marks it posted when it publishes', async () => {
    const c = await campaign('daily', 'auto');
    const on = await sayText('autopilot on daily @demo every day at 09:00');
    expect(on).toContain('Autopilot on for campaign "daily"');
    expect(on).toContain('Next pick: Tue 8 Dec 2026 09:00');
    const outcomes = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(outcomes.map((o) => o.kind)).toEqual(['picked']);
    const picked = outcomes[0] as Extract<(typeof outcomes)[number], { kind: 'picked' }>;
    expect(picked.asset.id).toBe(best);
    expect(picked.post.caption).toBe('Golden hour\n\n#sunset');
    expect(picked.post.media).toEqual([{ url: u('best.jpg'), kind: 'image' }]);
    expect(picked.post.scheduledAt.toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect((await asset(best))?.state).toBe('reserved');
    // The next sweep finds the pick made: nothing more.
    expect((await runAutopilot(h.deps, await fresh(c.id), 'w2')).map((o) => o.kind)).toEqual(['taken']);

    clock.set(new Date('2026-12-08T09:00:01Z'));
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, picked.post.id);
    expect((await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'w1' })).outcome).toBe(
      'published',
    );
    const posted = await asset(best);
    expect([posted?.state, posted?.timesPosted, posted?.postedAt?.toISOString()]).toEqual([
      'posted',
      1,
      '2026-12-08T09:00:01.000Z',
    ]);
    // Tomorrow's pick: the tie that was added later, now the best not yet posted.
    const next = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(next.map((o) => (o.kind === 'picked' ? o.asset.id : o.kind))).toEqual([second]);
    await say('autopilot off daily');
    await say(`cancel ${(next[0] as { post: { id: string } }).post.id}`);
    expect((await asset(second))?.state).toBe('ready');
  });

  it('a publish that fails for good marks the asset failed: it is not picked again until a person re-queues it', async () => {
    const c = await campaign('failing', 'auto');
    await say('autopilot on failing @demo every day at 10:00');
    const [pick] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(pick?.kind === 'picked' && pick.asset.id).toBe(second);
    const postId = (pick as { post: { id: string } }).post.id;
    clock.set(new Date('2026-12-08T10:00:01Z'));
    publisher.failures = 1;
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, postId);
    expect((await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'w1' })).outcome).toBe(
      'failed',
    );
    expect((await asset(second))?.state).toBe('failed');
    const [again] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(again?.kind === 'picked' && again.asset.id).toBe(low);
    expect(await sayText(`library requeue ${second}`)).toContain('may be picked again');
    expect((await asset(second))?.state).toBe('ready');
    await say('autopilot off failing');
    await say(`cancel ${(again as { post: { id: string } }).post.id}`);
  });

  it('suggest-only: a suggestion card with Publish / Skip (next best) / Not this one, each doing what it says', async () => {
    const c = await campaign('suggest', 'suggest_only');
    await say('autopilot on suggest @demo every day at 12:00');
    const before = h.notifier.ofType('suggested').length;
    const [pick] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    const postId = (pick as { post: { id: string } }).post.id;
    expect(pick?.kind === 'picked' && pick.asset.id).toBe(second);
    expect(h.notifier.ofType('suggested').length).toBe(before + 1);
    const skipped = await runCardAction(h.deps, ctx, { id: 'pick_next', target: postId });
    expect(skipped.kind).toBe('card');
    expect(skipped.kind === 'card' && skipped.card.actions.map((a) => a.label)).toEqual([
      'Publish',
      'Skip (next best)',
      'Not this one',
    ]);
    expect((await h.deps.posts.get(h.workspace.id, postId))?.assetId).toBe(low);
    expect((await asset(second))?.state).toBe('ready');
    await runCardAction(h.deps, ctx, { id: 'pick_never', target: postId });
    expect((await asset(low))?.state).toBe('retired');
    const now = await h.deps.posts.get(h.workspace.id, postId);
    expect(now?.assetId).toBe(second);
    const accepted = await runCardAction(h.deps, ctx, { id: 'accept_pick', target: postId });
    expect(accepted.kind).toBe('card');
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, postId);
    expect([job?.status, job?.nextAttemptAt.toISOString()]).toEqual([
      'scheduled',
      '2026-12-08T12:00:00.000Z',
    ]);
    clock.set(new Date('2026-12-08T12:00:01Z'));
    expect((await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'w1' })).outcome).toBe(
      'published',
    );
    expect((await asset(second))?.state).toBe('posted');
    await say('autopilot off suggest');
  });

  it('approval mode: a pick waits for an approver on an approval card, and publishes nothing on its own', async () => {
    const c = await campaign('approve', 'approval');
    const added = idIn(await sayText(`library add @demo ${u('approval.jpg')} score:5`), 'ast');
    await say('autopilot on approve @demo every day at 13:00');
    const before = h.notifier.ofType('approval_requested').length;
    const [pick] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(pick?.kind).toBe('picked');
    const postId = (pick as { post: { id: string } }).post.id;
    const cards = h.notifier.ofType('approval_requested');
    expect(cards.length).toBe(before + 1);
    const card = cards.at(-1)?.notification as { post: { id: string; assetId?: string } } | undefined;
    expect(card?.post).toMatchObject({
      id: postId,
      assetId: (pick as { asset: { id: string } }).asset.id,
    });
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, postId);
    expect(job?.status).toBe('awaiting_approval');
    await say('autopilot off approve');
    await say(`reject ${postId}`).catch(() => undefined);
    await say(`cancel ${postId}`).catch(() => undefined);
    // Stopped before it published: its asset is back in the library (then put aside for the next test).
    const back = await asset(added);
    expect([back?.id, back?.state]).toEqual([(pick as { asset: { id: string } }).asset.id, 'ready']);
    await h.deps.assets.update(h.workspace.id, added, back?.version ?? 0, { state: 'retired' });
  });

  it('an empty library warns once a day, and the rule keeps running', async () => {
    const c = await campaign('empty', 'auto');
    await say('autopilot on empty @demo every day at 15:00');
    await setCampaign(h.deps, h.workspace.id, c.id, {});
    const alerts = () => h.notifier.ofType('library_empty').length;
    const base = alerts();
    // Everything left is posted, failed or retired.
    expect((await runAutopilot(h.deps, await fresh(c.id), 'w1')).map((o) => o.kind)).toEqual(['empty']);
    clock.advance(6 * 60_000);
    expect((await runAutopilot(h.deps, await fresh(c.id), 'w2')).map((o) => o.kind)).toEqual(['empty']);
    expect(alerts()).toBe(base + 1);
    const note = h.notifier.ofType('library_empty').at(-1)?.notification;
    expect(note).toMatchObject({ handle: 'demo', day: 'Tue 8 Dec' });
    // Content arrives: the same due time gets its pick.
    clock.advance(6 * 60_000);
    const added = idIn(await sayText(`library add @demo ${u('new.jpg')} score:10`), 'ast');
    const [pick] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(pick?.kind === 'picked' && pick.asset.id).toBe(added);
    await say('autopilot off empty');
    await say(`cancel ${(pick as { post: { id: string } }).post.id}`);
    // The next day, an empty library alerts again.
    clock.set(new Date('2026-12-09T08:00:00Z'));
    await say(`library never ${(pick as { post: { id: string } }).post.id}`).catch(() => {});
    await say('autopilot on empty @demo every day at 15:00');
    await h.deps.assets.update(h.workspace.id, added, ((await asset(added))?.version ?? 0) as number, {
      state: 'retired',
    });
    await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(alerts()).toBe(base + 2);
    await say('autopilot off empty');
  });

  it('evergreen: a posted asset comes back after N days, at most M more times', async () => {
    const c = await campaign('evergreen', 'auto');
    await say('autopilot on evergreen @demo every day at 18:00 --evergreen 30d/1');
    // `best` was posted on 8 Dec: not back within 30 days.
    expect((await runAutopilot(h.deps, await fresh(c.id), 'w1')).map((o) => o.kind)).toEqual(['empty']);
    clock.set(new Date('2027-01-08T08:00:00Z'));
    const [pick] = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(pick?.kind === 'picked' && [pick.asset.id, pick.asset.score]).toEqual([best, 87]);
    const postId = (pick as { post: { id: string } }).post.id;
    clock.set(new Date('2027-01-08T18:00:01Z'));
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, postId);
    await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'w1' });
    expect((await asset(best))?.timesPosted).toBe(2);
    // Posted twice = back once: no more.
    clock.set(new Date('2027-03-01T08:00:00Z'));
    const later = await runAutopilot(h.deps, await fresh(c.id), 'w1');
    expect(later.some((o) => o.kind === 'picked' && o.asset.id === best)).toBe(false);
    await say('autopilot off evergreen');
  });

  it('refuses a rule that happens once, accounts of two influencers, and a bad evergreen rule, changing nothing', async () => {
    await campaign('strict', 'auto');
    await expect(say('autopilot on strict @demo tomorrow 9am')).rejects.toThrow(/happens once/);
    await expect(say('autopilot on strict @demo every day at 09:00 --evergreen soon')).rejects.toThrow(
      /not an evergreen rule/,
    );
    await expect(say('autopilot on strict @demo each free slot')).rejects.toThrow(/no posting slots/);
    await expect(say('autopilot on nosuch @demo every day at 09:00')).rejects.toThrow(/No campaign "nosuch"/);
    const stored = (await h.deps.campaigns.list(h.workspace.id)).find((c) => c.name === 'strict');
    expect(stored?.autopilot).toBeUndefined();
  });
});

describe('racing workers', () => {
  it('three workers with their own connections firing one rule at once make one pick; three campaigns at once take three different assets', async () => {
    const extra: { client: MongoClient; deps: CoreDeps }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const client = new MongoClient(h.testDb.url);
      await client.connect();
      extra.push({
        client,
        deps: composeCore({
          db: client.db(h.testDb.name),
          clock,
          ids: new RandomIds(),
          queue: new RecordingQueue(),
          notifier: new RecordingNotifier(),
        }),
      });
    }
    try {
      clock.set(new Date('2027-06-01T08:00:00Z'));
      for (let i = 0; i < 6; i += 1) await say(`library add @demo ${u(`race-${i}.jpg`)} score:${90 - i}`);
      const one = await campaign('race-one', 'auto');
      await say('autopilot on race-one @demo every day at 09:00');
      const c = await fresh(one.id);
      const at = new Date('2027-06-01T09:00:00Z');
      const outcomes = await Promise.all(extra.map((w, i) => pickAt(w.deps, c, at, `worker-${i}`)));
      expect(outcomes.filter((o) => o.kind === 'picked')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(2);
      const reserved = (await h.deps.assets.list(h.workspace.id)).filter((a) => a.state === 'reserved');
      expect(reserved.filter((a) => a.url.includes('race-')).map((a) => a.url)).toEqual([u('race-0.jpg')]);

      const others = await Promise.all(
        ['race-a', 'race-b', 'race-c'].map(async (name) => {
          await campaign(name, 'auto');
          await say(`autopilot on ${name} @demo every day at 09:30`);
          return (await h.deps.campaigns.list(h.workspace.id)).find((x) => x.name === name) as Campaign;
        }),
      );
      const at2 = new Date('2027-06-01T09:30:00Z');
      const three = await Promise.all(
        others.map((camp, i) => pickAt((extra[i] as { deps: CoreDeps }).deps, camp, at2, `w${i}`)),
      );
      const ids = three.map((o) => (o.kind === 'picked' ? o.asset.id : o.kind));
      expect(new Set(ids).size).toBe(3);
      expect(ids.every((id) => id.startsWith('ast_'))).toBe(true);
      const posts = await Promise.all(three.map((o) => (o.kind === 'picked' ? o.post.assetId : null)));
      expect(posts).toEqual(ids);
    } finally {
      for (const w of extra) await w.client.close();
    }
  });
});
