import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutonomyMode } from '../../../src/core/domain/types.js';
import { ERROR_CODES, type ErrorCode } from '../../../src/core/errors.js';
import { type Answer, HQ } from '../../support/discord-harness.js';
import { botMessage } from '../../support/fakes/discord-fake.js';
import {
  type Fixture,
  fixture,
  outcome,
  type Surface,
  type Surfaces,
  startSurfaces,
} from '../../support/surfaces.js';

/**
 * One operation behaves the same wherever it is typed or pressed: each case runs through the
 * REST API, a chat command as text, Slack (command, button or form) and Discord (command, button
 * or form) on the same starting post, and every surface must leave the same thing stored.
 */

let s: Surfaces;
beforeAll(async () => {
  s = await startSurfaces();
}, 120_000);
afterAll(async () => s?.close());

const SAM = { user: HQ.approverId };
const day = (f: Fixture, days: number) =>
  new Date(f.base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const iso = (f: Fixture, minutes: number) => new Date(f.base.getTime() + minutes * 60_000).toISOString();

async function rest(method: 'POST' | 'PATCH', url: string, body: object) {
  const res = await s.api.call(method, url, s.apiKey, body);
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
}
const command = (text: string) => rest('POST', '/v1/commands', { text });

async function slackCommand(text: string) {
  const reply = await s.slack.reply((await s.slack.command(text)).responseId);
  if (JSON.stringify(reply).includes(':x:')) throw new Error(`Slack refused /herald ${text}: ${reply.text}`);
}
let presses = 0;
async function slackPress(actionId: string) {
  presses += 1;
  await s.slack.press(actionId, { isEphemeral: true, responseId: `press${presses}` });
  const reply = await s.slack.reply(`press${presses}`);
  if (JSON.stringify(reply).includes(':no_entry:'))
    throw new Error(`Slack refused ${actionId}: ${reply.text}`);
}
/** A button that opens a form, then the form's submission with `values`. */
async function slackForm(actionId: string, callbackId: string, values: Record<string, { value: string }>) {
  presses += 1;
  const target = actionId.split(':')[2] as string;
  await s.slack.press(actionId, { isEphemeral: true, responseId: `press${presses}` });
  const opened = await s.slack.fake.waitFor((st) =>
    st.views.findLast((v) => {
      const view = v.view as { callback_id?: string; private_metadata?: string };
      return view.callback_id === callbackId && String(view.private_metadata).includes(target);
    }),
  );
  const meta = (opened.view as { private_metadata: string }).private_metadata;
  const res = await s.slack.submit({ callbackId, privateMetadata: meta, values });
  if (res.body.includes('"errors"')) throw new Error(`Slack form refused: ${res.body}`);
  await s.slack.reply(`press${presses}`);
}

function discordOk(answer: Answer, what: string): Answer {
  if (answer.ephemeral && /❌|⛔/.test(answer.text))
    throw new Error(`Discord refused ${what}: ${answer.text}`);
  return answer;
}
const discordCommand = async (sub: string, options: Record<string, string>): Promise<void> =>
  void discordOk(await s.discord.answer(s.discord.command(sub, options, SAM)), sub);
const discordPress = async (customId: string): Promise<Answer> =>
  discordOk(await s.discord.answer(s.discord.press(customId, botMessage({ customId }), SAM)), customId);
async function discordForm(customId: string, fields: Record<string, string>) {
  const form = await discordPress(customId);
  if (!form.modal) throw new Error(`no form for ${customId}: ${form.text}`);
  discordOk(await s.discord.answer(s.discord.submit(form.modal.customId, fields, SAM)), form.modal.customId);
}

interface Case {
  name: string;
  mode: AutonomyMode;
  when: string;
  prepare?: (f: Fixture) => Promise<void>;
  act: Record<Surface['name'], (f: Fixture) => Promise<unknown>>;
  expected: (o: Awaited<ReturnType<typeof outcome>>) => void;
}

const id = (f: Fixture) => f.post.id;
const jobOn = async (f: Fixture, days: number) => {
  const jobs = await f.surface.deps.jobs.listByPost(await f.surface.workspaceId(), f.post.id);
  const at = f.base.getTime() + days * 86_400_000;
  return jobs.find((j) => j.occurrenceAt.getTime() === at)?.id as string;
};

const CASES: Case[] = [
  {
    name: 'reschedule a post by +1h',
    mode: 'auto',
    when: 'in 3 days',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/reschedule`, { when: '+1h' }),
      commands: (f) => command(`reschedule ${id(f)} +1h`),
      slack: (f) => slackForm(`herald:edit_time:${id(f)}`, 'herald_time', { when: { value: '+1h' } }),
      discord: (f) => discordForm(`herald:edit_time:${id(f)}`, { when: '+1h' }),
    },
    expected: (o) =>
      expect(o).toEqual({
        post: { status: 'active', at: 60, exdates: 0 },
        jobs: [{ status: 'scheduled', at: 60, error: null }],
      }),
  },
  {
    name: 'cancel a post',
    mode: 'auto',
    when: 'in 3 days',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/cancel`, {}),
      commands: (f) => command(`cancel ${id(f)}`),
      slack: (f) => slackPress(`herald:cancel:${id(f)}`),
      discord: (f) => discordPress(`herald:cancel:${id(f)}`),
    },
    expected: (o) =>
      expect(o).toEqual({
        post: { status: 'cancelled', at: 0, exdates: 0 },
        jobs: [{ status: 'cancelled', at: 0, error: null }],
      }),
  },
  {
    name: 'approve a post',
    mode: 'approval',
    when: 'in 3 days',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/approve`, {}),
      commands: (f) => command(`approve ${id(f)}`),
      slack: (f) => slackPress(`herald:approve:${id(f)}`),
      discord: (f) => discordPress(`herald:approve:${id(f)}`),
    },
    expected: (o) => expect(o.jobs).toEqual([{ status: 'scheduled', at: 0, error: null }]),
  },
  {
    name: 'reject a post with a reason',
    mode: 'approval',
    when: 'in 3 days',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/reject`, { reason: 'Off-brand' }),
      commands: (f) => command(`reject ${id(f)} Off-brand`),
      slack: (f) => slackForm(`herald:reject:${id(f)}`, 'herald_reject', { reason: { value: 'Off-brand' } }),
      discord: (f) => discordForm(`herald:reject:${id(f)}`, { reason: 'Off-brand' }),
    },
    expected: (o) =>
      expect(o).toEqual({
        post: { status: 'cancelled', at: 0, exdates: 0 },
        jobs: [{ status: 'cancelled', at: 0, error: 'rejected' }],
      }),
  },
  {
    name: 'publish a suggestion now',
    mode: 'suggest_only',
    when: 'in 3 days',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/publish-now`, {}),
      commands: (f) => command(`now ${id(f)}`),
      slack: (f) => slackPress(`herald:publish_now:${id(f)}`),
      discord: (f) => discordPress(`herald:publish_now:${id(f)}`),
    },
    expected: (o) => expect(o.jobs).toEqual([{ status: 'scheduled', at: 0, error: null }]),
  },
  {
    name: 'retry a job that needs attention',
    mode: 'auto',
    when: 'in 3 days',
    prepare: async (f) => {
      await f.surface.deps.jobs.transition(f.job.id, { from: ['scheduled'] }, 'needs_attention', {
        lastError: { code: 'boom', message: 'Boom' },
      });
    },
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/retry`, {}),
      commands: (f) => command(`retry ${id(f)}`),
      slack: (f) => slackPress(`herald:retry:${f.job.id}`),
      discord: (f) => discordPress(`herald:retry:${f.job.id}`),
    },
    expected: (o) => expect(o.jobs.map((j) => j.status)).toEqual(['scheduled']),
  },
  {
    name: 'skip one occurrence of a series',
    mode: 'auto',
    when: 'every day at 09:00',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/skip`, { occurrence: day(f, 1) }),
      commands: (f) => command(`skip ${id(f)} ${day(f, 1)}`),
      slack: (f) => slackCommand(`skip ${id(f)} ${day(f, 1)}`),
      discord: (f) => discordCommand('skip', { post: id(f), occurrence: day(f, 1) }),
    },
    expected: (o) => {
      expect(o.post).toEqual({ status: 'active', at: 0, exdates: 1 });
      expect(o.jobs.find((j) => j.at === 1440)?.status).toBe('cancelled');
      expect(o.jobs.filter((j) => j.status === 'scheduled').length).toBeGreaterThan(5);
    },
  },
  {
    name: 'move one occurrence of a series',
    mode: 'auto',
    when: 'every day at 09:00',
    act: {
      rest: (f) =>
        rest('POST', `/v1/posts/${id(f)}/reschedule`, { occurrence: day(f, 1), when: `${day(f, 1)} 11:00` }),
      commands: (f) => command(`reschedule ${id(f)} ${day(f, 1)} to ${day(f, 1)} 11:00`),
      slack: async (f) =>
        slackForm(`herald:reschedule:${await jobOn(f, 1)}`, 'herald_time', {
          when: { value: `${day(f, 1)} 11:00` },
        }),
      discord: async (f) =>
        discordForm(`herald:reschedule:${await jobOn(f, 1)}`, { when: `${day(f, 1)} 11:00` }),
    },
    expected: (o) => {
      expect(o.jobs.find((j) => j.at === 1440 + 120)?.status).toBe('scheduled');
      expect(o.jobs.find((j) => j.at === 1440)).toBeUndefined();
      expect(o.post).toEqual({ status: 'active', at: 0, exdates: 0 });
    },
  },
  {
    name: 'move the clock of a whole series by +1h',
    mode: 'auto',
    when: 'every day at 09:00',
    act: {
      rest: (f) => rest('POST', `/v1/posts/${id(f)}/reschedule`, { when: '+1h' }),
      commands: (f) => command(`reschedule ${id(f)} +1h`),
      slack: (f) => slackCommand(`reschedule ${id(f)} +1h`),
      discord: (f) => discordCommand('reschedule', { post: id(f), when: '+1h' }),
    },
    expected: (o) => {
      expect(o.post.at).toBe(60);
      const waiting = o.jobs.filter((j) => j.status === 'scheduled');
      expect(waiting.length).toBeGreaterThan(5);
      for (const j of waiting) expect(j.at % 1440).toBe(60);
      for (const j of o.jobs.filter((j) => j.at % 1440 === 0)) expect(j.status).toBe('cancelled');
    },
  },
  {
    name: "shift an account's posts in a window by +1d",
    mode: 'auto',
    when: 'in 3 days',
    act: {
      rest: (f) =>
        rest('POST', '/v1/posts:bulk-shift', {
          accountId: '@demo',
          by: '+1d',
          from: iso(f, -1),
          to: iso(f, 1),
        }),
      commands: (f) => command(`shift @demo +1d --from ${iso(f, -1)} --to ${iso(f, 1)}`),
      slack: (f) => slackCommand(`shift @demo +1d --from ${iso(f, -1)} --to ${iso(f, 1)}`),
      discord: (f) =>
        discordCommand('shift', { account: '@demo', by: '+1d', from: iso(f, -1), to: iso(f, 1) }),
    },
    expected: (o) =>
      expect(o).toEqual({
        post: { status: 'active', at: 1440, exdates: 0 },
        jobs: [{ status: 'scheduled', at: 1440, error: null }],
      }),
  },
];

describe('every operation through every surface leaves the same stored outcome', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const results: Record<string, Awaited<ReturnType<typeof outcome>>> = {};
    for (const surface of s.all) {
      const f = await fixture(surface, c.mode, c.when, `${c.name} via ${surface.name}`);
      await c.prepare?.(f);
      await c.act[surface.name](f);
      results[surface.name] = await outcome(f);
    }
    c.expected(results.rest as Awaited<ReturnType<typeof outcome>>);
    for (const surface of s.all)
      expect([surface.name, results[surface.name]]).toEqual([surface.name, results.rest]);
  });

  it('schedule: the same post and job whichever way it is asked for', async () => {
    const t0 = Date.now();
    const made: Record<string, { status: string; jobs: string[]; at: number }> = {};
    const seen = async (surface: Surface, caption: string) => {
      const ws = await surface.workspaceId();
      const post = (await surface.deps.posts.list({ workspaceId: ws, limit: 200 })).items.find(
        (p) => p.caption === caption,
      );
      if (!post) throw new Error(`${surface.name}: no post "${caption}"`);
      const jobs = await surface.deps.jobs.listByPost(ws, post.id);
      made[surface.name] = {
        status: post.status,
        jobs: jobs.map((j) => j.status),
        at: Math.round((post.scheduledAt.getTime() - t0) / 60_000),
      };
    };
    for (const surface of s.all) await surface.setMode('auto');
    await rest('POST', '/v1/posts', { accounts: ['@demo'], caption: 'Made via rest', when: 'in 3 days' });
    await seen(s.all[0] as Surface, 'Made via rest');
    await command('schedule @demo "Made via commands" in 3 days');
    await seen(s.all[1] as Surface, 'Made via commands');
    await s.slack.confirmSchedule('schedule @demo "Made via slack" in 3 days');
    await seen(s.all[2] as Surface, 'Made via slack');
    await s.discord.schedule('Made via discord', 'in 3 days', SAM);
    await seen(s.all[3] as Surface, 'Made via discord');
    for (const name of ['rest', 'commands', 'slack', 'discord'])
      expect([name, made[name]]).toEqual([name, { status: 'active', jobs: ['scheduled'], at: 3 * 1440 }]);
  });
});

describe('bad times are refused on every surface with a 422 code, and nothing stored changes', () => {
  const BAD = [
    'in 99999999999 years',
    '+99999999999d',
    '+900y',
    '2026-02-30 10:00',
    '',
    'NaN',
    'x'.repeat(10_000),
  ];
  /** The code a surface answered with, and the HTTP status that code stands for. */
  const codeIn = (text: string) => /`([A-Z_]+)`/.exec(text)?.[1] ?? 'none';
  const refuse: Record<Surface['name'], (postId: string, when: string) => Promise<string>> = {
    rest: async (postId, when) =>
      (await s.api.call('POST', `/v1/posts/${postId}/reschedule`, s.apiKey, { when })).json().code,
    commands: async (postId, when) =>
      (await s.api.call('POST', '/v1/commands', s.apiKey, { text: `reschedule ${postId} ${when}` })).json()
        .code,
    slack: async (postId, when) => {
      const reply = await s.slack.reply((await s.slack.command(`reschedule ${postId} ${when}`)).responseId);
      return codeIn(JSON.stringify(reply));
    },
    discord: async (postId, when) =>
      // A Discord option holds at most 200 characters: Discord itself refuses a longer one.
      when.length > 200
        ? 'UNPARSEABLE_TIME'
        : codeIn(
            (
              await s.discord.answer(
                s.discord.command('reschedule', { post: postId, when: when || ' ' }, SAM),
              )
            ).text,
          ),
  };

  it.each(['rest', 'commands', 'slack', 'discord'] as const)('%s', async (name) => {
    const surface = s.all.find((x) => x.name === name) as Surface;
    const f = await fixture(surface, 'auto', 'in 3 days', `bad times via ${name}`);
    const before = await outcome(f);
    const stored = await surface.deps.posts.get(await surface.workspaceId(), f.post.id);
    for (const when of BAD) {
      const code = await refuse[name](f.post.id, when);
      expect([when.slice(0, 24), code, ERROR_CODES[code as ErrorCode]?.status]).toEqual([
        when.slice(0, 24),
        expect.stringMatching(/^(TIME_OUT_OF_RANGE|UNPARSEABLE_TIME|TIME_IN_PAST)$/),
        422,
      ]);
    }
    expect(await outcome(f)).toEqual(before);
    expect((await surface.deps.posts.get(await surface.workspaceId(), f.post.id))?.version).toBe(
      stored?.version,
    );
  });
});
