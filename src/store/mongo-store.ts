import { type Db, MongoClient } from 'mongodb';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import { ensureIndexes } from './indexes.js';
import { MongoAccountRepository } from './mongo-account-repository.js';
import { MongoAttemptRepository } from './mongo-attempt-repository.js';
import { MongoAuditLog } from './mongo-audit-log.js';
import { MongoCampaignRepository } from './mongo-campaign-repository.js';
import { MongoInfluencerRepository } from './mongo-influencer-repository.js';
import { MongoJobRepository } from './mongo-job-repository.js';
import { MongoPostRepository } from './mongo-post-repository.js';
import { MongoWorkspaceRepository } from './mongo-workspace-repository.js';

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
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** Connects, checks the server answers, and creates indexes (idempotent). */
export async function connectMongo(
  url: string,
  dbName: string,
  appName = 'herald',
): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, appName });
  await client.connect();
  const db = client.db(dbName);
  await db.command({ ping: 1 });
  await ensureIndexes(db);
  return { client, db };
}
