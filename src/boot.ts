import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Agenda } from 'agenda';
import type { Db, MongoClient } from 'mongodb';
import { ConsoleNotifier } from './bots/console/console-notifier.js';
import { ensureConsoleWorkspace } from './bots/console/console-workspace.js';
import { discordCardSink } from './bots/discord/discord-settings.js';
import { type CardSink, ChatNotifier, FanoutNotifier } from './bots/shared/chat-notifier.js';
import { slackCardSink } from './bots/slack/slack-settings.js';
import { composeCore } from './compose.js';
import { type Config, childEnvironment } from './config.js';
import type { Workspace, WorkspaceKind } from './core/domain/types.js';
import type { CoreDeps } from './core/use-cases/deps.js';
import { CredentialCipher } from './infra/credential-cipher.js';
import { FileMediaStore } from './infra/file-media-store.js';
import type { Logger } from './infra/logger.js';
import { connectionMeter } from './infra/metrics.js';
import { RandomIds } from './infra/random-ids.js';
import { systemClock } from './infra/system-clock.js';
import { createAgenda, createQueue } from './jobs/worker.js';
import { type BuildProgress, type ProvisionedDatabase, provisionDatabase } from './local-db/provision.js';
import { type ConnectorsConfig, createConnectors } from './publishers/connect/index.js';
import { createPublishers, type PublishersConfig } from './publishers/index.js';
import { mongoAgendaBackend } from './store/mongo-agenda-backend.js';
import { MongoCardRefStore } from './store/mongo-card-ref-store.js';
import { MongoCredentialVault } from './store/mongo-credential-vault.js';
import { connectMongo } from './store/mongo-store.js';

/** Everything a role needs, connected: database, Agenda, the core's dependencies. */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: ProvisionedDatabase;
  /**
   * Settles, with the reason, when the database child Herald started kept dying and Herald
   * gave up restarting it: the process should then stop and exit non-zero.
   */
  databaseLost: Promise<string>;
  client: MongoClient;
  db: Db;
  agenda: Agenda;
  deps: CoreDeps;
  consoleWorkspace: Workspace;
  workerId: string;
}

/** Adapter options from config: platforms with a fixed public API always, the others when a URL is set. */
function publisherOptions(config: Config): PublishersConfig {
  return {
    instagram: { baseUrl: config.HERALD_INSTAGRAM_BASE_URL },
    tiktok: { baseUrl: config.HERALD_TIKTOK_BASE_URL },
    bluesky: { baseUrl: config.HERALD_BLUESKY_BASE_URL },
    // Always on: accounts connected from chat carry their own instance.
    mastodon: { baseUrl: config.HERALD_MASTODON_BASE_URL },
    ...(config.HERALD_WEBHOOK_URL ? { webhook: { baseUrl: config.HERALD_WEBHOOK_URL } } : {}),
    fetchPolicy: { allow: config.HERALD_FETCH_ALLOW },
  };
}

/**
 * How accounts are connected from chat: TikTok and Instagram with the operator's app
 * credentials, Mastodon on any instance (guarded, Herald registers itself), Bluesky on the PDS.
 */
function connectorOptions(config: Config): ConnectorsConfig {
  const publicUrl = config.HERALD_PUBLIC_URL;
  return {
    ...(config.HERALD_TIKTOK_CLIENT_KEY && config.HERALD_TIKTOK_CLIENT_SECRET
      ? {
          tiktok: {
            clientKey: config.HERALD_TIKTOK_CLIENT_KEY,
            clientSecret: config.HERALD_TIKTOK_CLIENT_SECRET,
            authUrl: config.HERALD_TIKTOK_AUTH_URL,
            apiUrl: config.HERALD_TIKTOK_BASE_URL,
          },
        }
      : {}),
    ...(config.HERALD_INSTAGRAM_APP_ID && config.HERALD_INSTAGRAM_APP_SECRET
      ? {
          instagram: {
            appId: config.HERALD_INSTAGRAM_APP_ID,
            appSecret: config.HERALD_INSTAGRAM_APP_SECRET,
            authUrl: config.HERALD_INSTAGRAM_AUTH_URL,
            tokenUrl: config.HERALD_INSTAGRAM_TOKEN_URL,
            graphUrl: config.HERALD_INSTAGRAM_GRAPH_URL,
          },
        }
      : {}),
    mastodon: { website: publicUrl },
    bluesky: { baseUrl: config.HERALD_BLUESKY_BASE_URL },
    fetchPolicy: { allow: config.HERALD_FETCH_ALLOW },
  };
}

