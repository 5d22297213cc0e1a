import type {
  APIInteraction,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  ChannelFlags,
  ClientOptions,
  MessageFlags,
  RoleFlags,
} from 'discord.js';
import { ChannelType, InteractionType, PermissionFlagsBits } from 'discord.js';
import { FakeGateway } from './discord-fake-gateway.js';
import {
  discordRoutes,
  type FakeCallback,
  type FakeDiscordFailure,
  type FakeDiscordGuild,
  type FakeDiscordMember,
  type FakeDiscordState,
  type FakeInteractionRecord,
  findChannel,
  findMessage,
  interactionToken,
  memberJson,
  memberPermissions,
  snowflake,
} from './discord-fake-rest.js';
import { type FakeServer, type RecordedRequest, startFakeServer } from './fake-server.js';

/**
 * Local fake of Discord for bot tests: REST (`/api/v10`, on the generic fake server: recorded
 * requests, `failNext`, latency) plus a v10 JSON Gateway over WebSocket on a second port. Tests run
 * the REAL discord.js Client against it — the only way to catch payloads discord.js cannot build
 * interactions from, replies after Discord's 3-second window, double acknowledgements and 429
 * handling without talking to Discord:
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], ...fake.clientOptions });
 *   const ready = once(client, Events.ClientReady);
 *   await client.login(fake.token);
 *   await ready; // discord.js queues (and may sit on) events that arrive before it is ready
 *   const handle = fake.interact(chatInput({ subcommand: 'list' }));
 *   expect((await handle.callback()).type).toBe(4);
 *
 * Nothing leaves 127.0.0.1: `clientOptions.rest` sets api, cdn and mediaProxy; the Gateway URL comes
 * from `GET /gateway/bot` and the resume URL from READY. Recorded REST paths drop the `/api/v10`
 * prefix (`POST /channels/:id/messages`) but keep discord.js's encoding (`messages/%40original`).
 */

export type { FakeGateway, GatewayFrame, GatewaySession } from './discord-fake-gateway.js';
export type {
  FakeCallback,
  FakeDiscordFailure,
  FakeDiscordGuild,
  FakeDiscordMember,
  FakeDiscordState,
  FakeInteractionRecord,
} from './discord-fake-rest.js';
export { discordError, snowflake } from './discord-fake-rest.js';

/** The ids of the default guild, so tests and builders agree without passing them around. */
export const FAKE_DISCORD = {
  applicationId: '1180000000000000001',
  guildId: '1180000000000000100',
  /** #general */
  channelId: '1180000000000000200',
  /** #approvals */
  approvalsChannelId: '1180000000000000201',
  /** mia: no roles. */
  userId: '1180000000000000300',
  /** olli: owns the guild, has the admin role. */
  ownerId: '1180000000000000301',
  /** sam: has the approver role. */
  approverId: '1180000000000000302',
  approverRoleId: '1180000000000000400',
  adminRoleId: '1180000000000000401',
  botRoleId: '1180000000000000402',
} as const;

const P = PermissionFlagsBits;
const EVERYONE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AddReactions | P.UseApplicationCommands;
const BOT_PERMISSIONS = EVERYONE_PERMISSIONS | P.EmbedLinks | P.AttachFiles | P.SendMessagesInThreads;

/** A guild to start the fake with (`options.guilds`); the default is Herald HQ (FAKE_DISCORD). */
export interface FakeGuildSpec {
  id: string;
  name: string;
  ownerId?: string;
  /** Text channels (type 0). */
  channels: Array<{ id: string; name: string; topic?: string }>;
  /** Besides @everyone (id = guild id) and the bot's managed role, which are added. */
  roles?: Array<{ id: string; name: string; permissions?: bigint }>;
  /** Besides the bot, which is added. */
  members?: Array<{
    user: Pick<APIUser, 'id' | 'username'> & Partial<APIUser>;
    roles?: string[];
    nick?: string;
  }>;
}

