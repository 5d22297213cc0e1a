import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../../src/bots/console/console-chat.js';
import { runParseCli } from '../../../src/cli/parse-cli.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { setCampaign } from '../../support/seed.js';

const NOW = new Date('2026-11-21T10:00:00Z'); // a Saturday
const clock = new ManualClock(NOW);
let h: Harness;
const logger = pino({ level: 'silent' });
const say = (line: string) => answer({ deps: h.deps, workspace: h.workspace, logger }, line);
const postId = (reply: string) => reply.match(/Scheduled (pst_\w+)/)?.[1] as string;

beforeAll(async () => {
  h = await createHarness({ label: 'console', clock });
  await h.testDb.db
    .collection('accounts')
    .updateOne({ _id: h.account.id as never }, { $set: { timezone: 'Europe/Paris' } });
});
afterAll(async () => h.close());

function parseJson(phrase: string): { instant: string; rrule: string | null } {
  let out = '';
  runParseCli(
    [phrase, '--json', '--tz', 'Europe/Paris', '--now', NOW.toISOString()],
    { out: (s) => (out += s), err: () => {} },
    NOW,
  );
  return JSON.parse(out);
}

describe('console commands through the shared router', () => {
  it.each([
    'tomorrow 9am',
    'next friday at noon',
    'in 45 minutes',
    '2026-12-01 09:00',
    'Dec 24 18:30 America/New_York',
    'every weekday at 9:30',
    'every mon,wed,fri at 18:00 until 2027-01-31',
    'tomorrow 9am every weekday except 2026-12-25',
  ])('schedules "%s" at exactly the instant `herald parse` shows', async (phrase) => {
    const parsed = parseJson(phrase);
    const reply = await say(`schedule @demo "Same instant" ${phrase}`);
    const post = await h.deps.posts.get(h.workspace.id, postId(reply));
    expect(post?.scheduledAt.getTime()).toBe(new Date(parsed.instant).getTime());
    expect(post?.recurrence?.rrule ?? null).toBe(parsed.rrule);
  });

  it('takes the caption as the words before the time when nothing is quoted, and echoes the interpretation', async () => {
    const reply = await say('schedule @demo Hello world tomorrow 9am');
    const post = await h.deps.posts.get(h.workspace.id, postId(reply));
    expect(post).toMatchObject({
      caption: 'Hello world',
      timezone: 'Europe/Paris',
      localTime: '2026-11-22T09:00',
    });
    expect(reply).toContain('Sun 22 Nov 2026 09:00 CET');
    expect(reply).toContain('2026-11-22 08:00 UTC');
  });

  it('refuses a time it cannot read with what it understood and an example, and stores nothing', async () => {
    const before = (await h.deps.posts.list({ workspaceId: h.workspace.id, limit: 500 })).items.length;
    const reply = await say('schedule @demo "Oops" tomorow 9am');
    expect(reply).toMatch(/✗ .*tomorow/);
    expect(reply).toContain('try: ');
    expect(reply).toContain('[UNPARSEABLE_TIME]');
    expect((await h.deps.posts.list({ workspaceId: h.workspace.id, limit: 500 })).items.length).toBe(before);
  });

  it('refuses a time in the past, showing the instant it read', async () => {
    const reply = await say('schedule @demo "Late" 2026-11-20 09:00');
    expect(reply).toContain('[TIME_IN_PAST]');
    expect(reply).toMatch(/2026-11-20/);
  });

  it('reschedules by a delta and by any time form, and refuses the past', async () => {
    const id = postId(await say('schedule @demo "Move me" 2026-12-01 09:00'));
    await say(`reschedule ${id} +1h`);
    expect((await h.deps.posts.get(h.workspace.id, id))?.scheduledAt.toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    await say(`reschedule ${id} next friday at noon`);
    expect((await h.deps.posts.get(h.workspace.id, id))?.scheduledAt.toISOString()).toBe(
      '2026-11-27T11:00:00.000Z',
    );
    const [job] = await h.deps.jobs.listByPost(h.workspace.id, id);
    expect(job?.nextAttemptAt.toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(await say(`reschedule ${id} 2026-01-01 09:00`)).toContain('[TIME_IN_PAST]');
  });

  it('refuses a post too close to another of the same account, names it and the next free slot, and accepts --force', async () => {
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { minGapMinutes: 60 });
    const first = postId(await say('schedule @demo "First" 2026-12-05 09:00'));
    const refused = await say('schedule @demo "Second" 2026-12-05 09:30');
    expect(refused).toContain('[CONFLICT]');
    expect(refused).toContain(first);
    expect(refused).toContain('Next free slot: 2026-12-05T09:00:00.000Z');
    expect(await say('schedule @demo "Second" 2026-12-05 09:30 --force')).toMatch(/Scheduled pst_/);
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { minGapMinutes: 0 });
  });

  it('cancels, lists and shows posts, and answers unknown commands with a hint', async () => {
    const id = postId(await say('schedule @demo "Cancel me" in 2 hours'));
    expect(await say(`cancel ${id}`)).toContain(`Cancelled 1 job of ${id}`);
    expect(await say(`cancel ${id}`)).toContain('[INVALID_TRANSITION]');
    expect(await say('list')).toMatch(new RegExp(`${id}\\s+cancelled`));
    expect(await say(`show ${id}`)).toContain('caption: Cancel me');
    expect(await say('shedule @demo x')).toContain('Did you mean: schedule');
    expect(await say('schedule @nobody "x" in 1h')).toContain('Known accounts: @demo (dryrun)');
  });
});

describe('control commands', () => {
  it('approves, rejects, retries and reports stats through the same router', async () => {
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { mode: 'approval', approvers: ['console'] });
    const a = postId(await say('schedule @demo "Approve me" 2026-12-03 09:00'));
    const r = postId(await say('schedule @demo "Reject me" 2026-12-03 12:00'));
    expect(await say(`approve ${a}`)).toContain(`approve ${a}: 1 job → scheduled`);
    expect(await say(`reject ${r} off-brand`)).toContain(`reject ${r}: 1 job → cancelled`);
    expect((await h.deps.jobs.listByPost(h.workspace.id, r))[0]?.lastError).toEqual({
      code: 'rejected',
      message: 'off-brand',
    });
    expect(await say(`retry ${a}`)).toContain('[INVALID_TRANSITION]');
    expect(await say('stats')).toMatch(/scheduled\s+\d+/);
    expect(await say(`now ${a}`)).toContain('[FEATURE_DISABLED]');
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { mode: 'auto', approvers: [] });
  });
});
