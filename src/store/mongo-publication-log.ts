import type { Db } from 'mongodb';
import type { PublicationLog, RecordedPublication } from '../core/ports/publication-log.js';
import { fromDoc, isDuplicateKey, toDoc } from './documents.js';

type PublicationDoc = Omit<RecordedPublication, 'id'> & { _id: string };

/** Dryrun publications in `dryrun_publications`; its unique index on the idempotency key keeps one per key. */
export class MongoPublicationLog implements PublicationLog {
  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<PublicationDoc>('dryrun_publications');
  }

  async record(publication: RecordedPublication): Promise<void> {
    try {
      await this.col.insertOne(toDoc(publication));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async findByKey(idempotencyKey: string): Promise<RecordedPublication | null> {
    return fromDoc<RecordedPublication>(await this.col.findOne({ idempotencyKey }));
  }
}
