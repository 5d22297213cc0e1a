/**
 * Herald's entry point: `herald <role>` where role is start (api + worker + console on a
 * terminal, the default) | api | worker | bots (Slack, Discord) | chat | parse | discord
 * (register, invite). Wires everything by hand (boot.ts) and shuts down cleanly on
 * SIGINT/SIGTERM: stop claiming, finish in-flight publishes, close.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApi } from './api/build-api.js';
import { CachedApiKeyStore } from './api/cached-api-keys.js';
import { boot, type Runtime } from './boot.js';
import { startConsoleChat } from './bots/console/console-chat.js';
import { discordMode, discordStartupLine, startDiscordBot } from './bots/discord/discord-bot.js';
import {
  type DiscordTransport,
  discordBotContext,
  discordTransport,
} from './bots/discord/discord-settings.js';
import { type SlackTransport, slackMode, startSlackBot } from './bots/slack/slack-bot.js';
import { slackBotContext, slackTransport } from './bots/slack/slack-settings.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { chooseLogFormat, createLogger, ReadableLogs } from './infra/logger.js';
import { lowerProcessPriority } from './infra/lower-priority.js';
import { ProgressLine } from './infra/progress-line.js';
import { systemClock } from './infra/system-clock.js';
import { createWorker } from './jobs/worker.js';
import { readinessChecks, withIdempotencyLease } from './roles.js';
import { type Stop, survivePromisesRejectedByTheDatabase, waitForShutdown } from './shutdown.js';
import { MongoApiKeyStore } from './store/mongo-api-key-store.js';
import { createOperationalStores } from './store/operational-stores.js';

const ROLES = [
  'start',
  'api',
  'worker',
  'bots',
  'chat',
  'parse',
  'credentials',
  'keys',
  'discord',
  'library',
  'export',
  'autopilot',
] as const;
type Role = (typeof ROLES)[number];
const USAGE = `usage: herald <${ROLES.join('|')}>   (default: start)`;

async function main(argv: string[]): Promise<number> {
  const role = (argv[0] ?? 'start') as Role;
  if (!ROLES.includes(role)) {
    process.stderr.write(`Unknown role "${argv[0]}". ${USAGE}\n`);
    return 2;
  }
  if (role === 'parse') {
    const { runParseCli } = await import('./cli/parse-cli.js');
    return runParseCli(
      argv.slice(1),
      { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
      new Date(),
    );
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const chatRuns = role === 'chat' || (role === 'start' && Boolean(process.stdin.isTTY));
  const { logger, readable } = openLogs(config, chatRuns);
  // What Herald says to the person (start-up lines, publish results): above the chat's prompt once it runs.
  let say: (line: string) => void = (line) => void process.stdout.write(`${line}\n`);
  const print = (line: string) => say(line);
  if (role === 'discord') {
    const { runDiscordCli } = await import('./bots/discord/register-commands.js');
    return runDiscordCli(argv.slice(1), config, print, (line) => process.stderr.write(`${line}\n`));
  }
  survivePromisesRejectedByTheDatabase(logger);
  // The operator's file commands print their output (a CSV to redirect): start-up lines go to stderr.
  const fileCommand = role === 'library' || role === 'export' || role === 'autopilot';
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  const buildProgress = process.stdout.isTTY
    ? new ProgressLine(process.stdout, 'Building the local database (first run only)')
    : undefined;
  const runtime = await boot(config, logger, fileCommand ? toStderr : print, role, buildProgress);
  if (role === 'credentials') return rotateCredentials(runtime, argv.slice(1));
  if (role === 'keys') return finish(runtime, await runKeys(runtime, argv.slice(1)));
  if (fileCommand) {
    const { runLibraryCli } = await import('./cli/library-cli.js');
    const io = {
      out: (s: string) => void process.stdout.write(`${s}\n`),
      err: (s: string) => void process.stderr.write(`${s}\n`),
    };
    return finish(
      runtime,
      await runLibraryCli(role, argv.slice(1), runtime.deps, runtime.consoleWorkspace.id, io),
    );
  }
  const stops: Stop[] = [];
  const runsWorker = role === 'start' || role === 'worker';
  if (runsWorker) {
    const worker = createWorker(runtime.agenda, createOperationalStores(runtime.db), runtime.deps, {
      workerId: runtime.workerId,
      concurrency: config.HERALD_WORKER_CONCURRENCY,
      pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
      sweepIntervalMs: config.HERALD_SWEEP_INTERVAL_MS,
      logger,
    });
    // A worker process of its own yields the cores to the API and the bots beside it.
    if (role === 'worker') lowerProcessPriority(config.HERALD_WORKER_NICE);
    await worker.start();
    process.stdout.write(
      `Herald worker ${runtime.workerId} running (concurrency ${config.HERALD_WORKER_CONCURRENCY})\n`,
    );
    stops.push((budgetMs) => worker.stop(budgetMs));
  }
  if (role === 'start' || role === 'api') stops.unshift(await startApi(runtime, runsWorker));
  if (role === 'start' || role === 'bots') stops.unshift(...(await startBots(runtime)));
  const chat = chatRuns ? openChat(runtime, role) : undefined;
  if (chat) {
    const toStdout = say;
    const restore = () => {
      say = toStdout;
      readable?.showThrough();
    };
    say = chat.print;
    readable?.showThrough(chat.print);
    void chat.done.then(restore);
    stops.unshift(async () => {
      restore();
      chat.close();
    });
  }
  return waitForShutdown({
    logger,
    graceMs: config.HERALD_SHUTDOWN_GRACE_MS,
    stops,
    closes: [() => runtime.client.close(), () => runtime.database.stop()],
    until: role === 'chat' ? chat?.done : undefined,
    fatal: runtime.databaseLost,
  });
}

/**
 * The process's logger: JSON lines on stderr, unless a person watches a terminal. Then readable
 * lines, and while the console chat runs every line goes to HERALD_DATA_DIR/herald.log and only
 * warnings and errors show, above the prompt.
 */
