import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/infra/system-clock.js';
import { MongoApiKeyStore } from '../../src/store/mongo-api-key-store.js';
import { type FakeWebhook, startFakeWebhook } from '../support/fakes/index.js';
import { type FakeMediaHost, SAMPLE_JPEG, startFakeMediaHost } from '../support/fakes/media-host.js';
import { HeraldProcess } from '../support/processes.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

/**
 * From `herald start`: a library imported with `herald library import`, an autopilot in auto
 * mode whose rule is due in a few seconds, and the highest-scored asset published once on the
 * webhook fake and marked posted.
 */

const SECRET = 'e2e-webhook-secret';
const KEY = randomBytes(32).toString('base64');
let db: TestDb;
let webhook: FakeWebhook;
let media: FakeMediaHost;
let dir = '';
const running: HeraldProcess[] = [];

beforeAll(async () => {
  db = await openTestDb('autopilote2e');
  webhook = await startFakeWebhook({ secret: SECRET });
  media = await startFakeMediaHost();
  dir = await mkdtemp(join(tmpdir(), 'herald-autopilot-'));
});
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL').catch(() => {});
  await webhook?.close();
  await media?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  MONGODB_URL: db.url,
  HERALD_DB_NAME: db.name,
  HERALD_API_PORT: '0',
  HERALD_WEBHOOK_URL: webhook.endpoint,
  HERALD_FETCH_ALLOW: '127.0.0.1',
  HERALD_CREDENTIAL_KEYS: `k1:${KEY}`,
  HERALD_SWEEP_INTERVAL_MS: '1000',
  HERALD_POLL_INTERVAL_MS: '200',
  HERALD_LOG_LEVEL: 'warn',
});

describe('autopilot from herald start', () => {
  it('publishes the highest-scored asset once on the webhook fake and marks it posted', async () => {
    const herald = new HeraldProcess('start', env());
    running.push(herald);
    const [, api] = (await herald.waitForLine(/Herald API on (http:\/\/127\.0\.0\.1:\d+)/)) as string[];
    const workspace = await db.db.collection('workspaces').findOne({ kind: 'console' });
    const key = (
      await new MongoApiKeyStore(db.db, systemClock).create(String(workspace?._id), ['admin'], 'e2e')
    ).key;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
      return JSON.parse(text);
    };
    await call('POST', '/v1/accounts', {
      platform: 'webhook',
      handle: 'crew',
      timezone: 'UTC',
      token: SECRET,
    });
    await call('POST', '/v1/campaigns', { name: 'autopilot-e2e', mode: 'auto' });

    const file = join(dir, 'library.csv');
    const url = (name: string) => media.addFile(name, SAMPLE_JPEG, 'image/jpeg');
    await writeFile(
      file,
      [
        'influencer,url,score,caption,hashtags',
        `@crew,${url('fifty.jpg')},50,Fifty,`,
        `@crew,${url('best.jpg')},91,The best one,#gold`,
        `@crew,${url('seventy.jpg')},73,Seventy,`,
        '@crew,not-a-url,80,Broken,',
      ].join('\n'),
    );
    const importer = new HeraldProcess('library', env(), 'ignore', ['import', file]);
    running.push(importer);
    const code = await new Promise((r) => importer.child.once('exit', r));
    expect(code, importer.stderr).toBe(0);
    expect(importer.lines.join('\n')).toContain(
      'Imported 4 rows: 3 created, 0 updated, 0 unchanged, 1 refused',
    );
    expect(importer.lines.join('\n')).toContain('line 5: url "not-a-url" is not a URL');

    const due = new Date(Date.now() + 8000);
    const rule = `RRULE:FREQ=DAILY;BYHOUR=${due.getUTCHours()};BYMINUTE=${due.getUTCMinutes()};BYSECOND=${due.getUTCSeconds()}`;
    const on = await call('POST', '/v1/commands', { text: `autopilot on autopilot-e2e @crew ${rule}` });
    expect(on.title).toContain('Autopilot on for campaign "autopilot-e2e"');

    const deadline = Date.now() + 45_000;
    while (webhook.state.deliveries.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(webhook.state.deliveries.length, herald.stderr.slice(-3000)).toBe(1);
    // A few more sweeps: still once.
    await new Promise((r) => setTimeout(r, 3000));
    expect(webhook.state.deliveries).toHaveLength(1);
    const body = webhook.state.deliveries[0]?.body as { caption?: string; media?: { url: string }[] };
    expect(body.caption).toBe('The best one\n\n#gold');
    expect(body.media?.[0]?.url).toBe(url('best.jpg'));
    const asset = await db.db.collection('library_assets').findOne({ url: url('best.jpg') });
    expect([asset?.state, asset?.timesPosted]).toEqual(['posted', 1]);
    // Tomorrow's due time is within the 24 h look-ahead: the next best is already reserved for it.
    const states = await db.db.collection('library_assets').find({}).sort({ score: -1 }).toArray();
    expect(states.map((a) => `${a.score}:${a.state}`)).toEqual(['91:posted', '73:reserved', '50:ready']);
    expect(await herald.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
