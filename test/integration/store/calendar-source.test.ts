import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, PublishJob } from '../../../src/core/domain/types.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { CUT_SLACK, RECENT_CHANGES, readChangeMark } from '../../../src/store/change-marks.js';
import { MongoCalendarSource } from '../../../src/store/mongo-calendar-source.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { MongoPostRepository } from '../../../src/store/mongo-post-repository.js';
import { jobFixture } from '../../support/job-fixture.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/**
 * The calendar's read side keeps what it read and re-reads only what changed: here the reader
 * and the writer are two "processes" (two connections), so nothing but the database tells the
 * reader about a write.
 */

const WS = 'ws_cal';
const MON = new Date('2026-12-07T00:00:00Z');
const DAY = 86_400_000;
const at = (day: number, hour: number) => new Date(MON.getTime() + day * DAY + hour * 3_600_000);

let testDb: TestDb;
let readerClient: MongoClient;
let reader: MongoCalendarSource;
let jobs: MongoJobRepository;
let posts: MongoPostRepository;
/** `find` commands the reader sent that asked for whole days. */
const dayQueries: string[] = [];

function post(id: string, when: Date): Post {
  return {
    id,
    workspaceId: WS,
    accountIds: ['acc_1'],
    caption: `caption of ${id}`,
    media: [],
    scheduledAt: when,
    timezone: 'UTC',
    localTime: when.toISOString().slice(0, 16),
    status: 'active',
    createdBy: { kind: 'system', id: 'test' },
    createdAt: MON,
    updatedAt: MON,
    version: 1,
  };
}

async function schedule(id: string, when: Date): Promise<PublishJob> {
  await posts.insert(post(`pst_${id}`, when));
  const job = jobFixture({ id: `job_${id}`, workspaceId: WS, postId: `pst_${id}`, occurrenceAt: when });
  await jobs.insertMany([job]);
  return job;
}

const week = () => reader.window(WS, MON, new Date(MON.getTime() + 7 * DAY));
const shown = async () => {
  const w = await week();
  return w.jobs.map((j) => `${j.id}@${j.occurrenceAt.toISOString().slice(5, 13)}:${j.status}`);
};

beforeAll(async () => {
  testDb = await openTestDb('calsource');
  const clock = new ManualClock(MON);
  jobs = new MongoJobRepository(testDb.db, clock);
  posts = new MongoPostRepository(testDb.db);
  readerClient = new MongoClient(testDb.url, { monitorCommands: true });
  readerClient.on('commandStarted', (e) => {
    if (e.commandName === 'find' && e.command.filter?.day) dayQueries.push(String(e.command.filter.day));
  });
  await readerClient.connect();
  reader = new MongoCalendarSource(readerClient.db(testDb.name));
});
afterAll(async () => {
  await readerClient?.close();
  await testDb?.close();
});

describe('the calendar read side', () => {
  it('shows every write another process made since, re-reading only what changed', async () => {
    const a = await schedule('a', at(0, 9));
    const b = await schedule('b', at(1, 9));
    const c = await schedule('c', at(2, 9));
    const d = await schedule('d', at(3, 9));
    await schedule('later', at(9, 9));
    expect(await shown()).toEqual([
      'job_a@12-07T09:scheduled',
      'job_b@12-08T09:scheduled',
      'job_c@12-09T09:scheduled',
      'job_d@12-10T09:scheduled',
    ]);
    const read = dayQueries.length;
    expect(read).toBe(14); // 7 days of jobs and of posts, once

    await jobs.patch(a.id, { status: ['scheduled'] }, { occurrenceAt: at(4, 10) }); // to another day
    await jobs.patch(b.id, { status: ['scheduled'] }, { occurrenceAt: at(8, 10) }); // out of the week
    await jobs.transition(c.id, { from: ['scheduled'] }, 'cancelled');
    await posts.update(WS, d.postId, 1, { caption: 'new words' });
    const e = await schedule('e', at(5, 12));
    await jobs.patch('job_later', { status: ['scheduled'] }, { occurrenceAt: at(6, 8) }); // into the week
    const w = await week();
    expect(w.jobs.map((j) => `${j.id}@${j.occurrenceAt.toISOString().slice(5, 13)}:${j.status}`)).toEqual([
      'job_c@12-09T09:cancelled',
      'job_d@12-10T09:scheduled',
      'job_a@12-11T10:scheduled',
      `${e.id}@12-12T12:scheduled`,
      'job_later@12-13T08:scheduled',
    ]);
    expect(w.posts.get(d.postId)?.caption).toBe('new words');
    expect(w.posts.get('pst_later')?.caption).toBe('caption of pst_later');
    expect(dayQueries.length).toBe(read); // by id only: no day was read again
  });

  it('a lease renewal notes nothing; a status change does', async () => {
    const j = await schedule('lease', at(2, 15));
    const before = (await readChangeMark(testDb.db, WS)).seq;
    await jobs.patch(j.id, { status: ['scheduled'] }, { lease: { owner: 'w1', until: at(2, 16) } });
    expect((await readChangeMark(testDb.db, WS)).seq).toBe(before);
    await jobs.transition(j.id, { from: ['scheduled'] }, 'publishing');
    expect((await readChangeMark(testDb.db, WS)).seq).toBe(before + 1);
    expect(await shown()).toContain('job_lease@12-09T15:publishing');
  });

  it('reads the window afresh when more changed than the mark keeps', async () => {
    const many = await Promise.all(
      Array.from({ length: 10 }, (_, i) => schedule(`many${i}`, at(1, 11 + i / 10))),
    );
    await week();
    const read = dayQueries.length;
    // The first change falls out of the mark's memory under the ones after it.
    const first = (await posts.get(WS, 'pst_a')) as Post;
    await posts.update(WS, first.id, first.version, { caption: 'said before the flood' });
    const rounds = Math.ceil((2 * RECENT_CHANGES) / many.length) + 1;
    for (let round = 1; round <= rounds; round += 1)
      for (const [i, job] of many.entries())
        await jobs.patch(
          job.id,
          { status: ['scheduled'] },
          { occurrenceAt: at(round % 2 ? 2 : 1, 11 + i / 10) },
        );
    expect((await readChangeMark(testDb.db, WS)).recent.length).toBeLessThanOrEqual(
      RECENT_CHANGES + CUT_SLACK,
    );
    const w = await week();
    expect(dayQueries.length).toBeGreaterThan(read);
    expect(w.posts.get('pst_a')?.caption).toBe('said before the flood');
    const moved = w.jobs.filter((j) => j.id.startsWith('job_many'));
    expect(moved).toHaveLength(10);
    const day = rounds % 2 ? '12-09' : '12-08';
    expect(new Set(moved.map((j) => j.occurrenceAt.toISOString().slice(5, 10)))).toEqual(new Set([day]));
  });
  it('warmed at start-up, a new reader answers the first page from what it kept', async () => {
    await testDb.db
      .collection('workspaces')
      .insertOne({ _id: WS, kind: 'console', externalId: 'cal', name: 'Cal' } as never);
    const fresh = new MongoCalendarSource(readerClient.db(testDb.name));
    const before = dayQueries.length;
    expect(await fresh.warm(new Date(MON.getTime() - 7 * DAY), new Date(MON.getTime() + 28 * DAY))).toBe(1);
    const warmed = dayQueries.length;
    expect(warmed).toBeGreaterThan(before);
    const w = await fresh.window(WS, MON, new Date(MON.getTime() + 7 * DAY));
    expect(w.jobs.length).toBeGreaterThan(0);
    expect(dayQueries.length).toBe(warmed); // the week came from what the warm-up kept
  });
});
