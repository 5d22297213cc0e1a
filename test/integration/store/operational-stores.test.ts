import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedPublication } from '../../../src/core/ports/publication-log.js';
import { MongoPublicationLog } from '../../../src/store/mongo-publication-log.js';
import { createOperationalStores, type OperationalStores } from '../../../src/store/operational-stores.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

let t: TestDb;
let stores: OperationalStores;
beforeAll(async () => {
  t = await openTestDb('opstores');
  stores = createOperationalStores(t.db);
});
afterAll(async () => t.close());

describe('worker registry', () => {
  it('knows no beat on a fresh database, then the newest beat of any worker', async () => {
    expect(await stores.workers.newestBeat()).toBeUndefined();
    await stores.workers.beat('w1', at(10));
    await stores.workers.beat('w2', at(30));
    await stores.workers.beat('w1', at(20));
    expect(await stores.workers.newestBeat()).toEqual(at(30));
  });

  it('keeps one row per worker when its first beats race', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => stores.workers.beat('racer', at(i))));
    expect(await t.db.collection('worker_heartbeats').countDocuments({ _id: 'racer' as never })).toBe(1);
  });
});

describe('sweep state', () => {
  it('is undefined until recorded, then only moves forward, also when first records race', async () => {
    expect(await stores.sweepState.queuedUntil()).toBeUndefined();
    await Promise.all([
      stores.sweepState.recordQueuedUntil(at(60)),
      stores.sweepState.recordQueuedUntil(at(50)),
    ]);
    expect(await stores.sweepState.queuedUntil()).toEqual(at(60));
    await stores.sweepState.recordQueuedUntil(at(40));
    expect(await stores.sweepState.queuedUntil()).toEqual(at(60));
  });
});

describe('database health', () => {
  it('answers a ping', async () => {
    expect(await stores.health.ping()).toBe(true);
  });
});

describe('publication log', () => {
  const publication = (id: string, caption: string): RecordedPublication => ({
    id,
    idempotencyKey: 'job-key-1',
    workspaceId: 'ws_a',
    accountId: 'acc_1',
    handle: 'demo',
    caption,
    media: [],
    publishedAt: T0,
  });

  it('keeps the first publication of a key and finds it by that key', async () => {
    const log = new MongoPublicationLog(t.db);
    expect(await log.findByKey('job-key-1')).toBeNull();
    await log.record(publication('dry_1', 'first'));
    await log.record(publication('dry_2', 'second'));
    expect(await log.findByKey('job-key-1')).toEqual(publication('dry_1', 'first'));
  });
});

describe('Idempotency-Key records', () => {
  const lease = (s: number) => ({ now: at(s), until: at(s + 30) });

  it('lets exactly one of several simultaneous requests claim a key', async () => {
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => stores.idempotency.claim('k-race', 'h', lease(0))),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    for (const c of claims.filter((c) => !c.claimed))
      expect(c).toMatchObject({ record: { bodyHash: 'h', leaseUntil: at(30) } });
  });

  it('hands an expired claim to exactly one of several takeovers', async () => {
    await stores.idempotency.claim('k-take', 'h', lease(0));
    const seen = await stores.idempotency.claim('k-take', 'h', lease(40));
    if (seen.claimed) throw new Error('the key was claimed twice');
    const owners = await Promise.all(
      Array.from({ length: 5 }, () => stores.idempotency.takeOver('k-take', seen.record, lease(40))),
    );
    expect(owners.filter(Boolean)).toHaveLength(1);
  });

  it('stores the response only for the current owner, and replays it', async () => {
    const first = await stores.idempotency.claim('k-owner', 'h', lease(0));
    if (!first.claimed) throw new Error('not claimed');
    const seen = await stores.idempotency.claim('k-owner', 'h', lease(40));
    if (seen.claimed) throw new Error('claimed twice');
    const second = await stores.idempotency.takeOver('k-owner', seen.record, lease(40));
    await stores.idempotency.complete('k-owner', first.owner, { status: 201, payload: '{"late":true}' });
    await stores.idempotency.release('k-owner', first.owner);
    await stores.idempotency.complete('k-owner', second ?? '', { status: 201, payload: '{"ok":true}' });
    expect(await stores.idempotency.claim('k-owner', 'h', lease(50))).toMatchObject({
      claimed: false,
      record: { response: { status: 201, payload: '{"ok":true}' } },
    });
  });

  it('frees a released key for the next request', async () => {
    const first = await stores.idempotency.claim('k-free', 'h', lease(0));
    if (!first.claimed) throw new Error('not claimed');
    await stores.idempotency.release('k-free', first.owner);
    expect((await stores.idempotency.claim('k-free', 'h', lease(1))).claimed).toBe(true);
  });

  it('treats a claim stored without a lease as leased for 30 s from its claim time', async () => {
    const key = 'k-unleased';
    await t.db
      .collection('idempotency_keys')
      .insertOne({ _id: key as never, bodyHash: 'h', state: 'pending', at: at(0) });
    const seen = await stores.idempotency.claim(key, 'h', lease(40));
    if (seen.claimed) throw new Error('claimed twice');
    expect(seen.record.leaseUntil).toEqual(at(30));
    const owners = await Promise.all([
      stores.idempotency.takeOver(key, seen.record, lease(40)),
      stores.idempotency.takeOver(key, seen.record, lease(40)),
    ]);
    expect(owners.filter(Boolean)).toHaveLength(1);
  });
});
