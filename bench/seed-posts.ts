import type { Db } from 'mongodb';
import type { Account, Post } from '../src/core/domain/types.js';
import type { CoreDeps } from '../src/core/use-cases/deps.js';
import { newJob } from '../src/core/use-cases/new-job.js';
import { publishJobName, storesWakeUp } from '../src/jobs/agenda-publish-queue.js';
import { dayOf } from '../src/store/day-bucket.js';
import { toDoc } from '../src/store/documents.js';

/** The document `AgendaPublishQueue.enqueue` stores. */
function wakeUp(jobId: string, at: Date) {
  return {
    name: publishJobName(jobId),
    data: { jobId, at: at.toISOString() },
    priority: 0,
    type: 'normal',
    nextRunAt: at,
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
    // With the `day` bucket the stores add (see src/store/day-bucket.ts).
    await db
      .collection('posts')
      .insertMany(posts.map((p) => ({ ...toDoc(p), day: dayOf(p.scheduledAt) })) as never[]);
    await db
      .collection('publish_jobs')
      .insertMany(jobs.map((j) => ({ ...toDoc(j), day: dayOf(j.occurrenceAt) })) as never[]);
    // As the queue stores them: only wake-ups within its horizon; the sweeper queues the rest.
    const near = jobs.filter((j) => storesWakeUp(j.nextAttemptAt, new Date()));
    if (near.length > 0)
      await db.collection('agenda_jobs').insertMany(near.map((j) => wakeUp(j.id, j.nextAttemptAt)));
  }
  return { postIds, jobIds };
}