/** Options of startFakeDiscord; every default mirrors Discord. */
export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUsername?: string;
  guilds?: FakeGuildSpec[];
  /** Discord's limit for the initial response (default 3000 ms). */
  interactionTimeoutMs?: number;
  /** HELLO's heartbeat interval (default 41250 ms, as Discord). */
  heartbeatIntervalMs?: number;
  latencyMs?: number;
}

const DEFAULT_GUILD: FakeGuildSpec = {
  id: FAKE_DISCORD.guildId,
  name: 'Herald HQ',
  ownerId: FAKE_DISCORD.ownerId,
  channels: [
    { id: FAKE_DISCORD.channelId, name: 'general' },
    { id: FAKE_DISCORD.approvalsChannelId, name: 'approvals' },
  ],
  roles: [
    { id: FAKE_DISCORD.approverRoleId, name: 'Herald Approver', permissions: EVERYONE_PERMISSIONS },
    { id: FAKE_DISCORD.adminRoleId, name: 'Herald Admin', permissions: P.Administrator },
  ],
  members: [
    { user: { id: FAKE_DISCORD.userId, username: 'mia', global_name: 'Mia' } },
    { user: { id: FAKE_DISCORD.ownerId, username: 'olli' }, roles: [FAKE_DISCORD.adminRoleId] },
    { user: { id: FAKE_DISCORD.approverId, username: 'sam' }, roles: [FAKE_DISCORD.approverRoleId] },
  ],
};

/** Bot tokens are `base64(bot id).timestamp.hmac`; discord.js only censors the last part in logs. */
function defaultToken(applicationId: string): string {
  return `${Buffer.from(applicationId).toString('base64url')}.GfAkE0.herald-discord-fake-token`;
}

const user = (u: Pick<APIUser, 'id' | 'username'> & Partial<APIUser>): APIUser => ({
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...u,
});

function role(id: string, name: string, permissions: bigint, position: number, extra: Partial<APIRole> = {}) {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...extra,
  } satisfies APIRole;
}

function buildGuild(spec: FakeGuildSpec, bot: APIUser): FakeDiscordGuild {
  const joinedAt = new Date().toISOString();
  const botRoleId = spec.id === FAKE_DISCORD.guildId ? FAKE_DISCORD.botRoleId : snowflake();
  const roles = [
    role(spec.id, '@everyone', EVERYONE_PERMISSIONS, 0),
    ...(spec.roles ?? []).map((r, i) => role(r.id, r.name, r.permissions ?? EVERYONE_PERMISSIONS, i + 1)),
    role(botRoleId, bot.username, BOT_PERMISSIONS, (spec.roles?.length ?? 0) + 1, {
      managed: true,
      tags: { bot_id: bot.id },
    }),
  ];
  const channels = spec.channels.map(
    (c, position): APITextChannel => ({
      id: c.id,
      type: ChannelType.GuildText,
      guild_id: spec.id,
      name: c.name,
      position,
      topic: c.topic ?? null,
      nsfw: false,
      parent_id: null,
      permission_overwrites: [],
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
    }),
  );
  const members = new Map<string, FakeDiscordMember>();
  members.set(bot.id, { user: bot, roles: [botRoleId], nick: null, joinedAt });
  for (const m of spec.members ?? []) {
    members.set(m.user.id, {
      user: user(m.user),
      roles: [...(m.roles ?? [])],
      nick: m.nick ?? null,
      joinedAt,
    });
  }
  const ownerId = spec.ownerId ?? spec.members?.[0]?.user.id ?? bot.id;
  return { id: spec.id, name: spec.name, ownerId, roles, channels, members };
}

