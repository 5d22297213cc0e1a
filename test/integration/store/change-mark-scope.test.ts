import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { composeCore } from '../../../src/compose.js';
import { cancelPost } from '../../../src/core/use-cases/cancel-post.js';
import { reschedulePost } from '../../../src/core/use-cases/reschedule-post.js';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { HeldMarks, readChangeMark, withMarksHeld } from '../../../src/store/change-marks.js';
import { MongoCalendarSource } from '../../../src/store/mongo-calendar-source.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { createHarness, type Harness, RecordingQueue, scheduleAt } from '../../support/harness.js';
import { jobFixture } from '../../support/job-fixture.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';

/**
 * A use case's writes note their changes for other processes' calendars once, after all of them
 * (one mark write per request instead of one per write), and never later than the call returns.
 */

let h: Harness | undefined;
let monitored: MongoClient | undefined;
afterEach(async () => {
  await monitored?.close();
  monitored = undefined;
  await h?.close();
  h = undefined;
});

const HOUR = 3_600_000;

/** The core over its own connection, counting the change-mark writes it sends. */
async function countingCore(harness: Harness) {
  monitored = new MongoClient(harness.testDb.url, { monitorCommands: true });
  await monitored.connect();
  let markWrites = 0;
  monitored.on('commandStarted', (e) => {
    if (e.commandName === 'findAndModify' && e.command.findAndModify === 'change_marks') markWrites += 1;
  });
  const deps = composeCore({
    db: monitored.db(harness.testDb.name),
    clock: systemClock,
    ids: new RandomIds(),
    queue: new RecordingQueue(),
    notifier: new RecordingNotifier(),
  });
  return { deps, markWrites: () => markWrites };
}

describe('change marks of one request', () => {
  it('a cancel and a reschedule each note the job and the post in one mark write, and another process shows them once the call returns', async () => {
    h = await createHarness({ label: 'markscope' });
    const harness = h;
    const at = new Date(Date.now() + 2 * HOUR);
    const { post } = await scheduleAt(harness, at);
    const other = await scheduleAt(harness, new Date(at.getTime() + 60_000));
    // A calendar in another process (the harness's own connection), warmed before the writes.
    const calendar = new MongoCalendarSource(harness.testDb.db);
    const day = (when: Date) => new Date(Math.floor(when.getTime() / 86_400_000) * 86_400_000);
    const window = () =>
      calendar.window(harness.workspace.id, day(at), new Date(day(at).getTime() + 2 * 86_400_000));
    expect((await window()).jobs.map((j) => j.status)).toEqual(['scheduled', 'scheduled']);

    const { deps, markWrites } = await countingCore(harness);
    const ws = harness.workspace.id;
    const cancelled = await cancelPost(deps, { workspaceId: ws, postId: post.id, actor: harness.actor });
    expect(cancelled.post.status).toBe('cancelled');
    expect(markWrites()).toBe(1);
    const later = new Date(at.getTime() + HOUR);
    await reschedulePost(deps, {
      workspaceId: ws,
      postId: other.post.id,
      actor: harness.actor,
      scheduledAt: later,
      timezone: 'UTC',
      localTime: later.toISOString().slice(0, 16),
    });
    expect(markWrites()).toBe(2);

    const shown = await window();
    expect(shown.jobs.map((j) => [j.postId, j.status, j.occurrenceAt.getTime()])).toEqual([
      [post.id, 'cancelled', at.getTime()],
      [other.post.id, 'scheduled', later.getTime()],
    ]);
    expect(shown.posts.get(post.id)?.status).toBe('cancelled');
  });

  it('still notes what was written when the use case fails after a write, and a write that ends after the scope marks on its own', async () => {
    h = await createHarness({ label: 'markfail' });
    const db = h.testDb.db;
    const store = new MongoJobRepository(db, systemClock);
    const ws = 'ws_markfail';
    const [a, b] = [jobFixture({ workspaceId: ws }), jobFixture({ workspaceId: ws })];
    await store.insertMany([a!, b!]);
    const before = (await readChangeMark(db, ws)).seq;
    let late: Promise<unknown> | undefined;
    const marks = new HeldMarks();
    const jobs = withMarksHeld(store, marks);
    const run = async () => {
      await jobs.transition(a!.id, { from: ['scheduled'] }, 'cancelled');
      // Started inside, not awaited: it ends after the scope has written its marks.
      late = new Promise((r) => setTimeout(r, 50)).then(() =>
        jobs.transition(b!.id, { from: ['scheduled'] }, 'cancelled'),
      );
      expect((await readChangeMark(db, ws)).seq).toBe(before); // held, not written yet
      throw new Error('failed after the write');
    };
    await expect(run().finally(() => marks.release())).rejects.toThrow('failed after the write');
    const afterScope = await readChangeMark(db, ws);
    expect(afterScope.seq).toBe(before + 1);
    expect(afterScope.recent.at(-1)).toBe(`j:${a!.id}`);
    await late;
    const afterLate = await readChangeMark(db, ws);
    expect(afterLate.seq).toBe(before + 2);
    expect(afterLate.recent.at(-1)).toBe(`j:${b!.id}`);
  });
});
