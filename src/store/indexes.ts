import type { Db, IndexDescription } from 'mongodb';

/**
 * Every index Herald needs, created at start-up (idempotent). Only plain and unique compound
 * indexes: no partial, TTL or text indexes, so the same set works on MongoDB and FerretDB 1.x.
 */
export const INDEXES: Record<string, IndexDescription[]> = {
  workspaces: [{ key: { kind: 1, externalId: 1 }, name: 'workspace_by_external_id', unique: true }],
  influencers: [{ key: { workspaceId: 1, handle: 1 }, name: 'influencer_by_handle', unique: true }],
  accounts: [
    { key: { workspaceId: 1, platform: 1, handle: 1 }, name: 'account_by_handle', unique: true },
    { key: { workspaceId: 1, handle: 1 }, name: 'account_handle_lookup' },
    { key: { 'connection.refreshAt': 1 }, name: 'account_refresh_due' },
  ],
  connect_links: [{ key: { expiresAt: 1 }, name: 'connect_link_by_expiry' }],
  connect_states: [{ key: { expiresAt: 1 }, name: 'connect_state_by_expiry' }],
  campaigns: [{ key: { workspaceId: 1, name: 1 }, name: 'campaign_by_name', unique: true }],
  posts: [
    { key: { workspaceId: 1, scheduledAt: 1, _id: 1 }, name: 'post_list' },
    { key: { workspaceId: 1, accountIds: 1, scheduledAt: 1 }, name: 'post_by_account' },
    { key: { workspaceId: 1, day: 1 }, name: 'post_by_day' },
    // Active series only carry `series` (see mongo-post-repository.ts): the sweep's list of them.
    { key: { series: 1 }, name: 'post_active_series' },
  ],
  publish_jobs: [
    { key: { idempotencyKey: 1 }, name: 'job_idempotency_key', unique: true },
    // Also the expired leases' index: few jobs are `publishing` at once (see RETIRED).
    { key: { status: 1, nextAttemptAt: 1 }, name: 'job_due' },
    // The dispatcher's claim candidates: the seconds just past (see wake-second.ts).
    { key: { wake: 1 }, name: 'job_wake' },
    // Jobs of a post (`{workspaceId, postId}`): post ids are unique, so postId leads. An index
    // led by workspaceId would make FerretDB's SQLite scan the workspace's jobs, and a second
    // index would make every job insert and update pay to keep it.
    { key: { postId: 1 }, name: 'job_by_post_id' },
    { key: { workspaceId: 1, accountId: 1, occurrenceAt: 1 }, name: 'job_by_account_time' },
    // A window's jobs, day by day (see day-bucket.ts).
    { key: { workspaceId: 1, day: 1 }, name: 'job_by_day' },
    { key: { accountId: 1, status: 1, publishedAt: 1 }, name: 'job_published_by_account' },
  ],
  publish_attempts: [
    { key: { jobId: 1, attemptNumber: 1 }, name: 'attempt_by_job', unique: true },
    { key: { workspaceId: 1, postId: 1 }, name: 'attempt_by_post' },
  ],
  audit_events: [
    { key: { workspaceId: 1, at: -1 }, name: 'audit_by_time' },
    { key: { workspaceId: 1, 'subject.id': 1, at: -1 }, name: 'audit_by_subject' },
  ],
  dryrun_publications: [{ key: { idempotencyKey: 1 }, name: 'dryrun_by_key', unique: true }],
  credentials: [{ key: { workspaceId: 1, accountId: 1 }, name: 'credential_by_account', unique: true }],
  worker_heartbeats: [{ key: { at: -1 }, name: 'heartbeat_by_time' }],
  chat_cards: [{ key: { postId: 1 }, name: 'chat_card_by_post' }],
  library_assets: [
    { key: { workspaceId: 1, influencerId: 1, url: 1 }, name: 'asset_by_url', unique: true },
    { key: { workspaceId: 1, influencerId: 1, state: 1 }, name: 'asset_by_state' },
    { key: { workspaceId: 1, 'pick.postId': 1 }, name: 'asset_by_pick' },
  ],
  autopilot_picks: [{ key: { workspaceId: 1, campaignId: 1, at: 1 }, name: 'pick_by_campaign' }],
};

/**
 * Indexes an earlier Herald created that this one no longer keeps: every write paid to maintain
 * them. `job_lease` ({status, lease.until}): the expired-lease look reads the few `publishing`
 * jobs through `job_due`'s status.
 */
export const RETIRED: Record<string, string[]> = {
  publish_jobs: ['job_lease'],
};

/**
 * Creates the missing indexes one per call, and drops the retired ones. FerretDB 1.24 closes the connection when one
 * `createIndexes` command names several indexes that already exist, so Herald never sends that.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    const names = existing.has(collection)
      ? new Set((await db.collection(collection).listIndexes().toArray()).map((i) => i.name))
      : new Set<string>();
    for (const index of indexes) {
      if (!names.has(index.name as string)) await db.collection(collection).createIndexes([index]);
    }
    for (const name of RETIRED[collection] ?? [])
      if (names.has(name)) await db.collection(collection).dropIndex(name);
  }
}
