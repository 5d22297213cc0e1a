import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fakes/slack-fake.js';
import {
  blockActionsBody,
  postSigned,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../../support/slack-signing.js';

const TOKEN = 'xoxb-test';
const SECRET = 'shh-signing-secret';
const BLOCKS = [{ type: 'section', text: { type: 'mrkdwn', text: '*Draft* ready' } }];

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack({ usergroups: { S0APPROVERS: ['U0ALICE'] } });
});
afterEach(() => fake.close());

const client = (token = TOKEN, retries = 0) =>
  new WebClient(token, {
    slackApiUrl: `${fake.url}/api/`,
    retryConfig: { retries, minTimeout: 10 },
    logLevel: LogLevel.ERROR,
  });

describe('fake Slack Web API with the real WebClient', () => {
  it('records a posted message and applies chat.update to it', async () => {
    const slack = client();
    const first = await slack.chat.postMessage({ channel: 'C0001', text: 'Draft ready', blocks: BLOCKS });
    const second = await slack.chat.postMessage({ channel: 'C0001', text: 'reply', thread_ts: first.ts! });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.messages[0]).toMatchObject({ channel: 'C0001', text: 'Draft ready', blocks: BLOCKS });
    expect(fake.messages[1]!.thread_ts).toBe(first.ts);

    const updated = await slack.chat.update({
      channel: 'C0001',
      ts: first.ts!,
      text: 'Approved',
      blocks: [],
    });
    expect(updated).toMatchObject({ ok: true, ts: first.ts, text: 'Approved' });
    expect(fake.messages[0]).toMatchObject({ ts: first.ts, text: 'Approved', blocks: [], edits: 1 });
    expect(fake.updates).toEqual([{ channel: 'C0001', ts: first.ts, text: 'Approved', blocks: [] }]);
    await expect(slack.chat.update({ channel: 'C0001', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'message_not_found' },
    });
  });

  it('answers a bad token with invalid_auth and an unknown method with unknown_method', async () => {
    const err = await client('xoxb-wrong')
      .chat.postMessage({ channel: 'C0001', text: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' } });
    await expect(client().apiCall('chat.nope')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.messages).toHaveLength(0);
  });

  it('answers auth.test the way Bolt expects at start-up', async () => {
    const auth = await client().auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T0001', user_id: 'U0BOT', bot_id: 'B0BOT' });
  });

  it('is retried by the WebClient after a 429 with Retry-After', async () => {
    fake.failNext({ status: 429, headers: { 'Retry-After': '1' }, match: 'chat.postMessage' });
    const started = Date.now();
    const sent = await client(TOKEN, 1).chat.postMessage({ channel: 'C0001', text: 'after the limit' });
    expect(sent.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
  });

  it('sees usergroup membership change between calls', async () => {
    const slack = client();
    const list = () => slack.usergroups.users.list({ usergroup: 'S0APPROVERS' });
    expect((await list()).users).toEqual(['U0ALICE']);
    fake.state.usergroups.S0APPROVERS!.push('U0BOB');
    expect((await list()).users).toEqual(['U0ALICE', 'U0BOB']);
    fake.state.usergroups.S0APPROVERS = [];
    expect((await list()).users).toEqual([]);
    await expect(slack.usergroups.users.list({ usergroup: 'S0NONE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
  });

  it('records ephemerals, views and response_url posts', async () => {
    const slack = client();
    const eph = await slack.chat.postEphemeral({ channel: 'C0001', user: 'U0ALICE', text: 'only you' });
    expect(fake.ephemerals[0]).toMatchObject({
      user: 'U0ALICE',
      text: 'only you',
      message_ts: eph.message_ts,
    });
    const modal = {
      type: 'modal' as const,
      callback_id: 'schedule',
      title: { type: 'plain_text' as const, text: 'X' },
    };
    const opened = await slack.views.open({ trigger_id: '1.2.abc', view: { ...modal, blocks: [] } });
    await slack.views.update({ view_id: opened.view!.id!, view: { ...modal, blocks: BLOCKS } });
    expect(fake.views.map((v) => [v.method, v.id])).toEqual([
      ['views.open', opened.view!.id],
      ['views.update', opened.view!.id],
    ]);

    const url = fake.responseUrl('r1');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Scheduled', response_type: 'ephemeral', replace_original: false }),
    });
    expect(res.status).toBe(200);
    expect(fake.responses).toEqual([
      expect.objectContaining({
        id: 'r1',
        text: 'Scheduled',
        response_type: 'ephemeral',
        replace_original: false,
      }),
    ]);
  });
});

describe('signed requests into a real Bolt app', () => {
  let app: App;
  let endpoint: string;
  const seen: Record<string, unknown>[] = [];

  beforeEach(async () => {
    seen.length = 0;
    app = new App({
      signingSecret: SECRET,
      token: TOKEN,
      clientOptions: { slackApiUrl: `${fake.url}/api/` },
      logLevel: LogLevel.ERROR,
    });
    app.command('/herald', async ({ command, ack, respond, client: web, context }) => {
      await ack({ response_type: 'ephemeral', text: `Working on: ${command.text}` });
      seen.push({ text: command.text, retryNum: context.retryNum, botUserId: context.botUserId });
      await respond({ text: 'Scheduled', response_type: 'ephemeral' });
      await web.chat.postMessage({ channel: command.channel_id, text: `Draft: ${command.text}` });
    });
    app.action('approve', async ({ ack, body, action }) => {
      await ack();
      seen.push({ value: 'value' in action ? action.value : undefined, user: body.user.id });
    });
    app.view('schedule_modal', async ({ ack, view }) => {
      await ack({ response_action: 'errors', errors: { when: 'Pick a future time' } });
      seen.push({ when: view.state.values.when_block?.when?.value, meta: view.private_metadata });
    });
    const server = await app.start(0);
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(() => app.stop());

  it('runs the /herald handler for a correctly signed command', async () => {
    const body = slashCommandBody({ text: 'tomorrow 9am', response_url: fake.responseUrl('cmd1') });
    const res = await postSigned(endpoint, SECRET, body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_type: 'ephemeral', text: 'Working on: tomorrow 9am' });
    expect(res.ms).toBeLessThan(3000);
    const msg = await fake.waitFor((s) => s.messages.find((m) => m.text === 'Draft: tomorrow 9am'));
    expect(msg.channel).toBe('C0001');
    expect(fake.responses).toEqual([expect.objectContaining({ id: 'cmd1', text: 'Scheduled' })]);
    expect(seen).toEqual([{ text: 'tomorrow 9am', retryNum: undefined, botUserId: 'U0BOT' }]);
    expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a wrong secret, a tampered body and a stale timestamp with an empty 401', async () => {
    const body = slashCommandBody({ text: 'x', response_url: fake.responseUrl() });
    for (const res of [
      await postSigned(endpoint, 'not-the-secret', body),
      await postSigned(endpoint, SECRET, body, { tamper: true }),
      await postSigned(endpoint, SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
    ]) {
      expect(res).toMatchObject({ status: 401, body: '' });
    }
    expect(seen).toEqual([]);
  });

  it('passes X-Slack-Retry-Num through to context.retryNum without deduplicating', async () => {
    const body = slashCommandBody({ text: 'again', response_url: fake.responseUrl() });
    const headers = { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
    expect((await postSigned(endpoint, SECRET, body, { headers })).status).toBe(200);
    await fake.waitFor((s) => s.messages.some((m) => m.text === 'Draft: again'));
    expect(seen[0]).toMatchObject({ text: 'again', retryNum: 1 });
  });

  it('routes block_actions and view_submission payloads built by the helpers', async () => {
    const click = blockActionsBody({ actionId: 'approve', value: 'post-42', messageTs: '1700000000.000100' });
    const clicked = await postSigned(endpoint, SECRET, click);
    expect(clicked).toMatchObject({ status: 200, body: '' });

    const submit = viewSubmissionBody({
      callbackId: 'schedule_modal',
      privateMetadata: '{"postId":"post-42"}',
      values: { when_block: { when: 'yesterday' } },
    });
    const submitted = await postSigned(endpoint, SECRET, submit);
    expect(JSON.parse(submitted.body)).toEqual({
      response_action: 'errors',
      errors: { when: 'Pick a future time' },
    });
    expect(seen).toEqual([
      { value: 'post-42', user: 'U0ALICE' },
      { when: 'yesterday', meta: '{"postId":"post-42"}' },
    ]);
  });

  it("matches Slack's worked example in 'Verifying requests from Slack'", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });
});
