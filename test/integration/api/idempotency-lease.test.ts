import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_LEASE_MS } from '../../../src/api/idempotency.js';
import { MongoIdempotencyStore } from '../../../src/store/mongo-idempotency-store.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

let api: ApiHarness;
let key: string;
beforeAll(async () => {
  api = await createApiHarness({ label: 'idemlease' });
  key = await api.key(['read', 'write']);
});
afterAll(async () => api.close());

const body = (caption: string) => ({ accounts: ['@demo'], caption, when: 'in 3 hours' });
const send = (idempotencyKey: string, caption: string) =>
  api.app.inject({
    method: 'POST',
    url: '/v1/posts',
    headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey },
    payload: body(caption),
  });
const stored = (caption: string) => api.h.testDb.db.collection('posts').countDocuments({ caption });

/** The record a request leaves when its process is killed after claiming the key, `ageMs` ago. */
async function abandonedClaim(idempotencyKey: string, caption: string, ageMs: number) {
  const now = new Date(Date.now() - ageMs);
  const claim = await new MongoIdempotencyStore(api.h.testDb.db).claim(
    `${api.h.workspace.id}:/v1/posts:${idempotencyKey}`,
    createHash('sha256')
      .update(JSON.stringify(body(caption)))
      .digest('hex'),
    { now, until: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS) },
  );
  expect(claim.claimed).toBe(true);
}

describe('Idempotency-Key claims left by a crashed request', () => {
  it('lets a retry take over a claim past its lease: the post is created once, then replayed', async () => {
    await abandonedClaim('crashed-1', 'After a crash', IDEMPOTENCY_LEASE_MS + 5000);
    const retry = await send('crashed-1', 'After a crash');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await send('crashed-1', 'After a crash');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().post.id).toBe(retry.json().post.id);
    expect(await stored('After a crash')).toBe(1);
  });

  it('gives an expired claim to one of several simultaneous retries; the others get 409 or its replay', async () => {
    await abandonedClaim('crashed-2', 'Racing retries', IDEMPOTENCY_LEASE_MS + 5000);
    const results = await Promise.all(Array.from({ length: 4 }, () => send('crashed-2', 'Racing retries')));
    const ran = results.filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed']);
    expect(ran).toHaveLength(1);
    for (const other of results.filter((r) => !ran.includes(r))) {
      if (other.statusCode === 409) expect(other.json()).toMatchObject({ code: 'CONFLICT' });
      else expect(other.json().post.id).toBe(ran[0]?.json().post.id);
    }
    expect(await stored('Racing retries')).toBe(1);
  });

  it('still answers 409 "in progress" while the claim is within its lease', async () => {
    await abandonedClaim('running-1', 'Still running', 1000);
    const res = await send('running-1', 'Still running');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/in progress/) });
    expect(await stored('Still running')).toBe(0);
  });
});
