import type { Db } from 'mongodb';
import type { WorkerRegistry } from '../core/ports/worker-registry.js';
import { isDuplicateKey } from './documents.js';

interface HeartbeatDoc {
  _id: string;
  at: Date;
}

/** One document per worker in `worker_heartbeats`, newest found through its `at` index. */
export class MongoWorkerRegistry implements WorkerRegistry {
  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<HeartbeatDoc>('worker_heartbeats');
  }

  async beat(workerId: string, at: Date): Promise<void> {
    try {
      await this.col.updateOne({ _id: workerId }, { $set: { at } }, { upsert: true });
    } catch (error) {
      // FerretDB's upsert is not atomic: a concurrent first beat may have inserted the row.
      if (!isDuplicateKey(error)) throw error;
      await this.col.updateOne({ _id: workerId }, { $set: { at } });
    }
  }

  async newestBeat(): Promise<Date | undefined> {
    const latest = await this.col.find().sort({ at: -1 }).limit(1).next();
    return latest?.at;
  }
}
