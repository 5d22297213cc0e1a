import type { Collection, Db } from 'mongodb';
import type { PublishAttempt } from '../core/domain/types.js';
import type { AttemptRepository } from '../core/ports/attempt-repository.js';
import { fromDocs, type StoredDoc, stripUndefined, toDoc } from './documents.js';
import { GroupCommit } from './group-commit.js';

export class MongoAttemptRepository implements AttemptRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(db: Db) {
    this.col = db.collection<StoredDoc>('publish_attempts');
  }

  /**
   * Attempts started or finished while a write of the same kind is on its way go together in the
   * next one (group commit): under a burst, one insert and one update command for many jobs.
   */
  private readonly inserts = new GroupCommit<'insert', PublishAttempt>(async (_key, attempts) => {
    await this.col.insertMany(attempts.map(toDoc), { ordered: false });
  });
  private readonly completions = new GroupCommit<'complete', { id: string; set: Partial<PublishAttempt> }>(
    async (_key, done) => {
      // By `_id` alone (FerretDB's fast path): only the worker that inserted the attempt completes it.
      await this.col.bulkWrite(
        done.map(({ id, set }) => ({ updateOne: { filter: { _id: String(id) }, update: { $set: set } } })),
        { ordered: false },
      );
    },
  );

  async insert(attempt: PublishAttempt): Promise<void> {
    await this.inserts.add('insert', [attempt]);
  }

  async complete(
    id: string,
    result: Pick<PublishAttempt, 'result' | 'finishedAt'> & Partial<PublishAttempt>,
  ): Promise<void> {
    const { id: _id, ...rest } = result;
    await this.completions.add('complete', [{ id, set: stripUndefined(rest) }]);
  }

  async listByJob(workspaceId: string, jobId: string): Promise<PublishAttempt[]> {
    return fromDocs(
      await this.col
        .find({ workspaceId, jobId: String(jobId) })
        .sort({ attemptNumber: 1 })
        .toArray(),
    );
  }

  async listByPost(workspaceId: string, postId: string): Promise<PublishAttempt[]> {
    const docs = await this.col
      .find({ workspaceId, postId: String(postId) })
      .sort({ startedAt: 1 })
      .toArray();
    return fromDocs(docs);
  }
}
