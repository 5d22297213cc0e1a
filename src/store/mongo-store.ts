import { type Db, MongoClient, MongoServerSelectionError } from 'mongodb';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import { ensureIndexes } from './indexes.js';
import { migrate } from './migrations.js';
import { MongoAccountRepository } from './mongo-account-repository.js';
import { MongoAssetRepository } from './mongo-asset-repository.js';
import { MongoAttemptRepository } from './mongo-attempt-repository.js';
import { MongoAuditLog } from './mongo-audit-log.js';
import { MongoCampaignRepository } from './mongo-campaign-repository.js';
import { MongoInfluencerRepository } from './mongo-influencer-repository.js';
import { MongoJobRepository } from './mongo-job-repository.js';
import { MongoPickClaims } from './mongo-pick-claims.js';
import { MongoPostRepository } from './mongo-post-repository.js';
import { MongoWorkspaceRepository } from './mongo-workspace-repository.js';
import { assertSupportedServer } from './supported-server.js';

/** Every repository over one database: what use cases receive as their storage dependencies. */
export function createRepositories(db: Db, deps: { ids: IdGenerator; clock: Clock }) {
  return {
    workspaces: new MongoWorkspaceRepository(db, deps.ids, deps.clock),
    influencers: new MongoInfluencerRepository(db, deps.ids, deps.clock),
    accounts: new MongoAccountRepository(db, deps.ids, deps.clock),
    campaigns: new MongoCampaignRepository(db, deps.ids, deps.clock),
    posts: new MongoPostRepository(db),
    jobs: new MongoJobRepository(db, deps.clock),
    attempts: new MongoAttemptRepository(db),
    audit: new MongoAuditLog(db),
    assets: new MongoAssetRepository(db, deps.clock),
    picks: new MongoPickClaims(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * How long an operation waits for a reachable server before it fails. Short, so that while the
 * database is down API calls answer 503 and readiness fails fast instead of holding requests;
 * the driver keeps reconnecting in the background and the next call after it is back succeeds.
 */
const SERVER_SELECTION_TIMEOUT_MS = 2_000;

/** How long start-up keeps trying to reach the database (a server started alongside may lag). */
const FIRST_CONNECT_WITHIN_MS = 10_000;

/**
 * Connects, checks the server answers and is one Herald runs on (supported-server.ts: refused
 * otherwise, before anything is written), and creates indexes (idempotent).
 */
export async function connectMongo(
  url: string,
  dbName: string,
  appName = 'herald',
): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS, appName });
  await connectWithin(client, FIRST_CONNECT_WITHIN_MS);
  const db = client.db(dbName);
  await db.command({ ping: 1 });
  await assertSupportedServer(db);
  await ensureIndexes(db);
  await migrate(db);
  return { client, db };
}

/**
 * `connect` until it succeeds or `ms` have passed. A client whose first connect failed refuses
 * every operation, so start-up retries the connect itself rather than the first command.
 */
async function connectWithin(client: MongoClient, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await client.connect();
      return;
    } catch (error) {
      const unreachable = error instanceof MongoServerSelectionError;
      if (!unreachable || Date.now() + SERVER_SELECTION_TIMEOUT_MS > deadline) throw error;
    }
  }
}
