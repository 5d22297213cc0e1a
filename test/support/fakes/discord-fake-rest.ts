import { randomBytes } from 'node:crypto';
import type {
  APIApplicationCommand,
  APIAttachment,
  APIGuildMember,
  APIInteraction,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  GuildMemberFlags,
} from 'discord.js';
import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type { FakeReply, FakeRequest, Route } from './fake-server.js';
import { parseMultipart } from './multipart.js';

/**
 * The state and REST half of the Discord fake (see discord-fake.ts for the whole picture): guilds,
 * channel messages, registered commands and the life of each interaction (3-second window, one
 * initial response, then webhook edits and followups), answered with Discord's JSON error shapes
 * (`{ message, code, errors? }`) so discord.js raises the same DiscordAPIError it would in production.
 */

/** A guild member in the fake's state; interactions and REST read it, so changes show up at once. */
export interface FakeDiscordMember {
  user: APIUser;
  /** Role ids (without @everyone, like Discord). Mutable: see FakeDiscord.setRoles. */
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

/** A guild as the fake keeps it; GUILD_CREATE and REST guild routes are built from it. */
export interface FakeDiscordGuild {
  id: string;
  name: string;
  ownerId: string;
  /** The first role is @everyone (its id is the guild id). */
  roles: APIRole[];
  channels: APITextChannel[];
  members: Map<string, FakeDiscordMember>;
}

/** One POST /interactions/:id/:token/callback, accepted (status 200/204) or refused. */
export interface FakeCallback {
  interactionId: string;
  /** InteractionResponseType: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 choices, 9 modal. */
  type: number | undefined;
  data: Record<string, unknown> | undefined;
  status: number;
  at: number;
  /** Time between the interaction's dispatch and this callback reaching the fake. */
  sinceDispatchMs: number;
  withResponse: boolean;
}

/** Everything the fake knows about one dispatched interaction, for assertions. */
export interface FakeInteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  payload: APIInteraction;
  channelId: string | undefined;
  dispatchedAt: number;
  /** Discord's 3-second rule for this interaction (FakeDiscordOptions.interactionTimeoutMs unless overridden). */
  timeoutMs: number;
  /** The accepted initial response; undefined until acknowledged in time. */
  callback?: FakeCallback;
  /** Every callback attempt, accepted or refused, in order. */
  attempts: FakeCallback[];
  /** `@original`: the reply (types 4/5) or the component's message (types 6/7). */
  original?: APIMessage;
  followups: APIMessage[];
  /** The message a component or modal was used on (a copy unless the fake stored it). */
  message?: APIMessage;
}

/** Why the fake refused a request (see FakeDiscordFailure). */
export type FakeDiscordFailureKind =
  | 'unknown-interaction'
  | 'already-acknowledged'
  | 'invalid-callback'
  | 'unknown-webhook'
  | 'unauthorized';

/** A request Discord would refuse; tests assert on these (e.g. a reply later than 3 s). */
export interface FakeDiscordFailure {
  kind: FakeDiscordFailureKind;
  request: string;
  status: number;
  code: number;
  interactionId?: string;
  sinceDispatchMs?: number;
  at: number;
}

/** The whole mutable world of the fake; `fake.state` in tests, `GET /__fake/state` out of process. */
export interface FakeDiscordState {
  token: string;
  application: { id: string; name: string; flags: number };
  bot: APIUser;
  guilds: Map<string, FakeDiscordGuild>;
  /** Channel id → messages in creation order, with their current (edited) content. */
  messages: Map<string, APIMessage[]>;
  interactions: Map<string, FakeInteractionRecord>;
  callbacks: FakeCallback[];
  failures: FakeDiscordFailure[];
  commands: { global: APIApplicationCommand[]; guilds: Map<string, APIApplicationCommand[]> };
  interactionTimeoutMs: number;
  /** How long an interaction token works for webhook edits and followups (Discord: 15 minutes). */
  tokenLifetimeMs: number;
  baseUrl: string;
  gatewayUrl: string;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A real-looking snowflake (discord.js derives createdTimestamp from it). */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** An interaction token: opaque, URL-safe, as long as Discord's. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24.${randomBytes(48).toString('base64url')}`;
}

