import type { APIMessage } from 'discord.js';
import { type DiscordBot, startDiscordBot } from '../../src/bots/discord/discord-bot.js';
import { DiscordCardSink } from '../../src/bots/discord/discord-card-sink.js';
import type { DiscordBotContext } from '../../src/bots/discord/discord-context.js';
import { type DiscordTransport, discordRest } from '../../src/bots/discord/discord-settings.js';
import { registerCommands } from '../../src/bots/discord/register-commands.js';
import type { AutonomyMode, Campaign, PublishJob, Workspace } from '../../src/core/domain/types.js';
import type { Publisher } from '../../src/core/ports/publisher.js';
import type { CoreDeps, CoreSettings } from '../../src/core/use-cases/deps.js';
import { createLogger } from '../../src/infra/logger.js';
import { chatTestCore } from './chat-core.js';
import { type Answer, answerOf, waitFor } from './discord-answers.js';
import { GUILDS, HQ, RIVAL } from './discord-guilds.js';
import {
  button,
  chatInput,
  type FakeDiscord,
  type FakeInteractionHandle,
  type InteractionContextSpec,
  modalSubmit,
  startFakeDiscord,
} from './fakes/discord-fake.js';
import type { RecordingQueue } from './harness.js';
import type { RecordingNotifier } from './recording-notifier.js';
import { openTestDb, type TestDb } from './test-db.js';

export interface DiscordHarnessOptions {
  mode?: AutonomyMode;
  /** Approver role ids of a new guild's default campaign (default: HQ's approver role). */
  approvers?: string[];
  settings?: Partial<CoreSettings>;
  dryrun?: Publisher;
}

/**
 * The real discord.js client running Herald's Discord bot against the local fake Discord (REST
 * and Gateway on 127.0.0.1), `/herald` registered through `registerCommands`, the alert card
 * sink on its own REST client like a worker's, over a real test database.
 */
export interface DiscordHarness {
  fake: FakeDiscord;
  deps: CoreDeps;
  testDb: TestDb;
  queue: RecordingQueue;
  recorded: RecordingNotifier;
  bot: DiscordBot;
  transport: DiscordTransport;
  command(
    subcommand: string,
    options?: Record<string, string | boolean>,
    as?: InteractionContextSpec,
  ): FakeInteractionHandle;
  press(customId: string, message: APIMessage, as?: InteractionContextSpec): FakeInteractionHandle;
  submit(
    customId: string,
    fields: Record<string, string>,
    as?: InteractionContextSpec & { message?: APIMessage },
  ): FakeInteractionHandle;
  answer(handle: FakeInteractionHandle, timeoutMs?: number): Promise<Answer>;
  /** `/herald schedule @demo "<caption>" <when>` then Confirm, as `as` (default mia). */
  schedule(
    caption: string,
    when?: string,
    as?: InteractionContextSpec,
  ): Promise<{ postId: string; done: Answer }>;
  /** The first message in `channelId` whose JSON contains `needle`. */
  cardIn(channelId: string, needle: string, timeoutMs?: number): Promise<APIMessage>;
  workspace(guildId?: string): Promise<Workspace>;
  campaign(): Promise<Campaign>;
  setCampaign(patch: Partial<Campaign>): Promise<void>;
  jobsOf(postId: string): Promise<PublishJob[]>;
  close(): Promise<void>;
}

export async function startDiscordHarness(opts: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
  const fake = await startFakeDiscord({ guilds: GUILDS });
  const testDb = await openTestDb('discord');
  const logger = createLogger((process.env.HERALD_TEST_LOG as 'silent' | undefined) ?? 'silent');
  const apiUrl = `${fake.url}/api`;
  const { deps, queue, recorded } = core(testDb, opts, new DiscordCardSink(discordRest(fake.token, apiUrl)));
  const transport: DiscordTransport = {
    token: fake.token,
    applicationId: fake.applicationId,
    guildIds: [HQ.guildId, RIVAL.guildId],
    apiUrl,
  };
  const problems: string[] = [];
  const registered = await registerCommands(
    transport,
    { global: false },
    () => {},
    (l) => problems.push(l),
  );
  if (registered !== 0) throw new Error(`registerCommands failed: ${problems.join('; ')}`);
  const context: DiscordBotContext = {
    deps,
    logger,
    settings: {
      timezone: 'UTC',
      seed: true,
      mode: opts.mode ?? 'approval',
      approvers: opts.approvers ?? [HQ.approverRoleId],
      alertsChannel: HQ.alertsChannelId,
    },
  };
  const bot = await startDiscordBot(transport, context);
  return harness({ fake, deps, testDb, queue, recorded, bot, transport });
}

/** The core over the test database; notifications are recorded and posted as Discord cards. */
function core(testDb: TestDb, opts: DiscordHarnessOptions, sink: DiscordCardSink) {
  return chatTestCore(testDb, opts, { discord: sink }, createLogger('silent'));
}

type Parts = Pick<DiscordHarness, 'fake' | 'deps' | 'testDb' | 'queue' | 'recorded' | 'bot' | 'transport'>;

function harness(p: Parts): DiscordHarness {
  const { fake, deps } = p;
  const h: DiscordHarness = {
    ...p,
    command: (subcommand, options = {}, as = {}) => fake.interact(chatInput({ subcommand, options, ...as })),
    press: (customId, message, as = {}) => fake.interact(button({ customId, message, ...as })),
    submit: (customId, fields, as = {}) => fake.interact(modalSubmit({ customId, fields, ...as })),
    answer: (handle, timeoutMs) => answerOf(fake, handle, timeoutMs),
    async schedule(caption, when = 'tomorrow 9am', as = {}) {
      const draft = await h.answer(h.command('schedule', { account: '@demo', caption, when }, as));
      const confirm = draft.buttons.find((b) => b.startsWith('herald:confirm:'));
      if (!confirm || !draft.message) throw new Error(`no draft to confirm: ${draft.text}`);
      const done = await h.answer(h.press(confirm, draft.message, as));
      const postId = /pst_[A-Za-z0-9_-]+/.exec(done.text)?.[0];
      if (!postId) throw new Error(`confirm did not schedule: ${done.text}`);
      return { postId, done };
    },
    cardIn: (channelId, needle, timeoutMs) =>
      waitFor(() => fake.messages(channelId).find((m) => JSON.stringify(m).includes(needle)), timeoutMs),
    async workspace(guildId = HQ.guildId) {
      const ws = await deps.workspaces.findByExternalId('discord', guildId);
      if (!ws) throw new Error(`no workspace for guild ${guildId} yet: send a command there first`);
      return ws;
    },
    async campaign() {
      const [campaign] = await deps.campaigns.list((await h.workspace()).id);
      if (!campaign) throw new Error('no campaign');
      return campaign;
    },
    async setCampaign(patch) {
      const campaign = await h.campaign();
      await deps.campaigns.update(campaign.workspaceId, campaign.id, campaign.version, patch);
    },
    jobsOf: async (postId) => deps.jobs.listByPost((await h.workspace()).id, postId),
    async close() {
      await p.bot.stop();
      await fake.close();
      await p.testDb.close();
    },
  };
  return h;
}

export { type Answer, buttonsOf, waitFor } from './discord-answers.js';
export { HQ, RIVAL } from './discord-guilds.js';
