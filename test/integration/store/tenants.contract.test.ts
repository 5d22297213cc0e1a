import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { createRepositories, type Repositories } from '../../../src/store/mongo-store.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let testDb: TestDb;
let repos: Repositories;
beforeAll(async () => {
  testDb = await openTestDb('tenants');
  repos = createRepositories(testDb.db, { ids: new RandomIds(), clock: systemClock });
});
afterAll(async () => testDb.close());

describe('workspace, influencer, account and campaign repositories on MongoDB', () => {
  it('maps one Slack team to exactly one workspace even when 10 requests race to create it', async () => {
    const input = { kind: 'slack' as const, externalId: 'T123', name: 'Acme', timezone: 'Europe/Paris' };
    const created = await Promise.all(Array.from({ length: 10 }, () => repos.workspaces.ensure(input)));
    expect(new Set(created.map((w) => w.id)).size).toBe(1);
    expect(await repos.workspaces.findByExternalId('slack', 'T123')).toMatchObject({
      id: created[0]?.id,
      timezone: 'Europe/Paris',
    });
    expect(await repos.workspaces.findByExternalId('discord', 'T123')).toBeNull();
  });

  it('finds accounts by handle within one workspace only, and by platform when handles repeat', async () => {
    const ws = await repos.workspaces.ensure({
      kind: 'console',
      externalId: 'acc-test',
      name: 'x',
      timezone: 'UTC',
    });
    const inf = await repos.influencers.ensure({ workspaceId: ws.id, handle: 'mia', displayName: 'Mia' });
    const base = { workspaceId: ws.id, influencerId: inf.id, handle: 'mia', timezone: 'UTC' };
    const ig = await repos.accounts.ensure({ ...base, platform: 'instagram' });
    const tt = await repos.accounts.ensure({ ...base, platform: 'tiktok' });
    expect(await repos.accounts.ensure({ ...base, platform: 'instagram' })).toMatchObject({ id: ig.id });
    expect((await repos.accounts.findByHandle(ws.id, 'mia')).map((a) => a.id).sort()).toEqual(
      [ig.id, tt.id].sort(),
    );
    expect((await repos.accounts.findByHandle(ws.id, 'mia', 'tiktok')).map((a) => a.id)).toEqual([tt.id]);
    expect(await repos.accounts.findByHandle('ws_someone_else', 'mia')).toEqual([]);
    expect(await repos.accounts.getMany(ws.id, [ig.id, 'acc_missing'])).toHaveLength(1);
  });

  it('keeps one campaign per name and returns it with its policy', async () => {
    const ws = await repos.workspaces.ensure({
      kind: 'console',
      externalId: 'cmp-test',
      name: 'x',
      timezone: 'UTC',
    });
    const policy = {
      workspaceId: ws.id,
      name: 'launch',
      mode: 'approval' as const,
      approvers: ['U1'],
      fourEyes: true,
      minGapMinutes: 60,
      dailyCap: 3,
    };
    const a = await repos.campaigns.ensure(policy);
    const b = await repos.campaigns.ensure({ ...policy, mode: 'auto' });
    expect(b).toMatchObject({ id: a.id, mode: 'approval', fourEyes: true });
    expect(await repos.campaigns.get('ws_other', a.id)).toBeNull();
  });
});
