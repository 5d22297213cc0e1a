import type { Db } from 'mongodb';
import type { StoredDoc } from './documents.js';

/** Once-only notice keys are kept this long: far past any retry, replay or sweep that could repeat them. */
export const NOTICE_RETENTION_MS = 30 * 86_400_000;
/** Drafts are kept a day past their expiry, so a late Confirm still gets "expired", not "not found". */
export const DRAFT_RETENTION_MS = 86_400_000;

/**
 * Deletes housekeeping rows that only grow: notice keys (chat replay guards, sent alerts) and
 * expired drafts. FerretDB 1.x has no TTL indexes, so the sweeper calls this about hourly.
 */
export async function pruneOldRecords(db: Db, now: Date): Promise<{ notices: number; drafts: number }> {
  const notices = await db
    .collection<StoredDoc>('notices')
    .deleteMany({ at: { $lt: new Date(now.getTime() - NOTICE_RETENTION_MS) } });
  const drafts = await db
    .collection<StoredDoc>('drafts')
    .deleteMany({ expiresAt: { $lt: new Date(now.getTime() - DRAFT_RETENTION_MS) } });
  // Connect links and authorization states are good for minutes; a day later they are only clutter.
  for (const name of ['connect_links', 'connect_states'])
    await db
      .collection<StoredDoc>(name)
      .deleteMany({ expiresAt: { $lt: new Date(now.getTime() - DRAFT_RETENTION_MS) } });
  return { notices: notices.deletedCount, drafts: drafts.deletedCount };
}
