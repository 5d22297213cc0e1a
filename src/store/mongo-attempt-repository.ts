import type { Collection, Db } from 'mongodb';
import type { PublishAttempt } from '../core/domain/types.js';
import type { AttemptRepository } from '../core/ports/attempt-repository.js';
import { fromDocs, type StoredDoc, stripUndefined, toDoc } from './documents.js';

export class MongoAttemptRepository implements AttemptRepository {
  private readonly col: Collection<StoredDoc>;

  constructor(db: Db) {
    this.col = db.collection<StoredDoc>('publish_attempts');
  }

  async insert(attempt: PublishAttempt): Promise<void> {
    await this.col.insertOne(toDoc(attempt));
  }

  async complete(
    id: string,
    result: Pick<PublishAttempt, 'result' | 'finishedAt'> & Partial<PublishAttempt>,
  ): Promise<void> {
    const { id: _id, ...rest } = result;
    // By `_id` alone (FerretDB's fast path): only the worker that inserted the attempt completes it.
    await this.col.updateOne({ _id: String(id) }, { $set: stripUndefined(rest) });
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
