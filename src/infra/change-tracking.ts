import type { PublishJob } from '../core/domain/types.js';
import type { ChangeClock } from '../core/ports/change-clock.js';
import type { JobRepository } from '../core/ports/job-repository.js';
import type { PostRepository } from '../core/ports/post-repository.js';

/** Milliseconds since epoch, with the sub-millisecond part: a write and a read in one millisecond stay ordered. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Records the time of every local write to a workspace's posts and jobs. */
export class LocalChanges implements ChangeClock {
  private readonly last = new Map<string, number>();

  touch(workspaceId: string): void {
    this.last.set(workspaceId, preciseNow());
  }

  lastChange(workspaceId: string): number {
    return this.last.get(workspaceId) ?? 0;
  }
}

/**
 * The job store, noting each write it makes in `changes`. Its methods run the store's own with
 * the object they were called on (`this`), so a view made of it with Object.create (a use case's
 * write scope) is what the store sees.
 */
export function trackJobs(inner: JobRepository, changes: LocalChanges): JobRepository {
  const noted = (job: PublishJob | null) => {
    if (job) changes.touch(job.workspaceId);
    return job;
  };
  return Object.assign(Object.create(inner) as JobRepository, {
    async insertMany(this: JobRepository, jobs: PublishJob[]) {
      const inserted = await inner.insertMany.call(this, jobs);
      for (const job of inserted) changes.touch(job.workspaceId);
      return inserted;
    },
    async transition(this: JobRepository, ...args: Parameters<JobRepository['transition']>) {
      return noted(await inner.transition.apply(this, args));
    },
    async patch(this: JobRepository, ...args: Parameters<JobRepository['patch']>) {
      return noted(await inner.patch.apply(this, args));
    },
  });
}

/** The post store, noting each write it makes in `changes` (and calling through as trackJobs does). */
export function trackPosts(inner: PostRepository, changes: LocalChanges): PostRepository {
  return Object.assign(Object.create(inner) as PostRepository, {
    async insert(this: PostRepository, ...args: Parameters<PostRepository['insert']>) {
      changes.touch(args[0].workspaceId);
      return inner.insert.apply(this, args);
    },
    async update(this: PostRepository, ...args: Parameters<PostRepository['update']>) {
      const updated = await inner.update.apply(this, args);
      changes.touch(args[0]);
      return updated;
    },
  });
}
