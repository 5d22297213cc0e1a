import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/core/domain/job-status.js';
import { registerQueueDepth, registry } from '../../../src/infra/metrics.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { jobFixture } from '../../support/job-fixture.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let db: TestDb;
let repo: MongoJobRepository;
const job = (status: JobStatus) => jobFixture({ workspaceId: 'ws_q', status });

/** The `herald_jobs` lines of a scrape, as { status: value }. */
async function queueDepth(): Promise<Record<string, number>> {
  const text = await registry.metrics();
  const lines = [...text.matchAll(/^herald_jobs\{status="([a-z_]+)"\} (\d+)$/gm)];
  return Object.fromEntries(lines.map(([, status, n]) => [status, Number(n)]));
}

beforeAll(async () => {
  db = await openTestDb('queuedepth');
  repo = new MongoJobRepository(db.db, systemClock);
  await repo.insertMany([
    job('scheduled'),
    job('scheduled'),
    job('needs_attention'),
    job('published'),
    job('published'),
    job('cancelled'),
  ]);
});
afterAll(async () => db.close());

describe('/metrics queue depth (herald_jobs)', () => {
  it('reports every waiting status, 0 when empty, and leaves finished jobs out', async () => {
    registerQueueDepth(repo, 0);
    expect(await queueDepth()).toEqual({
      suggested: 0,
      awaiting_approval: 0,
      scheduled: 2,
      retry_wait: 0,
      needs_attention: 1,
      publishing: 0,
      failed: 0,
    });
  });

  it('counts once per interval however often it is scraped', async () => {
    registerQueueDepth(repo, 60_000);
    expect((await queueDepth()).scheduled).toBe(2);
    await repo.insertMany([job('scheduled')]);
    expect((await queueDepth()).scheduled).toBe(2);
    registerQueueDepth(repo, 0);
    expect((await queueDepth()).scheduled).toBe(3);
  });
});
