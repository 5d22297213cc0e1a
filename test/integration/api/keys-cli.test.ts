import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_CACHE_MS } from '../../../src/api/cached-api-keys.js';
import { type KeysCliDeps, runKeysCli } from '../../../src/cli/keys-cli.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { MongoApiKeyStore } from '../../../src/store/mongo-api-key-store.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

let api: ApiHarness;
let deps: KeysCliDeps;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  api = await createApiHarness({ label: 'keys', clock });
  const { h } = api;
  deps = {
    // As `herald keys` runs: its own store, in another process than the API's cache.
    keys: new MongoApiKeyStore(h.testDb.db, clock),
    audit: h.deps.audit,
    clock,
    ids: h.deps.ids,
    resolveWorkspace: async (name) => ((await h.deps.workspaces.get(name)) ? name : null),
  };
});
afterAll(async () => api.close());

/** Runs `herald keys …`, collecting what it prints. */
async function keys(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeysCli(argv, deps, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n'), first: out[0] ?? '' };
}

const idOf = (key: string) => key.split('_')[1] as string;

describe('herald keys', () => {
  it('creates a key that works, lists it without its secret, and revokes it for good', async () => {
    const ws = api.h.workspace.id;
    const created = await keys('create', '--workspace', ws, '--scopes', 'read,write', '--label', 'dashboard');
    expect(created.code).toBe(0);
    const key = created.first;
    expect(key).toMatch(/^hk_[0-9a-f]{12}_/);
    expect((await api.call('GET', '/v1/posts', key)).statusCode).toBe(200);

    const listed = await keys('list', '--workspace', ws);
    expect(listed.out).toContain(idOf(key));
    expect(listed.out).toContain('read,write');
    expect(listed.out).toContain('dashboard');
    expect(listed.out).not.toContain(key.split('_').slice(2).join('_'));

    const revoked = await keys('revoke', idOf(key));
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.out).toContain(`Revoked key ${idOf(key)}`);
    // The running API trusted the key a moment ago; it stops once its cache time has passed.
    clock.advance(API_KEY_CACHE_MS);
    const refused = await api.call('GET', '/v1/posts', key);
    expect(refused.statusCode).toBe(401);
    expect((await keys('list', '--workspace', ws)).out).toMatch(new RegExp(`${idOf(key)}.*revoked`));
  });

  it('says so when a key was already revoked, and keeps the first revocation time', async () => {
    const key = (await keys('create', '--workspace', api.h.workspace.id, '--scopes', 'read')).first;
    await keys('revoke', idOf(key));
    const first = (await keys('list', '--workspace', api.h.workspace.id)).out;
    clock.advance(60_000);
    const again = await keys('revoke', idOf(key));
    expect(again.code).toBe(0);
    expect(again.out).toContain('already revoked');
    expect((await keys('list', '--workspace', api.h.workspace.id)).out).toBe(first);
  });

  it('records who created and revoked a key in the workspace audit', async () => {
    const key = (await keys('create', '--workspace', api.h.workspace.id, '--scopes', 'read')).first;
    await keys('revoke', idOf(key));
    const reader = await api.key(['read']);
    const res = await api.call('GET', `/v1/audit?subjectId=${idOf(key)}`, reader);
    expect(res.statusCode).toBe(200);
    const actions = (res.json().items as { action: string; actor: { id: string } }[]).map((e) => e.action);
    expect(actions.sort()).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('refuses an unknown key id, workspace or scope with a message, and stores nothing', async () => {
    const ws = api.h.workspace.id;
    const before = (await keys('list', '--workspace', ws)).out;

    const unknownKey = await keys('revoke', '0123456789ab');
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.err).toContain('No API key with id "0123456789ab"');

    const unknownWs = await keys('create', '--workspace', 'ws_nope', '--scopes', 'read');
    expect(unknownWs.code).toBe(1);
    expect(unknownWs.err).toContain('No workspace "ws_nope"');

    const badScope = await keys('create', '--workspace', ws, '--scopes', 'read,root');
    expect(badScope.code).toBe(2);
    expect(badScope.err).toContain('Unknown scope(s): root');
    expect(badScope.err).toContain('Usage:');

    expect((await keys('create', '--workspace', ws, '--scopes', '')).err).toContain('--scopes is empty');
    expect((await keys('rotate')).err).toContain('Unknown keys command "rotate"');
    expect((await keys('revoke')).code).toBe(2);
    expect((await keys('list', '--workspace', ws)).out).toBe(before);
  });

  it("lists only the named workspace's keys", async () => {
    const other = await api.h.deps.workspaces.ensure({
      kind: 'console',
      externalId: 'keys-other',
      name: 'Other',
      timezone: 'UTC',
    });
    const mine = (await keys('create', '--workspace', api.h.workspace.id, '--scopes', 'read')).first;
    const theirs = (await keys('create', '--workspace', other.id, '--scopes', 'admin')).first;
    const listed = (await keys('list', '--workspace', api.h.workspace.id)).out;
    expect(listed).toContain(idOf(mine));
    expect(listed).not.toContain(idOf(theirs));
    expect((await keys('list', '--workspace', other.id)).out).toContain(idOf(theirs));
  });
});