/** Discord's error body: `{ message, code }`, plus `errors` for 50035 Invalid Form Body. */
export function discordError(status: number, code: number, message: string, errors?: unknown): FakeReply {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

const fieldError = (code: string, message: string) => ({ _errors: [{ code, message }] });

/** `route('GET /path/:id', handler)`: one line per endpoint. */
function route(spec: string, handler: Route['handler']): Route {
  const [method, path] = spec.split(' ') as [string, string];
  return { method, path, handler };
}

const ok = (body: unknown): FakeReply => ({ status: 200, body });
const found = (value: unknown, missing: () => FakeReply): FakeReply => (value ? ok(value) : missing());

const ADMINISTRATOR = 1n << 3n;
const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** Guild-level permissions of a member: @everyone plus their roles, everything for administrators. */
export function memberPermissions(guild: FakeDiscordGuild, userId: string, roles?: string[]): string {
  if (guild.ownerId === userId) return ALL_PERMISSIONS.toString();
  const roleIds = new Set([guild.id, ...(roles ?? guild.members.get(userId)?.roles ?? [])]);
  let bits = 0n;
  for (const role of guild.roles) if (roleIds.has(role.id)) bits |= BigInt(role.permissions);
  return ((bits & ADMINISTRATOR) === ADMINISTRATOR ? ALL_PERMISSIONS : bits).toString();
}

/** A member as REST and the Gateway serialise it. */
export function memberJson(member: FakeDiscordMember): APIGuildMember {
  return {
    user: member.user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The guild object of REST `GET /guilds/:id` (GUILD_CREATE adds the gateway-only fields). */
export function guildJson(guild: FakeDiscordGuild) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    features: [],
    roles: guild.roles,
    emojis: [],
    stickers: [],
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    hub_type: null,
    incidents_data: null,
  };
}

/** Finds a text channel in any guild. */
export function findChannel(state: FakeDiscordState, channelId: string): APITextChannel | undefined {
  for (const guild of state.guilds.values()) {
    const channel = guild.channels.find((c) => c.id === channelId);
    if (channel) return channel;
  }
  return undefined;
}

interface MessageBody {
  content?: string;
  embeds?: APIMessage['embeds'];
  components?: APIMessage['components'];
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  attachments?: Array<Partial<APIAttachment>>;
  sticker_ids?: string[];
  poll?: unknown;
}

/** JSON bodies as they are; multipart bodies (files) from `payload_json` plus one attachment per file. */
function bodyOf(state: FakeDiscordState, req: FakeRequest): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return (req.body ?? {}) as Record<string, unknown>;
  const parts = parseMultipart(req.rawBody, type);
  const json = parts.find((p) => p.name === 'payload_json');
  const body = (json ? JSON.parse(json.data.toString('utf8')) : {}) as Record<string, unknown>;
  const files: APIAttachment[] = parts
    .filter((p) => /^files\[\d+\]$/.test(p.name))
    .map((p) => {
      const id = snowflake();
      const url = `${state.baseUrl}/cdn/attachments/${id}/${p.filename ?? 'file'}`;
      return {
        id,
        filename: p.filename ?? 'file',
        size: p.data.length,
        url,
        proxy_url: url,
        content_type: p.contentType,
      };
    });
  if (files.length === 0) return body;
  const target = (typeof body.data === 'object' && body.data ? body.data : body) as Record<string, unknown>;
  target.attachments = files;
  return body;
}

/** 50006 / 50035 like Discord for empty or too long messages; undefined when fine. */
function invalidMessage(body: MessageBody, editing: boolean): FakeReply | undefined {
  if ((body.content?.length ?? 0) > 2000) {
    return discordError(400, 50035, 'Invalid Form Body', {
      content: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.'),
    });
  }
  const empty =
    !body.content &&
    !body.embeds?.length &&
    !body.components?.length &&
    !body.attachments?.length &&
    !body.sticker_ids?.length &&
    !body.poll;
  return empty && !editing ? discordError(400, 50006, 'Cannot send an empty message') : undefined;
}

