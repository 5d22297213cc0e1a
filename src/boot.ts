import { hostname } from 'node:os';
import type { Agenda } from 'agenda';
import type { Db, MongoClient } from 'mongodb';
import { ConsoleNotifier } from './bots/console/console-notifier.js';
import { ensureConsoleWorkspace } from './bots/console/console-workspace.js';
import { composeCore } from './compose.js';
import type { Config } from './config.js';
import type { Workspace } from './core/domain/types.js';
import type { CoreDeps } from './core/use-cases/deps.js';
import type { Logger } from './infra/logger.js';
import { RandomIds } from './infra/random-ids.js';
import { systemClock } from './infra/system-clock.js';
import { createAgenda, createQueue } from './jobs/worker.js';
import { type ProvisionedDatabase, provisionDatabase } from './store/local-db/provision.js';
import { connectMongo } from './store/mongo-store.js';

/** Everything a role needs, connected: database, Agenda, the core's dependencies. */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: ProvisionedDatabase;
  client: MongoClient;
  db: Db;
  agenda: Agenda;
  deps: CoreDeps;
  consoleWorkspace: Workspace;
  workerId: string;
}

/** Provisions (or attaches to) the database, connects, and wires the core by hand. */
export async function boot(config: Config, logger: Logger, print: (line: string) => void): Promise<Runtime> {
  const database = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir: config.HERALD_DATA_DIR,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    shareable: true,
    log: (m) => logger.info(m),
  });
  const { client, db } = await connectMongo(database.url, config.HERALD_DB_NAME);
  const workerId = `${hostname()}:${process.pid}`;
  const agenda = createAgenda(db, {
    name: workerId,
    pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
    concurrency: config.HERALD_WORKER_CONCURRENCY,
  });
  const deps = composeCore({
    db,
    clock: systemClock,
    ids: new RandomIds(),
    queue: createQueue(agenda),
    notifier: new ConsoleNotifier(print),
    settings: { leaseMs: config.HERALD_LEASE_MS },
  });
  const consoleWorkspace = await ensureConsoleWorkspace(deps, {
    timezone: config.HERALD_TIMEZONE,
    seed: config.HERALD_CONSOLE_SEED,
  });
  return { config, logger, database, client, db, agenda, deps, consoleWorkspace, workerId };
}
