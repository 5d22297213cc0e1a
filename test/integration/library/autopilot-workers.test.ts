import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autopilotOn } from '../../../src/core/operations/autopilot.js';
import { libraryAdd } from '../../../src/core/operations/library.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { HeraldProcess } from '../../support/processes.js';
import { waitFor } from '../../support/workers.js';

/**
 * Three `herald worker` processes sweeping the same database at once: every autopilot due time
 * is picked once, and no asset goes to two posts — whichever worker gets there first.
 */

let h: Harness;
const workers: HeraldProcess[] = [];
beforeAll(async () => {
  h = await createHarness({ label: 'pilotworkers' });
});
afterAll(async () => {
  for (const w of workers) await w.stop('SIGKILL').catch(() => {});
  await h?.close();
});

describe('three worker processes and one autopilot rule', () => {
  it('make each pick once and never reserve one asset twice', async () => {
    const ctx = { workspace: h.workspace, actor: h.actor };
    for (let i = 0; i < 8; i += 1)
      await libraryAdd(h.deps, ctx, {
        influencer: '@demo',
        url: `https://cdn.example.com/w${i}.jpg`,
        score: 90 - i,
      });
    // Three campaigns on one library, all due at the same minute, 3 hours from now (inside the look-ahead).
    const due = new Date(Date.now() + 3 * 3_600_000);
    const rule = `every day at ${due.toISOString().slice(11, 16)}`;
    const env = {
      MONGODB_URL: h.testDb.url,
      HERALD_DB_NAME: h.testDb.name,
      HERALD_SWEEP_INTERVAL_MS: '1000',
      HERALD_POLL_INTERVAL_MS: '200',
      HERALD_LOG_LEVEL: 'warn',
      HERALD_CONSOLE_SEED: 'false',
    };
    for (let i = 0; i < 3; i += 1) workers.push(new HeraldProcess('worker', env));
    await Promise.all(workers.map((w) => w.waitForLine(/Herald worker .* running/, 90_000)));
    // Turned on while all three sweep every second: they reach the due times together.
    for (const name of ['one', 'two', 'three']) {
      await h.deps.campaigns.ensure({
        workspaceId: h.workspace.id,
        name,
        mode: 'auto',
        approvers: [],
        fourEyes: false,
        minGapMinutes: 0,
        dailyCap: 0,
      });
      await autopilotOn(h.deps, ctx, { campaign: name, accounts: '@demo', rule });
    }
    const picked = () => h.testDb.db.collection('posts').countDocuments({ assetId: { $exists: true } });
    await waitFor(async () => (await picked()) >= 3, 30_000, 250);
    // Several more sweeps of all three workers: still one pick per campaign.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await picked()).toBe(3);
    const claims = await h.testDb.db.collection('autopilot_picks').find({}).toArray();
    expect(claims.map((c) => c.state)).toEqual(['done', 'done', 'done']);
    const owners = new Set(claims.map((c) => c.owner));
    const reserved = await h.testDb.db.collection('library_assets').find({ state: 'reserved' }).toArray();
    expect(reserved).toHaveLength(3);
    const posts = await h.testDb.db
      .collection('posts')
      .find({ assetId: { $exists: true } })
      .toArray();
    expect(new Set(posts.map((p) => p.assetId)).size).toBe(3);
    expect(reserved.map((a) => a.score).sort()).toEqual([88, 89, 90]);
    console.info(`picks made by ${owners.size} of the 3 workers`);
  }, 180_000);
});
