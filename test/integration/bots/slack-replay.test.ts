import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from '../../support/slack-harness.js';
import {
  blockActionsBody,
  postSigned,
  SLACK_DEFAULTS,
  slashCommandBody,
  viewSubmissionBody,
} from '../../support/slack-signing.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Slack HTTP: a replayed signed request is ignored; timestamps are bounded both ways', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'auto' });
    await h.reply((await h.command('accounts')).responseId);
  });
  afterAll(async () => h.close());

  /** Sends one signed request, then the very same bytes again: same body, same headers. */
  async function sendTwice(body: string) {
    const timestamp = nowSeconds();
    const first = await postSigned(h.url, SIGNING_SECRET, body, { timestamp });
    const again = await postSigned(h.url, SIGNING_SECRET, body, { timestamp });
    await settle();
    return { first, again };
  }
  const responsesTo = (id: string) => h.fake.responses.filter((r) => r.id === id).length;
  const scheduledAt = async (id: string) =>
    (await h.deps.posts.get((await h.workspace()).id, id))?.scheduledAt.getTime();

  it('a replayed "/herald schedule" is acked empty and makes one draft', async () => {
    const drafts = await h.testDb.db.collection('drafts').countDocuments();
    const body = slashCommandBody({
      text: 'schedule @demo "Replayed draft" tomorrow 9am',
      response_url: h.fake.responseUrl('replay-schedule'),
    });
    const { first, again } = await sendTwice(body);
    expect([first.status, again.status, again.body]).toEqual([200, 200, '']);
    await h.reply('replay-schedule');
    expect(responsesTo('replay-schedule')).toBe(1);
    expect(await h.testDb.db.collection('drafts').countDocuments()).toBe(drafts + 1);
  });

  it('a replayed "/herald reschedule <id> +1h" moves the post once', async () => {
    const id = await h.confirmSchedule('schedule @demo "Move me once" in 3 hours');
    const before = (await scheduledAt(id)) as number;
    const body = slashCommandBody({
      text: `reschedule ${id} +1h`,
      response_url: h.fake.responseUrl('replay-reschedule'),
    });
    const { again } = await sendTwice(body);
    expect([again.status, again.body]).toEqual([200, '']);
    await h.reply('replay-reschedule');
    expect(responsesTo('replay-reschedule')).toBe(1);
    expect(await scheduledAt(id)).toBe(before + 3_600_000);
  });

  it('a replayed button press changes nothing the second time', async () => {
    const id = await h.confirmSchedule('schedule @demo "Cancel me once" in 3 hours');
    const body = blockActionsBody({
      actionId: `herald:cancel:${id}`,
      value: id,
      responseUrl: h.fake.responseUrl('replay-press'),
    });
    const { again } = await sendTwice(body);
    expect([again.status, again.body]).toEqual([200, '']);
    await h.reply('replay-press');
    expect(responsesTo('replay-press')).toBe(1);
    const jobs = await h.deps.jobs.listByPost((await h.workspace()).id, id);
    expect(jobs.map((j) => j.status)).toEqual(['cancelled']);
  });

  it('a replayed view submission changes nothing the second time', async () => {
    const id = await h.confirmSchedule('schedule @demo "Submit me once" in 3 hours');
    const before = (await scheduledAt(id)) as number;
    const meta = { postId: id, ephemeral: true, responseUrl: h.fake.responseUrl('replay-view') };
    const body = viewSubmissionBody({
      callbackId: 'herald_time',
      viewId: 'V0REPLAY',
      privateMetadata: JSON.stringify(meta),
      values: { when: { value: '+1h' } },
    });
    const { first, again } = await sendTwice(body);
    expect([first.status, again.status, again.body]).toEqual([200, 200, '']);
    await h.reply('replay-view');
    expect(responsesTo('replay-view')).toBe(1);
    expect(await scheduledAt(id)).toBe(before + 3_600_000);
  });

  it("a re-signed resend (Slack's retry: new timestamp, new signature) passes, and the press is still taken once", async () => {
    const id = await h.confirmSchedule('schedule @demo "Retried press" in 3 hours');
    const body = blockActionsBody({
      actionId: `herald:cancel:${id}`,
      value: id,
      responseUrl: h.fake.responseUrl('retried-press'),
    });
    const first = await postSigned(h.url, SIGNING_SECRET, body, { timestamp: nowSeconds() - 1 });
    const retry = await postSigned(h.url, SIGNING_SECRET, body, {
      timestamp: nowSeconds(),
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    await settle();
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.reply('retried-press');
    expect(responsesTo('retried-press')).toBe(1);
  });

  describe('a timestamp more than 5 minutes away is refused with 401 before anything runs', () => {
    const future = (minutes: number) => nowSeconds() + minutes * 60;
    const bodies: [string, (responseUrl: string) => string][] = [
      [
        'an interaction (block_actions)',
        (url) => blockActionsBody({ actionId: 'herald:cancel:pst_x', responseUrl: url }),
      ],
      [
        'a modal submission',
        (url) =>
          viewSubmissionBody({
            callbackId: 'herald_time',
            privateMetadata: JSON.stringify({ postId: 'pst_x', ephemeral: true, responseUrl: url }),
            values: { when: { value: '+1h' } },
          }),
      ],
      ['an Events API callback', () => JSON.stringify(eventCallback())],
    ];
    for (const [what, build] of bodies) {
      for (const [when, timestamp] of [
        ['6 minutes ahead', () => future(6)],
        ['a year ahead', () => future(365 * 24 * 60)],
        ['6 minutes behind', () => future(-6)],
      ] as const) {
        it(`${what}, ${when}`, async () => {
          const id = `window-${what.replace(/\W/g, '')}-${when.replace(/\W/g, '')}`;
          const calls = h.fake.requests.length;
          const res = await postSigned(h.url, SIGNING_SECRET, build(h.fake.responseUrl(id)), {
            timestamp: timestamp(),
          });
          expect(res.status).toBe(401);
          await settle();
          expect(responsesTo(id)).toBe(0);
          expect(h.fake.requests.length).toBe(calls);
        });
      }
    }
  });
});

function eventCallback() {
  return {
    token: SLACK_DEFAULTS.token,
    team_id: SLACK_DEFAULTS.teamId,
    api_app_id: SLACK_DEFAULTS.apiAppId,
    type: 'event_callback',
    event_id: 'Ev0WINDOW',
    event_time: nowSeconds(),
    event: {
      type: 'app_mention',
      user: SLACK_DEFAULTS.userId,
      text: '<@U0BOT> hi',
      ts: '1700000000.000200',
      channel: SLACK_DEFAULTS.channelId,
    },
  };
}
