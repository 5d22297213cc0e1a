import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HERALD_ACTION } from '../../../src/bots/slack/actions/card-action-handler.js';
import { CARD_ACTIONS, encodeAction } from '../../../src/core/cards/card.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { ScriptedPublisher } from '../../support/scripted-publisher.js';
import {
  ALERTS,
  actionIds,
  blocksText,
  SIGNING_SECRET,
  type SlackHarness,
  startSlackHarness,
} from '../../support/slack-harness.js';
import { postSigned, SLACK_DEFAULTS, slashCommandBody, triggerId } from '../../support/slack-signing.js';

describe('Slack safety: signatures, acks, alerts, manifest', () => {
  let h: SlackHarness;
  const publisher = new ScriptedPublisher();
  beforeAll(async () => {
    h = await startSlackHarness({ mode: 'auto', dryrun: publisher, settings: { retryDelaysMs: [] } });
    await h.reply((await h.command('accounts')).responseId);
  });
  afterAll(async () => h.close());

  const confirmed = (caption: string, when = 'in 2 hours') =>
    h.confirmSchedule(`schedule @demo "${caption}" ${when}`);

  describe('requests that are not from Slack get 401, run no handler and write nothing', () => {
    const cases: [string, (body: string) => Promise<{ status: number }>][] = [
      [
        'a forged signature',
        (body) =>
          postSigned(h.url, SIGNING_SECRET, body, {
            headers: { 'X-Slack-Signature': `v0=${'0'.repeat(64)}` },
          }),
      ],
      ['the wrong secret', (body) => postSigned(h.url, 'not-the-secret', body)],
      ['a 1-byte body change', (body) => postSigned(h.url, SIGNING_SECRET, body, { tamper: true })],
      [
        'a timestamp older than 5 minutes',
        (body) => postSigned(h.url, SIGNING_SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      ],
      [
        'a timestamp 6 minutes in the future',
        (body) => postSigned(h.url, SIGNING_SECRET, body, { timestamp: Math.floor(Date.now() / 1000) + 360 }),
      ],
      [
        'a timestamp a year in the future',
        (body) =>
          postSigned(h.url, SIGNING_SECRET, body, {
            timestamp: Math.floor(Date.now() / 1000) + 365 * 86_400,
          }),
      ],
    ];
    for (const [name, send] of cases) {
      it(name, async () => {
        const drafts = await h.testDb.db.collection('drafts').countDocuments();
        const responseId = `forged-${name.replace(/\W/g, '')}`;
        const body = slashCommandBody({
          text: 'schedule @demo "forged" tomorrow 9am',
          response_url: h.fake.responseUrl(responseId),
        });
        const res = await send(body);
        expect(res.status).toBe(401);
        await new Promise((r) => setTimeout(r, 300));
        expect(h.fake.responses.some((r) => r.id === responseId)).toBe(false);
        expect(await h.testDb.db.collection('drafts').countDocuments()).toBe(drafts);
      });
    }
  });

  it('acks under 3 s while a platform adapter takes 10 s', async () => {
    const id = await confirmed('Slow platform', 'in 1 second');
    publisher.delayMs = 10_000;
    await new Promise((r) => setTimeout(r, 1100));
    const [job] = await h.deps.jobs.listByPost((await h.workspace()).id, id);
    const publishing = runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    await new Promise((r) => setTimeout(r, 200));
    const cmd = await h.command(`show ${id}`);
    expect(cmd.status).toBe(200);
    expect(cmd.ms).toBeLessThan(3000);
    expect(blocksText((await h.reply(cmd.responseId)).blocks)).toContain('publishing');
    const press = await h.press(`herald:cancel:${id}`, { responseId: 'cancel-while-publishing' });
    expect(press.ms).toBeLessThan(3000);
    expect((await h.reply('cancel-while-publishing')).text).toContain('nothing to cancel');
    await publishing;
    publisher.delayMs = 0;
  }, 20_000);

  it('a failed publish posts exactly one alert card whose Retry republishes it', async () => {
    const id = await confirmed('Will fail once', 'in 1 second');
    publisher.failures = 1;
    await new Promise((r) => setTimeout(r, 1100));
    const [job] = await h.deps.jobs.listByPost((await h.workspace()).id, id);
    await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    const card = await h.fake.waitFor((s) =>
      s.messages.find(
        (m) => m.channel === ALERTS && blocksText(m.blocks).includes(`herald:retry:${job?.id}`),
      ),
    );
    expect(blocksText(card.blocks)).toContain('Publish failed');
    expect(blocksText(card.blocks)).toContain('refused the caption');
    expect(actionIds(card.blocks).map((a) => a.split(':')[1])).toEqual(['retry', 'reschedule', 'cancel']);
    await h.press(`herald:retry:${job?.id}`, { messageTs: card.ts });
    const updated = await h.fake.waitFor((s) => s.updates.find((u) => u.ts === card.ts));
    expect(blocksText(updated.blocks)).toContain('Retry requested by');
    const wake = h.queue.wakeUps.filter((w) => w.jobId === job?.id).at(-1);
    expect(wake?.at.getTime()).toBeLessThanOrEqual(Date.now());
    const run = await runPublishJob(h.deps, { jobId: job?.id as string, workerId: 'test' });
    expect(run.outcome).toBe('published');
    const alerts = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.params).includes(`herald:retry:${job?.id}`));
    expect(alerts).toHaveLength(1);
  });

  it('every command and shortcut in manifest.yml, and every card button, has a handler', async () => {
    const manifest = parse(readFileSync('manifest.yml', 'utf8')) as {
      features: { slash_commands: { command: string }[]; shortcuts: { callback_id: string; type: string }[] };
      oauth_config: { scopes: { bot: string[] } };
      settings: { interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
    };
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'commands', 'usergroups:read']);
    for (const { command } of manifest.features.slash_commands) {
      const responseId = `manifest-${command.slice(1)}`;
      const body = slashCommandBody({ command, text: 'help', response_url: h.fake.responseUrl(responseId) });
      expect((await postSigned(h.url, SIGNING_SECRET, body)).status).toBe(200);
      expect(blocksText((await h.reply(responseId)).blocks)).toContain('schedule');
    }
    for (const shortcut of manifest.features.shortcuts) {
      const trigger = triggerId();
      const payload = {
        type: 'shortcut',
        callback_id: shortcut.callback_id,
        trigger_id: trigger,
        action_ts: String(Date.now() / 1000),
        team: { id: SLACK_DEFAULTS.teamId, domain: SLACK_DEFAULTS.teamDomain },
        user: { id: SLACK_DEFAULTS.userId, username: 'alice', team_id: SLACK_DEFAULTS.teamId },
        token: SLACK_DEFAULTS.token,
        api_app_id: SLACK_DEFAULTS.apiAppId,
        is_enterprise_install: false,
      };
      const res = await postSigned(
        h.url,
        SIGNING_SECRET,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      );
      expect(res.status).toBe(200);
      await h.fake.waitFor((s) => s.views.find((v) => v.trigger_id === trigger));
    }
    // Every button Herald can draw reaches a handler: an unknown target is answered, not ignored —
    // in the modal for buttons that open one, else privately to the presser.
    for (const action of CARD_ACTIONS) {
      expect(HERALD_ACTION.test(encodeAction(action, 'pst_gone'))).toBe(true);
      const target = ['confirm', 'edit', 'discard'].includes(action)
        ? 'drf_gone'
        : action === 'reconnect'
          ? 'acc_gone'
          : 'pst_gone';
      await h.press(encodeAction(action, target), { responseId: `button-${action}` });
      const answer = ['reject', 'edit_time', 'reschedule'].includes(action)
        ? await h.fake
            .waitFor((s) =>
              s.views
                .filter((v) => v.method === 'views.update')
                .find((v) => JSON.stringify(v.view).includes(`No post with id \\"${target}\\"`)),
            )
            .then((v) => JSON.stringify(v.view))
        : (await h.reply(`button-${action}`)).text;
      expect(answer).toMatch(/No (post|draft|account) with id/);
      h.fake.views.length = 0;
    }
  });
});
