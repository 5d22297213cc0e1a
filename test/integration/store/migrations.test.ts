import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../../src/store/indexes.js';
import { migrate } from '../../../src/store/migrations.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { MongoPostRepository } from '../../../src/store/mongo-post-repository.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb('migrate');
});
afterAll(async () => {
  await t.close();
});

describe('migrations at connect', () => {
  it('gives jobs and posts stored by an earlier Herald their day, so the calendar window finds them', async () => {
    const at = new Date('2027-03-04T23:30:00Z');
    // As an earlier Herald stored them: no `day` field.
    await t.db.collection('publish_jobs').insertOne({
      _id: 'job_old',
      workspaceId: 'w1',
      postId: 'p1',
      accountId: 'a1',
      platform: 'instagram',
      status: 'scheduled',
      occurrenceAt: at,
      runAt: at,
      attempts: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    } as never);
    await t.db.collection('posts').insertOne({ _id: 'p1', workspaceId: 'w1', scheduledAt: at } as never);
    const rule = { rrule: 'FREQ=DAILY', exdates: [] };
    await t.db.collection('posts').insertOne({
      _id: 'p2',
      workspaceId: 'w1',
      scheduledAt: at,
      status: 'active',
      recurrence: rule,
    } as never);
    const jobs = new MongoJobRepository(t.db, { now: () => new Date() });
    expect(
      await jobs.listInWindow('w1', new Date('2027-03-04T00:00:00Z'), new Date('2027-03-05T00:00:00Z')),
    ).toEqual([]);

    await migrate(t.db);
    await migrate(t.db); // a second start finds the marker and does nothing

    expect((await t.db.collection('posts').findOne({ _id: 'p1' } as never))?.day).toBe('2027-03-04');
    const found = await jobs.listInWindow(
      'w1',
      new Date('2027-03-04T20:00:00Z'),
      new Date('2027-03-05T02:00:00Z'),
    );
    expect(found.map((j) => j.id)).toEqual(['job_old']);
    expect(found[0]).not.toHaveProperty('day');
    // An active series stored before the sweep listed series by their marker is still listed.
    const series = await new MongoPostRepository(t.db).listActiveSeries(10);
    expect(series.map((p) => p.id)).toEqual(['p2']);
    expect(await t.db.collection('migrations').countDocuments()).toBe(3);
  });
});

describe('wake-ups stored by an earlier Herald', () => {
  it('become wake-ups of the dispatcher, so a worker that polls one job name still runs them', async () => {
    const at = new Date('2027-03-04T09:00:00Z');
    const agenda = t.db.collection('agenda_jobs');
    await agenda.insertMany([
      { name: 'herald.publish.7', data: { jobId: 'job_7', at: at.toISOString() }, nextRunAt: at },
      { name: 'herald.publish', data: { jobId: 'job_8', at: at.toISOString() }, nextRunAt: at },
      { name: 'herald.publisher', data: {}, nextRunAt: at },
    ] as never[]);
    await migrate(t.db);
    const names = (await agenda.find({}).toArray()).map((d) => d.name).sort();
    expect(names).toEqual(['herald.dispatch', 'herald.dispatch', 'herald.publisher']);
    expect(await agenda.countDocuments({ nextRunAt: at })).toBe(3);
  });
});

describe('indexes an earlier Herald created', () => {
  it('are dropped at connect when retired, so writes stop paying for them', async () => {
    const jobs = t.db.collection('publish_jobs');
    await jobs.createIndexes([{ key: { status: 1, 'lease.until': 1 }, name: 'job_lease' }]);
    await ensureIndexes(t.db);
    await ensureIndexes(t.db); // a second start finds nothing to do
    const names = (await jobs.listIndexes().toArray()).map((i) => i.name);
    expect(names).not.toContain('job_lease');
    expect(names).toEqual(expect.arrayContaining(['job_due', 'job_wake', 'job_by_post_id']));
  });
});