function openLogs(config: Config, chatRuns: boolean) {
  const format = chooseLogFormat(config.HERALD_LOG_FORMAT, {
    stdout: Boolean(process.stdout.isTTY),
    stderr: Boolean(process.stderr.isTTY),
  });
  if (format === 'json') return { logger: createLogger(config.HERALD_LOG_LEVEL), readable: undefined };
  const readable = new ReadableLogs();
  if (chatRuns) readable.aside(join(config.HERALD_DATA_DIR, 'herald.log'));
  return { logger: createLogger(config.HERALD_LOG_LEVEL, readable), readable };
}

/** `herald keys create|list|revoke` (src/cli/keys-cli.ts) on this runtime's database. */
async function runKeys(runtime: Runtime, args: string[]): Promise<number> {
  const { runKeysCli } = await import('./cli/keys-cli.js');
  const { deps, consoleWorkspace } = runtime;
  const resolveWorkspace = async (name: string) => {
    const id = name === 'console' ? consoleWorkspace.id : name;
    return (await deps.workspaces.get(id)) ? id : null;
  };
  const keys = new MongoApiKeyStore(runtime.db, systemClock);
  const io = {
    out: (s: string) => process.stdout.write(`${s}\n`),
    err: (s: string) => process.stderr.write(`${s}\n`),
  };
  return runKeysCli(
    args,
    { keys, audit: deps.audit, clock: deps.clock, ids: deps.ids, resolveWorkspace },
    io,
  );
}

async function finish(runtime: Runtime, code: number): Promise<number> {
  await runtime.client.close();
  await runtime.database.stop();
  return code;
}

/** `herald credentials rotate`: re-encrypts every token under the newest HERALD_CREDENTIAL_KEYS key. */
async function rotateCredentials(runtime: Runtime, args: string[]): Promise<number> {
  const done = async (code: number) => {
    await runtime.client.close();
    await runtime.database.stop();
    return code;
  };
  if (args[0] !== 'rotate') {
    process.stderr.write('usage: herald credentials rotate\n');
    return done(2);
  }
  if (!runtime.deps.vault) {
    process.stderr.write(
      'HERALD_CREDENTIAL_KEYS is not set: list the new key first, then the old ones (newest first).\n',
    );
    return done(2);
  }
  const report = await runtime.deps.vault.rotate();
  process.stdout.write(`Re-encrypted ${report.rewritten} credential(s) under the newest key.\n`);
  for (const owner of report.unreadable) {
    process.stdout.write(
      `  could not decrypt the token of account ${owner.accountId} (workspace ${owner.workspaceId}): reconnect it\n`,
    );
  }
  return done(report.unreadable.length > 0 ? 1 : 0);
}

async function startApi(runtime: Runtime, runsWorker: boolean): Promise<() => Promise<void>> {
  const { config } = runtime;
  const keys = new CachedApiKeyStore(new MongoApiKeyStore(runtime.db, systemClock), systemClock);
  const stores = createOperationalStores(runtime.db);
  const readiness = readinessChecks(stores, runtime.agenda, runsWorker);
  const app = await buildApi({
    logger: runtime.logger,
    readiness,
    deps: runtime.deps,
    keys,
    idempotency: config.HERALD_IDEMPOTENCY_LEASE_MS
      ? withIdempotencyLease(stores.idempotency, config.HERALD_IDEMPOTENCY_LEASE_MS)
      : stores.idempotency,
    trustProxy: config.HERALD_TRUST_PROXY,
  });
  const address = await app.listen({ host: config.HERALD_API_HOST, port: config.HERALD_API_PORT });
  runtime.logger.info({ address }, 'api listening');
  process.stdout.write(
    `Herald API on ${address} (GET /healthz: process up, /readyz: database and worker, /metrics, /docs; /v1 with an API key)\n`,
  );
  return () => app.close();
}

/** Starts the chat bots that are configured; each one says in one line whether it is on. */
async function startBots(runtime: Runtime): Promise<(() => Promise<void>)[]> {
  const stops: (() => Promise<void>)[] = [];
  const transport = slackTransport(runtime.config);
  const mode = slackMode(transport);
  if ('off' in mode) {
    process.stdout.write(`${mode.off}\n`);
  } else {
    const bot = await startSlackBot(
      transport as SlackTransport,
      slackBotContext(runtime.config, runtime.deps, runtime.logger),
    );
    process.stdout.write(
      `Slack bot on (${bot.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${bot.port}, POST /slack/events`})\n`,
    );
    stops.push(bot.stop);
  }
  const discord = discordTransport(runtime.config);
  const discordOn = discordMode(discord);
  if ('off' in discordOn) {
    process.stdout.write(`${discordOn.off}\n`);
  } else {
    const bot = await startDiscordBot(
      discord as DiscordTransport,
      discordBotContext(runtime.config, runtime.deps, runtime.logger),
    );
    process.stdout.write(`${discordStartupLine(bot)}\n`);
    stops.push(bot.stop);
  }
  return stops;
}

function openChat(runtime: Runtime, role: Role) {
  const note = role === 'chat' ? ' Posts publish while `npm start` (or `herald worker`) runs.' : '';
  return startConsoleChat({
    deps: runtime.deps,
    workspace: runtime.consoleWorkspace,
    input: process.stdin,
    output: process.stdout,
    logger: runtime.logger,
    banner: `Herald console — workspace "${runtime.consoleWorkspace.name}", database: ${runtime.database.rung}.${note}\nType "help", or try: schedule @demo "Hello from Herald" in 10s`,
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`herald: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