function createState(options: FakeDiscordOptions): FakeDiscordState {
  const applicationId = options.applicationId ?? FAKE_DISCORD.applicationId;
  const bot = user({ id: applicationId, username: options.botUsername ?? 'Herald', bot: true });
  const guilds = (options.guilds ?? [DEFAULT_GUILD]).map((g) => buildGuild(g, bot));
  return {
    token: options.token ?? defaultToken(applicationId),
    // Flags: GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE, like a fresh bot.
    application: { id: applicationId, name: bot.username, flags: (1 << 19) | (1 << 23) },
    bot,
    guilds: new Map(guilds.map((g) => [g.id, g])),
    messages: new Map(),
    interactions: new Map(),
    callbacks: [],
    failures: [],
    commands: { global: [], guilds: new Map() },
    interactionTimeoutMs: options.interactionTimeoutMs ?? 3000,
    tokenLifetimeMs: 15 * 60_000,
    baseUrl: '',
    gatewayUrl: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Interaction payload builders (https://discord.com/developers/docs/interactions/receiving-and-responding).

/**
 * An interaction payload as a builder makes it. What only the fake knows is left out and filled in
 * by `fake.interact`: a fresh id and token, the member's user, current roles and permissions (from
 * the fake's state, so `setRoles` shows up in the next interaction), app_permissions, the full channel
 * object, and the id of the registered command.
 */
export type InteractionDraft = Record<string, unknown> & {
  type: InteractionType;
  data: Record<string, unknown>;
  guild_id?: string;
  channel?: { id: string; type: ChannelType } & Record<string, unknown>;
  member?: { user: Pick<APIUser, 'id'> & Partial<APIUser>; roles?: string[]; permissions?: string };
  message?: APIMessage;
};

/** Where and by whom an interaction happens; defaults: mia in #general of Herald HQ. */
export interface InteractionContextSpec {
  guildId?: string;
  channelId?: string;
  /** A user id known to the fake (default: mia), or a full user. */
  user?: string | APIUser;
  /** Overrides the member's roles in the fake's state for this interaction only. */
  roles?: string[];
  permissions?: string;
  appPermissions?: string;
  locale?: string;
}

/** Option values by name (string → 3, integer → 4, other number → 10, boolean → 5) or raw options. */
export type OptionValues = Record<string, string | number | boolean> | Array<Record<string, unknown>>;

/** A slash command invocation: `/name [group] [subcommand] options…`. */
export interface ChatInputSpec extends InteractionContextSpec {
  /** Default: 'herald'. */
  name?: string;
  /** Default: the id the fake gave the registered command of that name. */
  commandId?: string;
  group?: string;
  subcommand?: string;
  options?: OptionValues;
  resolved?: Record<string, unknown>;
}

function base(type: InteractionType, spec: InteractionContextSpec, data: Record<string, unknown>) {
  const guildId = spec.guildId ?? FAKE_DISCORD.guildId;
  const channelId = spec.channelId ?? FAKE_DISCORD.channelId;
  const member = {
    user: typeof spec.user === 'object' ? spec.user : { id: spec.user ?? FAKE_DISCORD.userId },
    ...(spec.roles ? { roles: spec.roles } : {}),
    ...(spec.permissions ? { permissions: spec.permissions } : {}),
  };
  return {
    type,
    data,
    application_id: FAKE_DISCORD.applicationId,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: ChannelType.GuildText, guild_id: guildId },
    member,
    locale: spec.locale ?? 'en-US',
    guild_locale: 'en-US',
    version: 1,
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    ...(spec.appPermissions ? { app_permissions: spec.appPermissions } : {}),
  } satisfies InteractionDraft;
}

function toOptions(values: OptionValues, focused?: string): Array<Record<string, unknown>> {
  const raw = Array.isArray(values)
    ? values
    : Object.entries(values).map(([name, value]) => ({
        name,
        type:
          typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
        value,
      }));
  return raw.map((o) => (o.name === focused ? { ...o, focused: true } : o));
}

function commandData(spec: ChatInputSpec, focused?: string): Record<string, unknown> {
  let options = toOptions(spec.options ?? {}, focused);
  if (spec.subcommand) options = [{ type: 1, name: spec.subcommand, options }];
  if (spec.group) options = [{ type: 2, name: spec.group, options }];
  return {
    ...(spec.commandId ? { id: spec.commandId } : {}),
    name: spec.name ?? 'herald',
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(spec.resolved ? { resolved: spec.resolved } : {}),
  };
}

/** A slash command (type 2 APPLICATION_COMMAND, data.type 1 CHAT_INPUT), e.g. `/herald schedule`. */
export function chatInput(spec: ChatInputSpec = {}): InteractionDraft {
  return base(InteractionType.ApplicationCommand, spec, commandData(spec));
}

/** Autocomplete (type 4) while typing `focused` (default: the last option); values arrive as strings. */
export function autocomplete(spec: ChatInputSpec & { focused?: string }): InteractionDraft {
  const values = spec.options ?? {};
  const names = Array.isArray(values) ? values.map((o) => String(o.name)) : Object.keys(values);
  const focused = spec.focused ?? names.at(-1);
  const typed = Array.isArray(values)
    ? values
    : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === focused ? String(v) : v]));
  const data = commandData({ ...spec, options: typed }, focused);
  return base(InteractionType.ApplicationCommandAutocomplete, spec, data);
}

