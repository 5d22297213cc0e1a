import type { Db } from 'mongodb';
import type { NoticeLog } from '../core/ports/notice-log.js';
import { isDuplicateKey, type StoredDoc } from './documents.js';

/** One document per notice key: the `_id` unique index decides who sends. */
export class MongoNoticeLog implements NoticeLog {
  constructor(private readonly db: Db) {}

  async firstTime(key: string, at: Date): Promise<boolean> {
    try {
      await this.db.collection<StoredDoc>('notices').insertOne({ _id: key, at });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Taken, unless it was given back for a time that has come (retryAfter).
      const retaken = await this.db
        .collection<StoredDoc>('notices')
        .findOneAndUpdate(
          { _id: key, retryAfter: { $lte: at } },
          { $set: { at }, $unset: { retryAfter: '' } },
        );
      return retaken !== null;
    }
  }

  async retryAfter(key: string, from: Date): Promise<void> {
    await this.db.collection<StoredDoc>('notices').updateOne({ _id: key }, { $set: { retryAfter: from } });
  }

  async forget(key: string): Promise<void> {
    await this.db.collection<StoredDoc>('notices').deleteOne({ _id: key });
  }
}
