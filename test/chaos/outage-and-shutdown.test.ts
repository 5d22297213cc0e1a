import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFerretdb } from '../../src/local-db/ferretdb.js';
import { ensureFerretdb } from '../../src/local-db/ferretdb-build.js';
import type { ServerProcess } from '../../src/local-db/server-process.js';
import { processesMentioning } from '../support/processes.js';
import { type Answer, CACHE_DIR, call, keepCalling, Scenario, until } from './harness.js';

const GRACE_MS = 5_000;
let binary = '';
let scenario: Scenario | undefined;
let external: ServerProcess | undefined;
beforeAll(async () => {
  binary = await ensureFerretdb(CACHE_DIR, process.env, (m) => console.log(m));
});
afterEach(async () => {
  await external?.stop();
  external = undefined;
  await scenario?.cleanup();
  scenario = undefined;
});

/** A database Herald did not start (MONGODB_URL): nobody but the test restarts it. */
async function externalDatabase(s: Scenario): Promise<ServerProcess> {
  external = await startFerretdb(binary, join(s.dataDir, 'external'), process.env);
  return external;
}

function apiCalls(api: string, key: string) {
  let n = 0;
  return keepCalling(async () => {
    n += 1;
    if (n % 2 === 0) return { what: 'GET /v1/jobs', ...(await call(api, key, 'GET', '/v1/jobs?limit=5')) };
    const body = { accounts: ['@demo'], caption: `outage ${n}`, when: 'in 2 hours' };
    return { what: 'POST /v1/posts', ...(await call(api, key, 'POST', '/v1/posts', { body })) };
  });
}

function expectOnly2xxOr503(answers: (Answer & { what: string })[], stderr: string) {
  const errors = stderr.split('\n').filter((l) => l.includes('unhandled API error'));
  for (const answer of answers) {
    const why = `${answer.what}: ${JSON.stringify(answer.body)}\n${errors.join('\n').slice(0, 3000)}`;
    expect([200, 201, 503], why).toContain(answer.status);
  }
}

describe('while the database is unreachable', () => {
  it('answers 503 DATABASE_UNAVAILABLE with Retry-After within about 2 s, and reconnects by itself to a MONGODB_URL that comes back', async () => {
    scenario = await Scenario.create('reconnect');
    const db = await externalDatabase(scenario);
    const { herald, api } = await scenario.start('start', { MONGODB_URL: db.url });
    const key = await scenario.key({ MONGODB_URL: db.url });
    process.kill(db.pid, 'SIGKILL');
    const calls = apiCalls(api, key);
    await sleep(4_000);
    const readyz = await call(api, '', 'GET', '/readyz');
    const answers = await calls.stop();
    const unavailable = answers.filter((a) => a.status === 503);
    console.log(
      `[chaos] MONGODB_URL down: ${answers.length} calls, ${unavailable.length} answered 503, slowest ${Math.max(...answers.map((a) => a.ms))} ms; /readyz in ${readyz.ms} ms`,
    );
    expectOnly2xxOr503(answers, herald.stderr);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.ms).toBeLessThan(3_000);
    }
    expect(readyz.status).toBe(503);
    expect(readyz.ms).toBeLessThan(1_000);
    expect(readyz.body).toMatchObject({ checks: { database: expect.stringMatching(/^unreachable: /) } });

    const back = Date.now();
    external = await db.relaunch?.();
    const readyAt = await until(
      async () => (await call(api, '', 'GET', '/readyz')).status === 200,
      20_000,
      '/readyz 200 after the database came back',
    );
    console.log(`[chaos] MONGODB_URL back: ready ${readyAt - back} ms after the server answered again`);
    expect((await call(api, key, 'GET', '/v1/jobs?limit=1')).status).toBe(200);
    expect(await herald.stop('SIGTERM', 10_000)).toBe(0);
  });

  it('exits within the grace period on SIGTERM, with publishes and API calls in flight', async () => {
    scenario = await Scenario.create('sigterm');
    const db = await externalDatabase(scenario);
    const env = { MONGODB_URL: db.url, HERALD_SHUTDOWN_GRACE_MS: String(GRACE_MS) };
    const { herald, api } = await scenario.start('start', env);
    const key = await scenario.key(env);
    const when = new Date(Date.now() + 3_000).toISOString();
    for (let i = 0; i < 60; i += 1) {
      const res = await call(api, key, 'POST', '/v1/posts', {
        body: { accounts: ['@demo'], caption: `sigterm ${i}`, when },
      });
      expect(res.status).toBe(201);
    }
    const store = await scenario.db(db.url);
    await until(
      async () => (await store.collection('publish_jobs').countDocuments({ status: 'published' })) > 0,
      20_000,
      'publishing to start',
    );
    process.kill(db.pid, 'SIGKILL');
    const calls = apiCalls(api, key);
    await sleep(1_000);
    const termAt = Date.now();
    const code = await herald.stop('SIGTERM', 30_000);
    const exitMs = Date.now() - termAt;
    await calls.stop();
    console.log(
      `[chaos] SIGTERM with the database down: exited ${code} after ${exitMs} ms (grace ${GRACE_MS} ms)`,
    );
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(GRACE_MS + 1_000);
  });

  it('gives up on a database child that keeps dying: says why and exits non-zero, leaving no server behind', async () => {
    scenario = await Scenario.create('giveup');
    const { herald } = await scenario.start('start', { HERALD_SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    const started = Date.now();
    const killed = new Set<number>();
    while (herald.child.exitCode === null && Date.now() - started < 60_000) {
      const { serverPid } = await scenario.server().catch(() => ({ serverPid: 0 }));
      if (serverPid && !killed.has(serverPid)) {
        killed.add(serverPid);
        process.kill(serverPid, 'SIGKILL');
      }
      await sleep(50);
    }
    const code = await herald.exited(10_000);
    console.log(`[chaos] give-up: ${killed.size} kills, exit ${code} after ${Date.now() - started} ms`);
    expect(code).toBe(1);
    expect(killed.size).toBe(5);
    expect(herald.stderr).toMatch(/its failure 5 within 3 minutes; Herald stops restarting it and exits/);
    expect(processesMentioning(scenario.dataDir)).toEqual([]);
  });
});