function newMessage(
  channelId: string,
  author: APIUser,
  body: MessageBody,
  extra: Partial<APIMessage> = {},
): APIMessage {
  return {
    id: snowflake(),
    channel_id: channelId,
    author,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: Boolean(body.tts),
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: (body.attachments ?? []) as APIAttachment[],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: body.flags ?? 0,
    ...(body.nonce === undefined ? {} : { nonce: body.nonce }),
    ...extra,
  };
}

/** Applies an edit in place (every holder of the object sees it); the first edit ends a "thinking…" state. */
function editMessage(message: APIMessage, body: MessageBody): APIMessage {
  if (body.content !== undefined) message.content = body.content ?? '';
  if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
  if (body.components !== undefined) message.components = body.components ?? [];
  if (body.attachments !== undefined) message.attachments = (body.attachments ?? []) as APIAttachment[];
  const keep = (message.flags ?? 0) & MessageFlags.Ephemeral;
  const flags = body.flags === undefined ? (message.flags ?? 0) : body.flags | keep;
  message.flags = flags & ~MessageFlags.Loading;
  message.edited_timestamp = new Date().toISOString();
  return message;
}

function storeInChannel(state: FakeDiscordState, message: APIMessage): void {
  if ((message.flags ?? 0) & MessageFlags.Ephemeral) return;
  const list = state.messages.get(message.channel_id) ?? [];
  if (!list.includes(message)) list.push(message);
  state.messages.set(message.channel_id, list);
}

/** A stored (non-ephemeral) channel message by id, as last edited. */
export function findMessage(state: FakeDiscordState, channelId: string, id: string): APIMessage | undefined {
  return state.messages.get(channelId)?.find((m) => m.id === id);
}

// ---------------------------------------------------------------------------------------------
// Interactions: the initial callback, then webhook edits and followups with the interaction token.

/** Which initial responses Discord accepts for which interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 10, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 10, 12],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7, 10, 12],
};

function refuse(
  state: FakeDiscordState,
  req: FakeRequest,
  kind: FakeDiscordFailureKind,
  reply: FakeReply,
  record?: FakeInteractionRecord,
): FakeReply {
  const body = reply.body as { code: number };
  state.failures.push({
    kind,
    request: `${req.method} ${req.path}`,
    status: reply.status,
    code: body.code,
    interactionId: record?.id,
    sinceDispatchMs: record ? req.at - record.dispatchedAt : undefined,
    at: req.at,
  });
  return reply;
}

function interactionCallback(state: FakeDiscordState, req: FakeRequest): FakeReply {
  const record = state.interactions.get(req.params.id!);
  const body = bodyOf(state, req) as { type?: number; data?: Record<string, unknown> };
  const unknown = discordError(404, 10062, 'Unknown interaction');
  if (!record || record.token !== req.params.token) return refuse(state, req, 'unknown-interaction', unknown);
  const attempt: FakeCallback = {
    interactionId: record.id,
    type: body.type,
    data: body.data,
    status: 204,
    at: req.at,
    sinceDispatchMs: req.at - record.dispatchedAt,
    withResponse: req.query.with_response === 'true',
  };
  record.attempts.push(attempt);
  const refused = (kind: FakeDiscordFailureKind, reply: FakeReply) => {
    attempt.status = reply.status;
    return refuse(state, req, kind, reply, record);
  };
  if (record.callback) {
    return refused(
      'already-acknowledged',
      discordError(400, 40060, 'Interaction has already been acknowledged.'),
    );
  }
  if (attempt.sinceDispatchMs > record.timeoutMs) return refused('unknown-interaction', unknown);
  if (body.type === undefined || !ALLOWED_CALLBACKS[record.type]?.includes(body.type)) {
    return refused(
      'invalid-callback',
      discordError(400, 50035, 'Invalid Form Body', {
        type: fieldError('INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type'),
      }),
    );
  }
  const data = (body.data ?? {}) as MessageBody;
  if (body.type === 4 || body.type === 7) {
    const invalid = invalidMessage(data, body.type === 7);
    if (invalid) return refused('invalid-callback', invalid);
  }
  record.callback = attempt;
  state.callbacks.push(attempt);
  applyCallback(state, record, body.type, data);
  if (!attempt.withResponse) return { status: 204 };
  attempt.status = 200;
  return { status: 200, body: callbackResponse(record, body.type) };
}

function applyCallback(
  state: FakeDiscordState,
  record: FakeInteractionRecord,
  type: number,
  data: MessageBody,
) {
  const channelId = record.channelId ?? '0';
  const interaction = record.payload;
  const user = (interaction.member?.user ?? interaction.user) as APIUser;
  const replyExtra: Partial<APIMessage> = {
    webhook_id: state.application.id,
    application_id: state.application.id,
    type:
      record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
    interaction_metadata: {
      id: record.id,
      type: record.type,
      user,
      authorizing_integration_owners: interaction.authorizing_integration_owners,
    } as APIMessage['interaction_metadata'],
  };
  if (type === InteractionResponseType.ChannelMessageWithSource) {
    record.original = newMessage(channelId, state.bot, data, replyExtra);
    storeInChannel(state, record.original);
  } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
    const flags = ((data.flags ?? 0) & MessageFlags.Ephemeral) | MessageFlags.Loading;
    record.original = newMessage(channelId, state.bot, { flags }, replyExtra);
    storeInChannel(state, record.original);
  } else if (type === InteractionResponseType.DeferredMessageUpdate) {
    record.original = record.message;
  } else if (type === InteractionResponseType.UpdateMessage && record.message) {
    record.original = editMessage(record.message, data);
  }
}

/** The `?with_response=true` body (InteractionCallbackResponse). */
function callbackResponse(record: FakeInteractionRecord, type: number) {
  const message = type === 4 || type === 5 || type === 7 ? record.original : undefined;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: Boolean((message.flags ?? 0) & MessageFlags.Loading),
            response_message_ephemeral: Boolean((message.flags ?? 0) & MessageFlags.Ephemeral),
          }
        : {}),
    },
    resource: { type, ...(message ? { message } : {}) },
  };
}

