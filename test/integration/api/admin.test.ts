import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialCipher } from '../../../src/infra/credential-cipher.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { MongoCredentialVault } from '../../../src/store/mongo-credential-vault.js';
import { type ApiHarness, createApiHarness, type Method } from '../../support/api-harness.js';
import type { Harness } from '../../support/harness.js';

const TOKEN = 'IGQVJ-secret-token-for-admin-test';
let api: ApiHarness;
let h: Harness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  api = await createApiHarness({ label: 'admin' });
  h = api.h;
  h.deps.vault = new MongoCredentialVault(
    h.testDb.db,
    new CredentialCipher([{ id: 'k', key: randomBytes(32) }]),
    systemClock,
  );
  keys.admin = await api.key(['admin']);
  keys.rw = await api.key(['read', 'write']);
});
afterAll(async () => api.close());

const call = (method: Method, url: string, key: string, body?: unknown) => api.call(method, url, key, body);

describe('/v1/accounts', () => {
  it('connects an account with a write-only token: never echoed, never stored in clear', async () => {
    const res = await call('POST', '/v1/accounts', keys.admin, {
      platform: 'instagram',
      handle: '@mia',
      timezone: 'Europe/Paris',
      platformUserId: '1784',
      token: TOKEN,
      tokenExpiresAt: '2027-01-31T00:00:00Z',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      handle: 'mia',
      platform: 'instagram',
      connected: true,
      timezone: 'Europe/Paris',
    });
    expect(res.body).not.toContain(TOKEN);
    expect(await h.deps.vault?.reveal(h.workspace.id, res.json().id)).toBe(TOKEN);
    const dump =
      JSON.stringify(await h.testDb.db.collection('credentials').find().toArray()) +
      JSON.stringify(await h.testDb.db.collection('audit_events').find().toArray());
    expect(dump).not.toContain(TOKEN);
    expect((await call('GET', '/v1/accounts', keys.rw)).body).not.toContain(TOKEN);
  });

  it('refuses a duplicate account, an unknown zone (with suggestions) and a non-admin key', async () => {
    expect(
      (
        await call('POST', '/v1/accounts', keys.admin, {
          platform: 'instagram',
          handle: 'mia',
          timezone: 'UTC',
        })
      ).json().code,
    ).toBe('CONFLICT');
    const badZone = (
      await call('POST', '/v1/accounts', keys.admin, {
        platform: 'tiktok',
        handle: 'mia',
        timezone: 'Europe/Pari',
      })
    ).json();
    expect(badZone.errors).toEqual([
      { path: 'body.timezone', message: expect.stringContaining('Europe/Paris') },
    ]);
    expect(
      (await call('POST', '/v1/accounts', keys.rw, { platform: 'tiktok', handle: 'mia', timezone: 'UTC' }))
        .statusCode,
    ).toBe(403);
  });

  it('updates the zone and replaces the token', async () => {
    const id = (
      await call('POST', '/v1/accounts', keys.admin, { platform: 'mastodon', handle: 'leo', timezone: 'UTC' })
    ).json().id;
    const res = await call('PATCH', `/v1/accounts/${id}`, keys.admin, {
      timezone: 'Asia/Kolkata',
      token: 'new-token',
    });
    expect(res.json()).toMatchObject({ timezone: 'Asia/Kolkata', connected: true });
    expect(await h.deps.vault?.reveal(h.workspace.id, id)).toBe('new-token');
  });
});

describe('/v1/campaigns, /v1/jobs, /v1/attempts', () => {
  it('creates a campaign in suggest_only by default and changes its policy only at the current version', async () => {
    const created = (await call('POST', '/v1/campaigns', keys.admin, { name: 'Launch' })).json();
    expect(created).toMatchObject({ name: 'Launch', mode: 'suggest_only', version: 1 });
    const updated = await call('PATCH', `/v1/campaigns/${created.id}`, keys.admin, {
      version: 1,
      mode: 'approval',
      approvers: ['U1'],
      fourEyes: true,
    });
    expect(updated.json()).toMatchObject({ mode: 'approval', fourEyes: true, version: 2 });
    expect(
      (await call('PATCH', `/v1/campaigns/${created.id}`, keys.admin, { version: 1, mode: 'auto' })).json()
        .code,
    ).toBe('VERSION_CONFLICT');
    expect((await call('POST', '/v1/campaigns', keys.admin, { name: 'Launch' })).json().code).toBe(
      'CONFLICT',
    );
  });

  it('lists jobs (by post or status) and attempts, and asks for a filter on attempts', async () => {
    const post = (
      await call('POST', '/v1/posts', keys.rw, { accounts: ['@demo'], caption: 'Jobs', when: 'in 2 hours' })
    ).json().post;
    expect((await call('GET', `/v1/jobs?postId=${post.id}`, keys.rw)).json().items).toMatchObject([
      { postId: post.id, status: 'scheduled' },
    ]);
    expect((await call('GET', '/v1/jobs?status=scheduled', keys.rw)).json().items.length).toBeGreaterThan(0);
    expect((await call('GET', `/v1/attempts?postId=${post.id}`, keys.rw)).json().items).toEqual([]);
    expect((await call('GET', '/v1/attempts', keys.rw)).json().code).toBe('VALIDATION_FAILED');
  });
});
