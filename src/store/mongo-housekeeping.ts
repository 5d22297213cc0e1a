import type { Db } from 'mongodb';
import type { Housekeeping, PruneReport } from '../core/ports/housekeeping.js';
import { pruneOldRecords } from './prune.js';

/** The store's own repairs (see `pruneOldRecords`), behind one port for the worker. */
export class MongoHousekeeping implements Housekeeping {
  constructor(private readonly db: Db) {}

  pruneOldRecords(now: Date): Promise<PruneReport> {
    return pruneOldRecords(this.db, now);
  }
}
