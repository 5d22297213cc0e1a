import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackBot, startSlackBot } from '../../../src/bots/slack/slack-bot.js';
import { composeCore } from '../../../src/compose.js';
import { createLogger } from '../../../src/infra/logger.js';
import { RandomIds } from '../../../src/infra/random-ids.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { type FakeSlack, startFakeSlack } from '../../support/fakes/slack-fake.js';
import { type FakeSlackSocket, startFakeSlackSocket } from '../../support/fakes/slack-socket-fake.js';
import { RecordingQueue } from '../../support/harness.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { blockActionsPayload, SLACK_DEFAULTS } from '../../support/slack-signing.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

describe('Slack in Socket Mode (the default of manifest.yml)', () => {
  let fake: FakeSlack;
  let socket: FakeSlackSocket;
  let testDb: TestDb;
  let bot: SlackBot;
  beforeAll(async () => {
    fake = await startFakeSlack();
    socket = await startFakeSlackSocket();
    fake.state.socketUrl = socket.url;
    testDb = await openTestDb('slack-socket');
    const deps = composeCore({
      db: testDb.db,
      clock: systemClock,
      ids: new RandomIds(),
      queue: new RecordingQueue(),
      notifier: new RecordingNotifier(),
    });
    const settings = { timezone: 'UTC', seed: true, mode: 'auto' as const, approvers: [] };
    bot = await startSlackBot(
      { botToken: 'xoxb-test', appToken: 'xapp-test', mode: 'auto', port: 0, apiUrl: `${fake.url}/api/` },
      { deps, logger: createLogger('silent'), settings },
    );
    await socket.connected();
  });
  afterAll(async () => {
    await bot?.stop();
    await socket?.close();
    await fake?.close();
    await testDb?.close();
  });

  it('connects with the app token and answers /herald over the socket, acking at once', async () => {
    expect(bot.mode).toBe('socket');
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');
    const { ms } = await socket.send('slash_commands', {
      ...{
        token: SLACK_DEFAULTS.token,
        team_id: SLACK_DEFAULTS.teamId,
        team_domain: 'herald-test',
        channel_id: 'C0001',
      },
      ...{
        user_id: 'U0ALICE',
        user_name: 'alice',
        command: '/herald',
        text: 'schedule @demo "Over the socket" tomorrow 9am',
      },
      ...{ response_url: fake.responseUrl('socket-1'), trigger_id: '1.2.3', api_app_id: 'A0HERALD' },
    });
    expect(ms).toBeLessThan(3000);
    const reply = await fake.waitFor((s) => s.responses.find((r) => r.id === 'socket-1'));
    const confirm = JSON.stringify(reply.blocks).match(/herald:confirm:drf_[A-Za-z0-9_-]+/)?.[0] as string;
    expect(confirm).toBeDefined();
    await socket.send(
      'interactive',
      blockActionsPayload({
        actionId: confirm,
        value: confirm.split(':')[2],
        isEphemeral: true,
        responseUrl: fake.responseUrl('socket-2'),
      }),
    );
    const done = await fake.waitFor((s) => s.responses.find((r) => r.id === 'socket-2'));
    expect(JSON.stringify(done.blocks)).toContain('Scheduled by <@U0ALICE>');
    const ws = await testDb.db.collection('posts').find({ caption: 'Over the socket' }).toArray();
    expect(ws).toHaveLength(1);
  });
});