/** The database client's name for a role, as the database's own logs and `currentOp` show it. */
export function appNameOf(role: string): string {
  return `herald-${role}`;
}

/**
 * Provisions (or attaches to) the database. A database child this process started is restarted
 * when it dies; `databaseLost` settles once it has died too often to go on.
 */
async function provisionSupervised(config: Config, logger: Logger, progress?: BuildProgress) {
  let loseDatabase: (reason: string) => void = () => {};
  const databaseLost = new Promise<string>((resolve) => {
    loseDatabase = resolve;
  });
  const database = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir: config.HERALD_DATA_DIR,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    env: childEnvironment(),
    shareable: true,
    log: (m) => logger.info(m),
    progress,
    supervise: {
      warn: (m) => logger.warn(m),
      giveUp: (reason) => {
        logger.fatal(reason);
        loseDatabase(reason);
      },
    },
  });
  return { database, databaseLost };
}

/**
 * Provisions (or attaches to) the database, connects, and wires the core by hand. A first-run
 * build of the local database reports through `buildProgress` (default: log lines).
 */
export async function boot(
  config: Config,
  logger: Logger,
  print: (line: string) => void,
  role = 'start',
  buildProgress?: BuildProgress,
): Promise<Runtime> {
  const { database, databaseLost } = await provisionSupervised(config, logger, buildProgress);
  const { client, db } = await connectMongo(database.url, config.HERALD_DB_NAME, appNameOf(role));
  const workerId = `${hostname()}:${process.pid}`;
  const agenda = createAgenda(mongoAgendaBackend(db), {
    name: workerId,
    pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
  });
  const ids = new RandomIds();
  const notifier = new FanoutNotifier(new ConsoleNotifier(print));
  const deps = composeCore({
    db,
    clock: systemClock,
    ids,
    queue: createQueue(agenda, systemClock),
    notifier,
    settings: {
      leaseMs: config.HERALD_LEASE_MS,
      publishNowEnabled: config.HERALD_PUBLISH_NOW_ENABLED,
      publicUrl: publicUrlOf(config),
    },
    publishers: createPublishers(publisherOptions(config)),
    connectors: createConnectors(connectorOptions(config)),
    meter: connectionMeter,
    fetchPolicy: { allow: config.HERALD_FETCH_ALLOW },
    media: new FileMediaStore(join(config.HERALD_DATA_DIR, 'media'), publicUrlOf(config)),
    ...(config.HERALD_CREDENTIAL_KEYS
      ? {
          vault: new MongoCredentialVault(
            db,
            CredentialCipher.fromSetting(config.HERALD_CREDENTIAL_KEYS),
            systemClock,
          ),
        }
      : {}),
  });
  const sinks = chatSinks(config);
  if (Object.keys(sinks).length > 0)
    notifier.add(new ChatNotifier(deps, sinks, logger, new MongoCardRefStore(db)));
  const consoleWorkspace = await ensureConsoleWorkspace(deps, {
    timezone: config.HERALD_TIMEZONE,
    seed: config.HERALD_CONSOLE_SEED,
  });
  return { config, logger, database, databaseLost, client, db, agenda, deps, consoleWorkspace, workerId };
}

/** Where each chat surface posts alert and approval cards, for the surfaces that are configured. */
function chatSinks(config: Config): Partial<Record<WorkspaceKind, CardSink>> {
  const slack = slackCardSink(config);
  const discord = discordCardSink(config);
  return { ...(slack ? { slack } : {}), ...(discord ? { discord } : {}) };
}

/** Where people and platforms reach this installation's API (links in chat, uploaded media). */
function publicUrlOf(config: Config): string {
  return config.HERALD_PUBLIC_URL ?? `http://${config.HERALD_API_HOST}:${config.HERALD_API_PORT}`;
}
