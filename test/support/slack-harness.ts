import { webApi } from '@slack/bolt';
import { type SlackBot, startSlackBot } from '../../src/bots/slack/slack-bot.js';
import { SlackCardSink } from '../../src/bots/slack/slack-card-sink.js';
import type { SlackBotContext } from '../../src/bots/slack/slack-context.js';
import type { AutonomyMode, Workspace } from '../../src/core/domain/types.js';
import type { Publisher } from '../../src/core/ports/publisher.js';
import type { CoreDeps, CoreSettings } from '../../src/core/use-cases/deps.js';
import { createLogger } from '../../src/infra/logger.js';
import { chatTestCore } from './chat-core.js';
import { type FakeSlack, startFakeSlack } from './fakes/slack-fake.js';
import type { RecordingQueue } from './harness.js';
import type { RecordingNotifier } from './recording-notifier.js';
import {
  blockActionsBody,
  postSigned,
  SLACK_DEFAULTS,
  slashCommandBody,
  type ViewSubmissionInput,
  viewSubmissionBody,
} from './slack-signing.js';
import { openTestDb, type TestDb } from './test-db.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a');
export const ALERTS = 'C0ALERTS';

export interface SlackHarnessOptions {
  mode?: AutonomyMode;
  approvers?: string[];
  usergroups?: Record<string, string[]>;
  settings?: Partial<CoreSettings>;
  dryrun?: Publisher;
}

/**
 * A real Bolt app in HTTP mode on 127.0.0.1 with Herald's handlers, its WebClient (and the
 * alert card sink's) pointed at a local fake Slack Web API, over a real test database.
 */
export interface SlackHarness {
  fake: FakeSlack;
  deps: CoreDeps;
  testDb: TestDb;
  queue: RecordingQueue;
  recorded: RecordingNotifier;
  bot: SlackBot;
  url: string;
  /** A signed `/herald <text>`; resolves with the HTTP answer and the response_url id it carried. */
  command(text: string, user?: string): Promise<{ status: number; ms: number; responseId: string }>;
  /** A signed button press on a card message. */
  press(actionId: string, opts?: PressOptions): Promise<{ status: number; ms: number; body: string }>;
  /** A signed modal submission; the body is Bolt's ack (e.g. `{"response_action":"errors",…}`). */
  submit(input: ViewSubmissionInput): Promise<{ status: number; body: string }>;
  /** `/herald <text>` (a schedule command), then Confirm on its draft: the new post's id. */
  confirmSchedule(text: string, user?: string): Promise<string>;
  /** The reply posted to one response_url (waits for the work done after the ack). */
  reply(responseId: string): Promise<{ text?: string; blocks?: unknown[]; response_type?: string }>;
  workspace(): Promise<Workspace>;
  close(): Promise<void>;
}

export interface PressOptions {
  user?: string;
  channelId?: string;
  messageTs?: string;
  isEphemeral?: boolean;
  responseId?: string;
}

export async function startSlackHarness(opts: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const fake = await startFakeSlack({ usergroups: opts.usergroups ?? {} });
  const testDb = await openTestDb('slack');
  const apiUrl = `${fake.url}/api/`;
  const logger = createLogger(process.env.HERALD_TEST_LOG === '1' ? 'error' : 'silent');
  const sink = new SlackCardSink(new webApi.WebClient('xoxb-test', { slackApiUrl: apiUrl }));
  const { deps, queue, recorded } = chatTestCore(testDb, opts, { slack: sink }, logger);
  const context: SlackBotContext = {
    deps,
    logger,
    settings: {
      timezone: 'UTC',
      seed: true,
      mode: opts.mode ?? 'approval',
      approvers: opts.approvers ?? [],
      alertsChannel: ALERTS,
    },
  };
  const bot = await startSlackBot(
    { botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, mode: 'http', port: 0, apiUrl },
    context,
  );
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };
  const harness: SlackHarness = {
    fake,
    deps,
    testDb,
    queue,
    recorded,
    bot,
    url,
    async command(text, user = SLACK_DEFAULTS.userId) {
      const responseId = `cmd${next()}`;
      const body = slashCommandBody({
        text,
        user_id: user,
        user_name: user.toLowerCase(),
        response_url: fake.responseUrl(responseId),
      });
      const res = await postSigned(url, SIGNING_SECRET, body);
      return { status: res.status, ms: res.ms, responseId };
    },
    async press(actionId, o = {}) {
      const responseId = o.responseId ?? `act${next()}`;
      const body = blockActionsBody({
        actionId,
        value: actionId.split(':')[2] ?? '',
        userId: o.user ?? SLACK_DEFAULTS.userId,
        userName: (o.user ?? SLACK_DEFAULTS.userId).toLowerCase(),
        channelId: o.channelId ?? ALERTS,
        messageTs: o.messageTs ?? '1700000000.000100',
        isEphemeral: o.isEphemeral ?? false,
        responseUrl: fake.responseUrl(responseId),
      });
      return postSigned(url, SIGNING_SECRET, body);
    },
    async submit(input) {
      // Each submission is its own view unless the test says otherwise (Slack dedupes nothing; Herald does).
      return postSigned(url, SIGNING_SECRET, viewSubmissionBody({ viewId: `V${next()}`, ...input }));
    },
    async confirmSchedule(text, user = SLACK_DEFAULTS.userId) {
      const cmd = await harness.command(text, user);
      const draft = await harness.reply(cmd.responseId);
      const confirm = actionIds(draft.blocks).find((id) => id.startsWith('herald:confirm:'));
      if (!confirm) throw new Error(`no draft to confirm: ${draft.text ?? blocksText(draft.blocks)}`);
      await harness.press(confirm, { user, isEphemeral: true, responseId: `${cmd.responseId}-ok` });
      const done = await harness.reply(`${cmd.responseId}-ok`);
      return /pst_[A-Za-z0-9_-]+/.exec(blocksText(done.blocks))?.[0] as string;
    },
    reply(responseId) {
      // Generous: the work after the ack runs beside other suites and worker processes in CI.
      return fake.waitFor((s) => s.responses.find((r) => r.id === responseId), 10_000);
    },
    async workspace() {
      const ws = await deps.workspaces.findByExternalId('slack', SLACK_DEFAULTS.teamId);
      if (!ws) throw new Error('no Slack workspace yet: send a command first');
      return ws;
    },
    async close() {
      await bot.stop();
      await fake.close();
      await testDb.close();
    },
  };
  return harness;
}

/** Every action id on the buttons of a Block Kit message. */
export function actionIds(blocks: unknown[] | undefined): string[] {
  return (blocks ?? []).flatMap((b) => {
    const block = b as { type?: string; elements?: { action_id?: string }[] };
    return block.type === 'actions' ? (block.elements ?? []).map((e) => e.action_id ?? '') : [];
  });
}

/** All text of a Block Kit message, for assertions on what a user reads. */
export function blocksText(blocks: unknown[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}
