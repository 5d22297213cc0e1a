import type { Db } from 'mongodb';
import { dayOf } from './day-bucket.js';
import { isDuplicateKey, type StoredDoc } from './documents.js';

/**
 * Brings documents stored by an earlier Herald up to what this one queries by: jobs and posts
 * get their `day` bucket. Runs at connect, once per database (a marker records it), and is safe
 * when several processes start together (every write sets the same value).
 */
export async function migrate(db: Db): Promise<void> {
  const marks = db.collection<StoredDoc>('migrations');
  if (await marks.findOne({ _id: 'day-buckets' })) return;
  for (const [collection, field] of [
    ['publish_jobs', 'occurrenceAt'],
    ['posts', 'scheduledAt'],
  ] as const) {
    const col = db.collection<StoredDoc>(collection);
    for (;;) {
      const batch = await col
        .find({ day: { $exists: false } }, { projection: { [field]: 1 } })
        .limit(500)
        .toArray();
      if (batch.length === 0) break;
      await Promise.all(
        batch.map((doc) => col.updateOne({ _id: doc._id }, { $set: { day: dayOf(doc[field] as Date) } })),
      );
    }
  }
  await marks.insertOne({ _id: 'day-buckets', at: new Date() }).catch((error) => {
    if (!isDuplicateKey(error)) throw error;
  });
}
