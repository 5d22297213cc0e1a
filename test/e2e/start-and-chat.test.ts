import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { HeraldProcess, processesMentioning } from '../support/processes.js';

const config = loadConfig();
const running: HeraldProcess[] = [];
let dataDir = '';
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL').catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function env(): Promise<Record<string, string>> {
  dataDir ||= await mkdtemp(join(tmpdir(), 'herald-e2e-'));
  return {
    HERALD_DATA_DIR: dataDir,
    HERALD_CACHE_DIR: resolve(config.HERALD_CACHE_DIR),
    HERALD_API_PORT: '0',
    HERALD_LOG_LEVEL: 'warn',
    HERALD_POLL_INTERVAL_MS: '500',
    HERALD_DB_NAME: `herald_test_e2e_${process.pid}`,
    ...(config.MONGODB_URL ? { MONGODB_URL: config.MONGODB_URL } : {}),
  };
}

async function startHerald(): Promise<{ herald: HeraldProcess; api: string }> {
  const herald = new HeraldProcess('start', await env());
  running.push(herald);
  const [, api] = await herald.waitForLine(/Herald API on (http:\/\/127\.0\.0\.1:\d+)/);
  return { herald, api: api as string };
}

async function chat(commands: (c: HeraldProcess) => Promise<void>): Promise<HeraldProcess> {
  const c = new HeraldProcess('chat', await env(), 'pipe');
  running.push(c);
  await c.waitForLine(/Herald console/);
  await commands(c);
  c.send('exit');
  expect(await c.stop('SIGTERM')).toBe(0);
  return c;
}

describe('npm start + herald chat, as a newcomer runs them', () => {
  let postId = '';

  it('serves /healthz and /readyz, and publishes a post scheduled 10 s ahead within 15 s with one attempt', async () => {
    const { herald, api } = await startHerald();
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    const ready = await fetch(`${api}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', agenda: 'ok' } });

    await chat(async (c) => {
      c.send('schedule @demo "Hello from the e2e test" in 10s');
      const [, id] = await c.waitForLine(/^(?:herald › )*Scheduled (pst_\w+) for @demo \(dryrun\)/, 20_000);
      postId = id as string;
      const scheduledAt = Date.now();
      let published = false;
      while (!published && Date.now() - scheduledAt < 15_000) {
        await new Promise((r) => setTimeout(r, 1000));
        const from = c.lines.length;
        c.send('list');
        const [, status] = await c.waitForLine(new RegExp(`${postId}\\s+(\\S+)`), 5000, from);
        published = status === 'published';
      }
      expect(published, `chat:\n${c.lines.join('\n')}\nworker log:\n${herald.stderr.slice(-4000)}`).toBe(
        true,
      );
      const from = c.lines.length;
      c.send(`show ${postId}`);
      await c.waitForLine(/attempt 1 .*: success/, 5000, from);
      await new Promise((r) => setTimeout(r, 300));
      expect(c.lines.slice(from).filter((l) => /attempt \d+ /.test(l))).toHaveLength(1);
    });

    expect(await herald.stop('SIGTERM')).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('still has the published post and its single attempt after a restart', async () => {
    const { herald } = await startHerald();
    await chat(async (c) => {
      c.send(`show ${postId}`);
      await c.waitForLine(/job_\w+\s+@demo\/dryrun: published/, 10_000);
      await c.waitForLine(/attempt 1 .*: success/, 5000);
    });
    expect(await herald.stop('SIGTERM')).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('refuses a bad setting at start-up with the variable named, exit code 2 and no stack trace', async () => {
    const herald = new HeraldProcess('start', { ...(await env()), HERALD_API_PORT: 'abc' });
    running.push(herald);
    const code = await new Promise((r) => herald.child.once('exit', r));
    expect(code).toBe(2);
    expect(herald.stderr).toContain('HERALD_API_PORT="abc": expected a whole number from 0 to 65535');
    expect(herald.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a Herald process killed outright', () => {
  it('leaves its database server to the next start, which stops the orphan instead of running two servers on one data directory', async () => {
    const first = new HeraldProcess('start', await env());
    running.push(first);
    await first.waitForLine(/Herald API on/);
    const before = processesMentioning(dataDir);
    expect(before.length).toBeGreaterThan(0);
    await first.stop('SIGKILL');
    const second = new HeraldProcess('start', await env());
    running.push(second);
    await second.waitForLine(/Herald API on/);
    const during = processesMentioning(dataDir);
    expect(during.filter((pid) => before.includes(pid))).toEqual([]);
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