/** A bot message carrying one button: what a component interaction needs when the test has none. */
export function botMessage(
  spec: { channelId?: string; content?: string; customId?: string } = {},
): APIMessage {
  return {
    id: snowflake(),
    channel_id: spec.channelId ?? FAKE_DISCORD.channelId,
    author: user({ id: FAKE_DISCORD.applicationId, username: 'Herald', bot: true }),
    content: spec.content ?? 'Post awaiting approval',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [
      {
        type: 1,
        components: [{ type: 2, style: 1, label: 'Approve', custom_id: spec.customId ?? 'approve' }],
      },
    ],
    pinned: false,
    type: 0,
    flags: 0 as MessageFlags,
  };
}

/** A component used on a message. */
export interface ComponentSpec extends InteractionContextSpec {
  customId: string;
  /** The message the component is on; default: a bot message in the channel (see botMessage). */
  message?: APIMessage;
}

/** A button press (type 3 MESSAGE_COMPONENT, component_type 2). */
export function button(spec: ComponentSpec): InteractionDraft {
  const message = spec.message ?? botMessage({ channelId: spec.channelId, customId: spec.customId });
  const data = { custom_id: spec.customId, component_type: 2 };
  return {
    ...base(InteractionType.MessageComponent, { ...spec, channelId: message.channel_id }, data),
    message,
  };
}

/** A string select (type 3 MESSAGE_COMPONENT, component_type 3) with the chosen values. */
export function stringSelect(spec: ComponentSpec & { values: string[] }): InteractionDraft {
  const message = spec.message ?? botMessage({ channelId: spec.channelId, customId: spec.customId });
  const data = { custom_id: spec.customId, component_type: 3, values: spec.values };
  return {
    ...base(InteractionType.MessageComponent, { ...spec, channelId: message.channel_id }, data),
    message,
  };
}

/** A modal submission (type 5): one action row per text input, values by custom id. */
export function modalSubmit(
  spec: InteractionContextSpec & { customId: string; fields: Record<string, string>; message?: APIMessage },
): InteractionDraft {
  let id = 0;
  const components = Object.entries(spec.fields).map(([customId, value]) => ({
    type: 1,
    id: ++id,
    components: [{ type: 4, id: ++id, custom_id: customId, value }],
  }));
  const draft = base(InteractionType.ModalSubmit, spec, { custom_id: spec.customId, components });
  return spec.message ? { ...draft, message: spec.message } : draft;
}

// ---------------------------------------------------------------------------------------------
// The fake.

/** What a test holds after `fake.interact`: the sent payload and waits on what the client answered. */
export interface FakeInteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  readonly record: FakeInteractionRecord;
  /** The accepted initial response; rejects if none within timeoutMs (default: the 3 s window + 2 s). */
  callback(timeoutMs?: number): Promise<FakeCallback>;
  /** The first callback attempt, accepted or refused (a late reply is refused with 10062). */
  firstAttempt(timeoutMs?: number): Promise<FakeCallback>;
  /** `@original` once `until` holds (default: it exists), e.g. `(m) => m.content === 'Done'`. */
  original(until?: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage>;
}

