import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import pino from 'pino';
import { buildApi } from '../src/api/build-api.js';
import { CachedApiKeyStore } from '../src/api/cached-api-keys.js';
import { composeCore } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import type { CoreDeps } from '../src/core/use-cases/deps.js';
import { RandomIds } from '../src/infra/random-ids.js';
import { systemClock } from '../src/infra/system-clock.js';
import { createAgenda, createQueue } from '../src/jobs/worker.js';
import { type ProvisionedDatabase, provisionDatabase } from '../src/local-db/provision.js';
import { mongoAgendaBackend } from '../src/store/mongo-agenda-backend.js';
import { MongoApiKeyStore } from '../src/store/mongo-api-key-store.js';
import { MongoIdempotencyStore } from '../src/store/mongo-idempotency-store.js';
import { connectMongo } from '../src/store/mongo-store.js';

/**
 * The database a bench runs on: the rung `npm start` would take (MONGODB_URL, mongod, FerretDB …)
 * with its files in a throwaway directory, which `stop` removes with the server.
 */
export async function benchDatabase(label: string): Promise<ProvisionedDatabase> {
  const config = loadConfig();
  const dataDir = await mkdtemp(join(tmpdir(), `herald-${label}-`));
  const server = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    env: process.env,
    log: () => {},
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The core over `db` with a real Agenda queue, as every Herald role composes it (`herald start`
 * shares the one Agenda between its API and its worker). `extra` adds publishers, a vault, settings.
 */
export function queuedCore(
  db: Db,
  opts: { pollIntervalMs?: number; extra?: Partial<Parameters<typeof composeCore>[0]> } = {},
): { agenda: Agenda; deps: CoreDeps } {
  const agenda = createAgenda(mongoAgendaBackend(db), {
    name: 'bench',
    pollIntervalMs: opts.pollIntervalMs ?? 200,
  });
  const deps = composeCore({
    db,
    clock: systemClock,
    ids: new RandomIds(),
    queue: createQueue(agenda, systemClock),
    notifier: { notify: async () => {} },
    ...opts.extra,
  });
  return { agenda, deps };
}

/**
 * A database of its own on `server` and the core composed over it as a bench needs it: the
 * system clock, and no queue or chat behind it (a bench drives the use cases itself).
 */
export async function benchCore(server: ProvisionedDatabase, label: string) {
  const { client, db } = await connectMongo(
    server.url,
    `herald_bench_${label}_${randomBytes(3).toString('hex')}`,
  );
  const deps = composeCore({
    db,
    clock: systemClock,
    ids: new RandomIds(),
    queue: { enqueue: async () => {} },
    notifier: { notify: async () => {} },
  });
  return { client, db, deps };
}

/**
 * The admin API as `herald api` builds it over `deps` (silent log, no readiness checks), with an
 * API key of `workspaceId` that may read and write: what the API benches send their requests to.
 */
export async function benchApi(db: Db, deps: CoreDeps, workspaceId: string) {
  const keys = new CachedApiKeyStore(new MongoApiKeyStore(db, systemClock), systemClock);
  const { key } = await keys.create(workspaceId, ['read', 'write'], 'bench');
  const app = await buildApi({
    logger: pino({ level: 'silent' }),
    readiness: [],
    deps,
    keys,
    idempotency: new MongoIdempotencyStore(db),
  });
  return { app, key };
}
