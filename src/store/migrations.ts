import type { Db } from 'mongodb';
import { WAKING_STATUSES } from '../core/domain/job-status.js';
import { wakeSecond } from '../core/domain/wake-second.js';
import { dayOf } from './day-bucket.js';
import { isDuplicateKey, type StoredDoc } from './documents.js';

/**
 * Brings documents stored by an earlier Herald up to what this one queries by: jobs and posts
 * get their `day` bucket, waiting jobs their `wake` second. Runs at connect, once per database (a marker records it), and is safe
 * when several processes start together (every write sets the same value).
 */
export async function migrate(db: Db): Promise<void> {
  await dayBuckets(db);
  await wakeSeconds(db);
  await seriesMarkers(db);
  await dispatchWakeUps(db);
}

/** Agenda's collection (see mongo-agenda-backend.ts). */
const AGENDA_JOBS = 'agenda_jobs';
/** Wake-ups an earlier Herald stored, one per publish job under 33 names (`herald.publish.N`). */
const LEGACY_WAKE_UP = /^herald\.publish(\.[0-9]+)?$/;

/**
 * Wake-ups stored by an earlier Herald become wake-ups of the dispatcher (`herald.dispatch`, see
 * src/jobs/agenda-publish-queue.ts), so a worker polls one job name instead of 33. Each still
 * fires at its time and starts a look; its data is not read. Not marked done: it is one cheap
 * update, and an earlier Herald still running beside this one may store more.
 */
async function dispatchWakeUps(db: Db): Promise<void> {
  await db
    .collection(AGENDA_JOBS)
    .updateMany({ name: { $regex: LEGACY_WAKE_UP } }, { $set: { name: 'herald.dispatch' } });
}

/** Jobs still waiting get the second they wake in (`wake`), which the dispatcher claims by. */
async function wakeSeconds(db: Db): Promise<void> {
  const marks = db.collection<StoredDoc>('migrations');
  if (await marks.findOne({ _id: 'wake-seconds' })) return;
  const col = db.collection<StoredDoc>('publish_jobs');
  for (;;) {
    const filter = { status: { $in: [...WAKING_STATUSES] }, wake: { $exists: false } };
    const batch = await col
      .find(filter, { projection: { nextAttemptAt: 1 } })
      .limit(500)
      .toArray();
    if (batch.length === 0) break;
    await col.bulkWrite(
      batch.map((doc) => ({
        updateOne: {
          filter: { _id: doc._id },
          // A row without a due time (never written by this Herald) gets none: no look finds it.
          update: { $set: { wake: doc.nextAttemptAt instanceof Date ? wakeSecond(doc.nextAttemptAt) : '' } },
        },
      })),
    );
  }
  await marks.insertOne({ _id: 'wake-seconds', at: new Date() }).catch((error) => {
    if (!isDuplicateKey(error)) throw error;
  });
}

/** Active series get their `series` marker, which the sweep lists them by. */
async function seriesMarkers(db: Db): Promise<void> {
  const marks = db.collection<StoredDoc>('migrations');
  if (await marks.findOne({ _id: 'series-markers' })) return;
  await db
    .collection<StoredDoc>('posts')
    .updateMany(
      { status: 'active', 'recurrence.rrule': { $exists: true }, series: { $exists: false } },
      { $set: { series: 'active' } },
    );
  await marks.insertOne({ _id: 'series-markers', at: new Date() }).catch((error) => {
    if (!isDuplicateKey(error)) throw error;
  });
}

async function dayBuckets(db: Db): Promise<void> {
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