/** The interaction behind a webhook URL, or Discord's refusal. */
function webhookInteraction(state: FakeDiscordState, req: FakeRequest): FakeInteractionRecord | FakeReply {
  const record = [...state.interactions.values()].find((r) => r.token === req.params.token);
  if (req.params.appId !== state.application.id || !record?.callback) {
    return refuse(state, req, 'unknown-webhook', discordError(404, 10015, 'Unknown Webhook'), record);
  }
  if (req.at - record.dispatchedAt > state.tokenLifetimeMs) {
    return refuse(state, req, 'unknown-webhook', discordError(401, 50027, 'Invalid Webhook Token'), record);
  }
  return record;
}

function webhookMessage(record: FakeInteractionRecord, id: string): APIMessage | undefined {
  if (id === '@original') return record.original;
  return [record.original, ...record.followups].find((m) => m?.id === id);
}

const isReply = (value: FakeInteractionRecord | FakeReply): value is FakeReply => 'status' in value;
const unknownMessage = () => discordError(404, 10008, 'Unknown Message');

function webhookRoutes(state: FakeDiscordState): Route[] {
  const withRecord =
    (handler: (record: FakeInteractionRecord, req: FakeRequest) => FakeReply) => (req: FakeRequest) => {
      const record = webhookInteraction(state, req);
      return isReply(record) ? record : handler(record, req);
    };
  return [
    route(
      'GET /webhooks/:appId/:token/messages/:messageId',
      withRecord((record, req) => found(webhookMessage(record, req.params.messageId!), unknownMessage)),
    ),
    route(
      'PATCH /webhooks/:appId/:token/messages/:messageId',
      withRecord((record, req) => {
        const message = webhookMessage(record, req.params.messageId!);
        if (!message) return unknownMessage();
        const body = bodyOf(state, req) as MessageBody;
        return invalidMessage(body, true) ?? ok(editMessage(message, body));
      }),
    ),
    route(
      'DELETE /webhooks/:appId/:token/messages/:messageId',
      withRecord((record, req) => {
        const message = webhookMessage(record, req.params.messageId!);
        if (!message) return unknownMessage();
        const list = state.messages.get(message.channel_id);
        if (list?.includes(message)) list.splice(list.indexOf(message), 1);
        if (record.original === message) record.original = undefined;
        record.followups = record.followups.filter((m) => m !== message);
        return { status: 204 };
      }),
    ),
    route(
      'POST /webhooks/:appId/:token',
      withRecord((record, req) => {
        const body = bodyOf(state, req) as MessageBody;
        const invalid = invalidMessage(body, false);
        if (invalid) return invalid;
        // Discord turns the first followup after a deferred reply into that reply.
        const loading = record.original && (record.original.flags ?? 0) & MessageFlags.Loading;
        const message = loading
          ? editMessage(record.original!, body)
          : newMessage(record.channelId ?? '0', state.bot, body, {
              webhook_id: state.application.id,
              application_id: state.application.id,
            });
        if (!loading) record.followups.push(message);
        storeInChannel(state, message);
        return req.query.wait === 'true' ? ok(message) : { status: 204 };
      }),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Bot-authenticated routes.

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Name/description checks of Discord's bulk overwrite, recursively through options. */
function commandErrors(items: Array<Record<string, unknown>>, chatInput: boolean): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  items.forEach((item, index) => {
    const own: Record<string, unknown> = {};
    const name = String(item.name ?? '');
    if (!COMMAND_NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
      own.name = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    const description = String(item.description ?? '');
    if (chatInput && (description.length < 1 || description.length > 100)) {
      own.description = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const options = (item.options ?? []) as Array<Record<string, unknown>>;
    if (options.length > 25)
      own.options = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    else if (options.length > 0) {
      const nested = commandErrors(options, true);
      if (Object.keys(nested).length > 0) own.options = nested;
    }
    if (Object.keys(own).length > 0) errors[String(index)] = own;
  });
  return errors;
}

function overwriteCommands(state: FakeDiscordState, req: FakeRequest, guildId?: string): FakeReply {
  const body = (Array.isArray(req.body) ? req.body : []) as Array<Record<string, unknown>>;
  const errors = commandErrors(
    body.filter((c) => (c.type ?? 1) === 1),
    true,
  );
  if (Object.keys(errors).length > 0) return discordError(400, 50035, 'Invalid Form Body', errors);
  const previous = guildId ? (state.commands.guilds.get(guildId) ?? []) : state.commands.global;
  const commands = body.map((c) => {
    const type = Number(c.type ?? 1);
    const same = previous.find((p) => p.name === c.name && p.type === type);
    return {
      name_localizations: null,
      description_localizations: null,
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...c,
      id: same?.id ?? snowflake(),
      application_id: state.application.id,
      ...(guildId ? { guild_id: guildId } : {}),
      type,
      description: String(c.description ?? ''),
      version: snowflake(),
    } as APIApplicationCommand;
  });
  if (guildId) state.commands.guilds.set(guildId, commands);
  else state.commands.global = commands;
  return { status: 200, body: commands };
}

function botRoutes(state: FakeDiscordState): Route[] {
  const guild = (req: FakeRequest) => state.guilds.get(req.params.guildId!);
  const channel = (req: FakeRequest) => findChannel(state, req.params.channelId!);
  const message = (req: FakeRequest) => findMessage(state, req.params.channelId!, req.params.messageId!);
  const unknownGuild = () => discordError(404, 10004, 'Unknown Guild');
  const unknownChannel = () => discordError(404, 10003, 'Unknown Channel');
  const unknownMember = () => discordError(404, 10007, 'Unknown Member');
  const application = () => ({
    id: state.application.id,
    name: state.application.name,
    icon: null,
    description: '',
    summary: '',
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'fake-verify-key',
    flags: state.application.flags,
    team: null,
    owner: { ...state.bot, bot: false, username: 'herald-owner' },
    bot: state.bot,
  });
  const gatewayBot = {
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  };
  return [
    route('GET /gateway/bot', () => ok({ url: state.gatewayUrl, ...gatewayBot })),
    route('GET /users/@me', () => ok(state.bot)),
    route('GET /applications/@me', () => ok(application())),
    route('GET /oauth2/applications/@me', () => ok(application())),
    route('GET /applications/:appId/commands', () => ok(state.commands.global)),
    route('PUT /applications/:appId/commands', (req) => overwriteCommands(state, req)),
    route('GET /applications/:appId/guilds/:guildId/commands', (req) =>
      ok(state.commands.guilds.get(req.params.guildId!) ?? []),
    ),
    route('PUT /applications/:appId/guilds/:guildId/commands', (req) =>
      guild(req)
        ? overwriteCommands(state, req, req.params.guildId)
        : discordError(403, 50001, 'Missing Access'),
    ),
    route('GET /guilds/:guildId', (req) => found(guild(req) && guildJson(guild(req)!), unknownGuild)),
    route('GET /guilds/:guildId/roles', (req) => found(guild(req)?.roles, unknownGuild)),
    route('GET /guilds/:guildId/channels', (req) => found(guild(req)?.channels, unknownGuild)),
    route('GET /guilds/:guildId/members/:userId', (req) => {
      const member = guild(req)?.members.get(req.params.userId!);
      return guild(req) ? found(member && memberJson(member), unknownMember) : unknownGuild();
    }),
    route('GET /channels/:channelId', (req) => found(channel(req), unknownChannel)),
    route('GET /channels/:channelId/messages', (req) => {
      const limit = Math.min(Number(req.query.limit ?? 50), 100);
      const list = [...(state.messages.get(req.params.channelId!) ?? [])].reverse().slice(0, limit);
      return channel(req) ? ok(list) : unknownChannel();
    }),
    route('POST /channels/:channelId/messages', (req) => {
      if (!channel(req)) return unknownChannel();
      const body = bodyOf(state, req) as MessageBody;
      const invalid = invalidMessage(body, false);
      if (invalid) return invalid;
      const created = newMessage(req.params.channelId!, state.bot, {
        ...body,
        flags: (body.flags ?? 0) & ~64,
      });
      storeInChannel(state, created);
      return ok(created);
    }),
    route('GET /channels/:channelId/messages/:messageId', (req) => found(message(req), unknownMessage)),
    route('PATCH /channels/:channelId/messages/:messageId', (req) => {
      const edited = message(req);
      if (!edited) return unknownMessage();
      if (edited.author.id !== state.bot.id) {
        return discordError(403, 50005, 'Cannot edit a message authored by another user');
      }
      const body = bodyOf(state, req) as MessageBody;
      return invalidMessage(body, true) ?? ok(editMessage(edited, body));
    }),
    route('DELETE /channels/:channelId/messages/:messageId', (req) => {
      const list = state.messages.get(req.params.channelId!) ?? [];
      const index = list.findIndex((m) => m.id === req.params.messageId);
      if (index < 0) return unknownMessage();
      list.splice(index, 1);
      return { status: 204 };
    }),
  ];
}

/** Anything unrouted gets Discord's own 404 shape instead of the generic fake's. */
function notFoundRoutes(): Route[] {
  const routes: Route[] = [];
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    for (let depth = 1; depth <= 8; depth++) {
      const path = Array.from({ length: depth }, (_, i) => `/:p${i}`).join('');
      routes.push(route(`${method} ${path}`, () => discordError(404, 0, '404: Not Found')));
    }
  }
  return routes;
}

/** Every REST route of the fake, with Bot-token checks where Discord requires them. */
export function discordRoutes(state: FakeDiscordState): Route[] {
  const authed = (route: Route): Route => ({
    ...route,
    handler: (req) =>
      req.headers.authorization === `Bot ${state.token}`
        ? route.handler(req)
        : refuse(state, req, 'unauthorized', discordError(401, 0, '401: Unauthorized')),
  });
  return [
    route('GET /gateway', () => ok({ url: state.gatewayUrl })),
    route('POST /interactions/:id/:token/callback', (req) => interactionCallback(state, req)),
    ...webhookRoutes(state),
    ...botRoutes(state).map(authed),
    ...notFoundRoutes(),
  ];
}
