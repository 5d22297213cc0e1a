import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { MongoApiKeyStore } from '../../../src/store/mongo-api-key-store.js';
import { createRepositories, type Repositories } from '../../../src/store/mongo-store.js';
import { freePort } from '../../support/free-port.js';
import { HeraldProcess } from '../../support/processes.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/** Debian's package; CI installs it (.ci/run). The suite never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `${CHROMIUM} is absent (apt-get install chromium; .ci/run does it)`;
// Quiet, offline and sandbox-free: CI runs as root in a container, and the test must not phone home.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A real `herald start`, a console `herald chat` beside it, an admin key and a headless Chromium. */
export interface CalendarRig {
  base: string;
  testDb: TestDb;
  /** The stores as Herald itself reads them, for the database half of each assertion. */
  repos: Repositories;
  workspaceId: string;
  herald: HeraldProcess;
  browser: Browser;
  /** Calls /v1 with the admin API key. */
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers of many shapes, as JSON.
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Types `calendar` into the console chat and returns the one-time link it prints. */
  link(): Promise<string>;
  /** Types `text` into the console chat and returns the first match of `pattern` in what it prints. */
  chatLine(text: string, pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

/** Herald's settings for the rig: its own test database, a port of its own, a worker that polls often. */
function heraldEnv(testDb: TestDb, dataDir: string, port: number): Record<string, string> {
  return {
    MONGODB_URL: testDb.url,
    HERALD_DB_NAME: testDb.name,
    HERALD_DATA_DIR: dataDir,
    HERALD_API_PORT: String(port),
    HERALD_TIMEZONE: 'UTC',
    HERALD_LOG_LEVEL: 'warn',
    HERALD_POLL_INTERVAL_MS: '200',
    HERALD_SWEEP_INTERVAL_MS: '1000',
  };
}

/**
 * Starts everything for one test file; `close` stops it all and drops the database. `env` adds
 * settings (fake platforms' URLs and app credentials, a credential key).
 */
export async function startCalendarRig(
  label: string,
  env: Record<string, string> = {},
): Promise<CalendarRig> {
  const testDb = await openTestDb(label);
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-calendar-'));
  const port = await freePort();
  const started: HeraldProcess[] = [];
  const spawn = (role: string, stdin: 'pipe' | 'ignore' = 'ignore') => {
    started.push(new HeraldProcess(role, { ...heraldEnv(testDb, dataDir, port), ...env }, stdin));
    return started.at(-1)!;
  };
  const launched = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const close = async () => {
    await (await launched.catch(() => null))?.close().catch(() => {});
    for (const p of started.reverse()) await p.stop('SIGTERM').catch(() => p.stop('SIGKILL'));
    await testDb.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const herald = spawn('start');
    await herald.waitForLine(/Herald API on http:\/\/127\.0\.0\.1:\d+/, 60_000);
    // The chat starts once `start` has seeded the console workspace, so the two never race to create it.
    const chat = spawn('chat', 'pipe');
    const repos = createRepositories(testDb.db, { ids: new RandomIds(), clock: systemClock });
    const workspaceId = (await repos.workspaces.findByExternalId('console', 'local'))!.id;
    // An admin key made in this process: a `herald keys create` child costs seconds of start-up on 2 cores.
    const { key } = await new MongoApiKeyStore(testDb.db, systemClock).create(workspaceId, ['admin'], 'e2e');
    const [browser] = await Promise.all([launched, chat.waitForLine(/Herald console/, 60_000)]);
    const base = `http://127.0.0.1:${port}`;
    const link = () => linkFrom(chat);
    const chatLine = async (text: string, pattern: RegExp) => {
      const from = chat.lines.length;
      chat.send(text);
      return (await chat.waitForLine(pattern, 15_000, from))[0];
    };
    return {
      base,
      testDb,
      repos,
      workspaceId,
      herald,
      browser,
      api: apiWith(base, key),
      link,
      chatLine,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function apiWith(base: string, key: string): CalendarRig['api'] {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

async function linkFrom(chat: HeraldProcess): Promise<string> {
  const from = chat.lines.length;
  chat.send('calendar');
  const [url] = await chat.waitForLine(/http:\/\/\S+\/calendar\/login\?token=[\w-]+/, 15_000, from);
  return url;
}

/** Schedules a post through /v1 (as scripts do) and returns its id and its first job's. */
export async function schedule(
  rig: CalendarRig,
  body: { caption: string; when: string; accounts?: string[]; [more: string]: unknown },
): Promise<{ postId: string; jobId: string; jobIds: string[] }> {
  const res = await rig.api('POST', '/v1/posts', { accounts: ['@demo'], ...body });
  if (res.status !== 201) throw new Error(`schedule answered ${res.status}: ${JSON.stringify(res.body)}`);
  const jobIds = (res.body.jobs as { id: string }[]).map((j) => j.id);
  return { postId: res.body.post.id, jobId: jobIds[0]!, jobIds };
}