/** A running Discord fake: the generic FakeServer (requests, failNext, latency) plus Discord helpers. */
export interface FakeDiscord extends FakeServer<FakeDiscordState> {
  token: string;
  applicationId: string;
  gatewayUrl: string;
  gateway: FakeGateway;
  /** Spread into `new Client({ intents, ...fake.clientOptions })`: every URL points at 127.0.0.1. */
  clientOptions: Required<Pick<ClientOptions, 'rest'>>;
  /** Requests Discord refuses (late/double callbacks, bad token, unknown webhooks). */
  failures: FakeDiscordFailure[];
  /** Accepted initial responses of all interactions, in order. */
  callbacks: FakeCallback[];
  /** Sends any Gateway event (op 0) to every session; returns how many got it. */
  dispatch(t: string, d: unknown): number;
  /** Sends INTERACTION_CREATE with a fresh id and token (see InteractionDraft for what is filled in). */
  interact(draft: InteractionDraft, options?: { timeoutMs?: number }): FakeInteractionHandle;
  /** Changes a member's roles; sessions with the GUILD_MEMBERS intent get GUILD_MEMBER_UPDATE. */
  setRoles(guildId: string, userId: string, roles: string[]): void;
  /**
   * Answers the next request whose `METHOD /path` (path without /api/v10) contains `match` with
   * Discord's 429 body and headers; the request is still recorded with its time.
   */
  rateLimitNext(
    match: string,
    retryAfterSeconds: number,
    options?: { global?: boolean; bucket?: string },
  ): void;
  /** Messages of a channel (not ephemeral ones), with their current content. */
  messages(channelId: string): APIMessage[];
  /**
   * Resolves once `count` recorded requests match `match` (see rateLimitNext). Recorded paths are
   * as sent: discord.js writes `@original` as `%40original`.
   */
  waitForRequests(match: string, count?: number, timeoutMs?: number): Promise<RecordedRequest[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`discord fake: no ${what} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Completes a draft from the fake's state (see InteractionDraft). */
function complete(
  state: FakeDiscordState,
  draft: InteractionDraft,
  id: string,
  token: string,
): APIInteraction {
  const payload = structuredClone(draft) as InteractionDraft;
  Object.assign(payload, { id, token, application_id: state.application.id });
  const guild = payload.guild_id ? state.guilds.get(payload.guild_id) : undefined;
  if (guild && payload.member) {
    const userId = payload.member.user.id;
    const known = guild.members.get(userId);
    const memberUser = payload.member.user.username
      ? (payload.member.user as APIUser)
      : (known?.user ?? user({ id: userId, username: `user${userId.slice(-4)}` }));
    const roles = payload.member.roles ?? known?.roles ?? [];
    const base = known ?? { user: memberUser, roles, nick: null, joinedAt: new Date().toISOString() };
    const permissions = payload.member.permissions ?? memberPermissions(guild, userId, roles);
    payload.member = { ...memberJson(base), user: memberUser, roles: [...roles], permissions };
    payload.app_permissions ??= memberPermissions(guild, state.bot.id);
    const channel = payload.channel && findChannel(state, payload.channel.id);
    if (channel) payload.channel = { ...channel, permissions };
  }
  payload.app_permissions ??= '0';
  const data = payload.data;
  if (data.id === undefined && (payload.type === 2 || payload.type === 4)) {
    const registered = [
      ...(state.commands.guilds.get(payload.guild_id ?? '') ?? []),
      ...state.commands.global,
    ];
    const command = registered.find((c) => c.name === data.name && c.type === (data.type ?? 1));
    data.id = command?.id ?? snowflake();
    if (command?.guild_id) data.guild_id = command.guild_id;
  }
  return payload as unknown as APIInteraction;
}

/** Starts REST and Gateway on 127.0.0.1 (random ports); close() stops both. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = createState(options);
  const server = await startFakeServer({
    state,
    routes: discordRoutes(state),
    stripPrefix: /^\/api\/v10(?=\/|$)/,
    latencyMs: options.latencyMs,
    snapshot: (s) => ({
      guilds: [...s.guilds.values()].map((g) => ({ ...g, members: [...g.members.values()] })),
      messages: Object.fromEntries(s.messages),
      interactions: [...s.interactions.values()],
      commands: { global: s.commands.global, guilds: Object.fromEntries(s.commands.guilds) },
      failures: s.failures,
    }),
  });
  state.baseUrl = server.url;
  const gateway = new FakeGateway(state, { heartbeatIntervalMs: options.heartbeatIntervalMs });
  state.gatewayUrl = await gateway.start();

  const interact = (draft: InteractionDraft, opts: { timeoutMs?: number } = {}): FakeInteractionHandle => {
    const id = snowflake();
    const token = interactionToken();
    const payload = complete(state, draft, id, token);
    const channelId = (payload.channel?.id ?? payload.channel_id) as string | undefined;
    const shown = payload.message;
    const record: FakeInteractionRecord = {
      id,
      token,
      type: payload.type,
      payload,
      channelId,
      dispatchedAt: Date.now(),
      timeoutMs: opts.timeoutMs ?? state.interactionTimeoutMs,
      attempts: [],
      followups: [],
      message: shown ? (findMessage(state, shown.channel_id, shown.id) ?? structuredClone(shown)) : undefined,
    };
    state.interactions.set(id, record);
    gateway.dispatch('INTERACTION_CREATE', payload);
    const wait = (ms?: number) => ms ?? record.timeoutMs + 2000;
    return {
      id,
      token,
      payload,
      record,
      callback: (ms) => waitUntil(() => record.callback, wait(ms), `accepted callback for interaction ${id}`),
      firstAttempt: (ms) => waitUntil(() => record.attempts[0], wait(ms), `callback for interaction ${id}`),
      original: (until = () => true, ms) =>
        waitUntil(
          () => (record.original && until(record.original) ? record.original : undefined),
          wait(ms),
          `matching @original of interaction ${id}`,
        ),
    };
  };

  return {
    ...server,
    close: async () => {
      await gateway.close();
      await server.close();
    },
    token: state.token,
    applicationId: state.application.id,
    gatewayUrl: state.gatewayUrl,
    gateway,
    clientOptions: {
      rest: {
        api: `${server.url}/api`,
        cdn: `${server.url}/cdn`,
        mediaProxy: `${server.url}/media`,
        version: '10',
      },
    },
    failures: state.failures,
    callbacks: state.callbacks,
    dispatch: (t, d) => gateway.dispatch(t, d),
    interact,
    setRoles: (guildId, userId, roles) => {
      const member = state.guilds.get(guildId)?.members.get(userId);
      if (!member) throw new Error(`discord fake: no member ${userId} in guild ${guildId}`);
      member.roles = [...roles];
      if (gateway.sessions.size === 0) return;
      gateway.dispatch(
        'GUILD_MEMBER_UPDATE',
        { guild_id: guildId, ...memberJson(member) },
        { intent: 1 << 1 },
      );
    },
    rateLimitNext: (match, retryAfterSeconds, opts = {}) => {
      const seconds = retryAfterSeconds.toFixed(3);
      server.failNext({
        match,
        status: 429,
        body: {
          message: 'You are being rate limited.',
          retry_after: retryAfterSeconds,
          global: Boolean(opts.global),
        },
        headers: {
          'Retry-After': String(Math.ceil(retryAfterSeconds)),
          'X-RateLimit-Limit': '5',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': ((Date.now() + retryAfterSeconds * 1000) / 1000).toFixed(3),
          'X-RateLimit-Reset-After': seconds,
          'X-RateLimit-Bucket': opts.bucket ?? 'fake-bucket-0123456789abcdef',
          'X-RateLimit-Scope': opts.global ? 'global' : 'user',
          ...(opts.global ? { 'X-RateLimit-Global': 'true' } : {}),
        },
      });
    },
    messages: (channelId) => state.messages.get(channelId) ?? [],
    waitForRequests: (match, count = 1, timeoutMs = 5000) =>
      waitUntil(
        () => {
          const found = server.requestsTo(match);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} request(s) to ${match}`,
      ),
  };
}
