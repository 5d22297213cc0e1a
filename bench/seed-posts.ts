import type { Db } from 'mongodb';
import type { Account, Post } from '../src/core/domain/types.js';
import { startOfSecond, wakeSecond } from '../src/core/domain/wake-second.js';
import type { CoreDeps } from '../src/core/use-cases/deps.js';
import { newJob } from '../src/core/use-cases/new-job.js';
import { DISPATCH_JOB, storesWakeUp } from '../src/jobs/agenda-publish-queue.js';
import { dayOf } from '../src/store/day-bucket.js';
import { toDoc } from '../src/store/documents.js';
import { seedWorkspace } from '../test/support/seed.js';

/** The document `AgendaPublishQueue.enqueue` stores: one per second. */
function wakeUp(at: Date) {
  return {
    name: DISPATCH_JOB,
    data: { second: wakeSecond(at) },
    priority: 0,
    type: 'normal',
    nextRunAt: startOfSecond(at),
    lockedAt: null,
    lastModifiedBy: null,
    disabled: false,
  };
}

/**
 * Bulk-inserts `count` scheduled posts (one job each, accounts taken in turn) as the core shapes
 * them, with the wake-ups the queue would store: set-up speed only (10,000 posts through `schedulePost` take
 * about 15 minutes on FerretDB). What a bench measures runs the real code.
 */
export async function seedScheduledPosts(
  deps: Pick<CoreDeps, 'ids' | 'clock'>,
  db: Db,
  opts: {
    workspaceId: string;
    campaignId: string;
    accounts: Account[];
    count: number;
    at: (i: number) => Date;
  },
): Promise<{ postIds: string[]; jobIds: string[] }> {
  const postIds: string[] = [];
  const jobIds: string[] = [];
  for (let start = 0; start < opts.count; start += 1000) {
    const posts: Post[] = [];
    const jobs = [];
    for (let i = start; i < Math.min(opts.count, start + 1000); i += 1) {
      const at = opts.at(i);
      const account = opts.accounts[i % opts.accounts.length]!;
      const post: Post = {
        id: deps.ids.next('pst'),
        workspaceId: opts.workspaceId,
        accountIds: [account.id],
        caption: `bench ${i}`,
        media: [],
        scheduledAt: at,
        timezone: 'UTC',
        localTime: at.toISOString().slice(0, 16),
        campaignId: opts.campaignId,
        status: 'active',
        createdBy: { kind: 'system', id: 'bench' },
        createdAt: new Date(),
        updatedAt: new Date(),
        version: 1,
      };
      const job = newJob(deps, post, account.id, account.platform, at, 'scheduled');
      post.jobIds = [job.id];
      posts.push(post);
      jobs.push(job);
      postIds.push(post.id);
      jobIds.push(job.id);
    }
    // With the `day` bucket and `wake` second the stores add (see src/store/day-bucket.ts).
    await db
      .collection('posts')
      .insertMany(posts.map((p) => ({ ...toDoc(p), day: dayOf(p.scheduledAt) })) as never[]);
    await db.collection('publish_jobs').insertMany(
      jobs.map((j) => ({
        ...toDoc(j),
        day: dayOf(j.occurrenceAt),
        wake: wakeSecond(j.nextAttemptAt),
      })) as never[],
    );
    // As the queue stores them: only wake-ups within its horizon; the sweeper queues the rest.
    const near = jobs.filter((j) => storesWakeUp(j.nextAttemptAt, new Date()));
    const seconds = new Map(near.map((j) => [wakeSecond(j.nextAttemptAt), j.nextAttemptAt]));
    const stored = await db
      .collection('agenda_jobs')
      .find({ name: DISPATCH_JOB }, { projection: { data: 1 } })
      .toArray();
    for (const doc of stored) seconds.delete(doc.data?.second);
    if (seconds.size > 0) await db.collection('agenda_jobs').insertMany([...seconds.values()].map(wakeUp));
  }
  return { postIds, jobIds };
}

const DAY_MS = 86_400_000;

/**
 * The calendar scenario: a workspace with five dryrun accounts (posting slots on weekdays),
 * `week` posts spread over the week starting a week from today, and the rest of `total` in the
 * weeks around it. What `bench calendar` times and `bench/calendar-profile.ts` takes apart.
 */
export async function seedCalendarWeek(deps: CoreDeps, db: Db, opts: { week: number; total: number }) {
  const { workspace, campaign, account } = await seedWorkspace(deps, 'auto');
  const accounts = [account];
  for (let i = 1; i < 5; i += 1)
    accounts.push(
      await deps.accounts.ensure({
        workspaceId: workspace.id,
        influencerId: account.influencerId,
        platform: 'dryrun',
        timezone: 'UTC',
        handle: `creator${i}`,
        slots: [{ days: [1, 2, 3, 4, 5], times: ['09:00', '18:00'] }],
      }),
    );
  const from = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS + 7 * DAY_MS);
  await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts,
    count: Math.max(opts.week, opts.total),
    at: (i) =>
      i < opts.week
        ? new Date(from.getTime() + Math.floor((i / opts.week) * 7 * DAY_MS))
        : new Date(from.getTime() + (i % 2 ? 14 : -7 + 1) * DAY_MS + (i % 1000) * 600_000),
  });
  return { workspace, accounts, from, to: new Date(from.getTime() + 7 * DAY_MS) };
}
