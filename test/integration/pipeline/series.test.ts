import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../../src/bots/console/console-chat.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { sweep } from '../../../src/jobs/sweep.js';
import { createHarness, type Harness } from '../../support/harness.js';

const NOW = new Date('2026-11-21T10:00:00Z'); // Saturday
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup() {
  const clock = new ManualClock(NOW);
  h = await createHarness({ label: 'series', clock });
  const say = (line: string) =>
    answer({ deps: h!.deps, workspace: h!.workspace, logger: pino({ level: 'silent' }) }, line);
  const jobsOf = async (postId: string) =>
    (await h!.deps.jobs.listByPost(h!.workspace.id, postId)).map((j) => j.occurrenceAt.toISOString());
  return { clock, say, jobsOf };
}

const idOf = (reply: string) => reply.match(/Scheduled (pst_\w+)/)?.[1] as string;

describe('recurring posts', () => {
  it('materializes one job per occurrence for the next 14 days, honouring exceptions', async () => {
    const { say, jobsOf } = await setup();
    const id = idOf(await say('schedule @demo "Daily tip" every day at 9am except 2026-11-25'));
    const occurrences = await jobsOf(id);
    expect(occurrences[0]).toBe('2026-11-22T09:00:00.000Z');
    expect(occurrences.at(-1)).toBe('2026-12-05T09:00:00.000Z');
    expect(occurrences).toHaveLength(13);
    expect(occurrences).not.toContain('2026-11-25T09:00:00.000Z');
  });

  it('tops the series up as time passes, without duplicating occurrences, and keeps going after a failed one', async () => {
    const { clock, say, jobsOf } = await setup();
    const id = idOf(await say('schedule @demo "Weekday post" every weekday at 9:30'));
    const before = await jobsOf(id);
    const first = (await h!.deps.jobs.listByPost(h!.workspace.id, id))[0]!;
    await h!.deps.jobs.transition(first.id, { from: ['scheduled'] }, 'needs_attention', {
      lastError: { code: 'x', message: 'failed' },
    });
    clock.set(new Date('2026-11-24T09:31:00Z'));
    await sweep(h!.deps, { staleMs: 60_000, logger: pino({ level: 'silent' }) });
    await sweep(h!.deps, { staleMs: 60_000, logger: pino({ level: 'silent' }) });
    const after = await jobsOf(id);
    expect(new Set(after).size).toBe(after.length);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toBe('2026-12-08T09:30:00.000Z');
    const second = (await h!.deps.jobs.listByPost(h!.workspace.id, id))[1]!;
    expect((await runPublishJob(h!.deps, { jobId: second.id, workerId: 'w' })).outcome).toBe('published');
  });

  it('stops materializing once the series is cancelled, and refuses to collapse it to one time', async () => {
    const { clock, say, jobsOf } = await setup();
    const id = idOf(await say('schedule @demo "Monthly" monthly on the 1st at 10:00'));
    expect(await say(`reschedule ${id} 2026-12-05 10:00`)).toContain('is a series: say what moves');
    await say(`cancel ${id}`);
    const count = (await jobsOf(id)).length;
    clock.set(new Date('2027-01-15T00:00:00Z'));
    await sweep(h!.deps, { staleMs: 60_000, logger: pino({ level: 'silent' }) });
    expect((await jobsOf(id)).length).toBe(count);
  });
});
