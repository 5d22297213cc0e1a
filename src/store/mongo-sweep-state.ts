import type { Db } from 'mongodb';
import type { SweepState } from '../core/ports/sweep-state.js';
import { isDuplicateKey } from './documents.js';

interface SweepStateDoc {
  _id: string;
  until: Date;
}

const HORIZON_ID = 'wake-ups';

/** The queued-until horizon as one document in `sweep_state`. */
export class MongoSweepState implements SweepState {
  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<SweepStateDoc>('sweep_state');
  }

  async queuedUntil(): Promise<Date | undefined> {
    const row = await this.col.findOne({ _id: HORIZON_ID });
    return row?.until;
  }

  async recordQueuedUntil(until: Date): Promise<void> {
    try {
      await this.col.updateOne({ _id: HORIZON_ID }, { $max: { until } }, { upsert: true });
    } catch (error) {
      // FerretDB's upsert is not atomic: another worker's first sweep may have inserted the row.
      if (!isDuplicateKey(error)) throw error;
      await this.col.updateOne({ _id: HORIZON_ID }, { $max: { until } });
    }
  }
}
