import { randomUUID } from 'node:crypto';
import {
  bearer,
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from './fake-server.js';

/**
 * Fake Slack Web API for the chat-ops bot tests. The real `WebClient` (and Bolt, through
 * `clientOptions.slackApiUrl`) talks to it at `${url}/api/`: every method answers HTTP 200 with
 * `{ ok: true, ... }` or `{ ok: false, error }` as Slack does, so the client's own serialisation,
 * error mapping and 429 retries (via `failNext`) are exercised rather than mocked. It also serves
 * the `response_url`s Slack hands to slash commands and actions (`POST /response/:id`).
 */

/** Blocks are parsed: the WebClient sends them as a JSON string inside the form body. */
export type SlackContent = { text: string | undefined; blocks: unknown[] | undefined };
/** One chat.update call, in order. */
export type SlackUpdate = SlackContent & { channel: string; ts: string };
/** A posted message with its current content (chat.update applied). */
export type SlackMessage = SlackUpdate & { thread_ts: string | undefined; user: string; edits: number };
export type SlackEphemeral = SlackContent & { channel: string; user: string; message_ts: string };
export type SlackViewMethod = 'views.open' | 'views.update' | 'views.push';
export type SlackViewCall = { method: SlackViewMethod; id: string; trigger_id?: string; view: Params };
/** One POST to a response_url: what a command or button handler sent back to the user. */
export interface SlackResponsePost {
  id: string;
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
  body: Params;
}
export type SlackUser = { id: string; name: string; real_name: string; tz: string };
/** One Web API call as the fake saw it, failed and rate-limited attempts included. */
export type SlackCall = { method: string; params: Params; token?: string; request: RecordedRequest };
type Params = Record<string, unknown>;
type Falsy = undefined | null | false | 0 | '';

export interface SlackFakeState {
  /** The only token accepted; any other is `invalid_auth`, none is `not_authed`. */
  token: string;
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  /** Socket Mode: the xapp- token apps.connections.open accepts, and the URL it hands out. */
  appToken: string;
  socketUrl?: string;
  /** Mutable between calls: tests change approver groups mid-flow. */
  usergroups: Record<string, string[]>;
  users: Record<string, SlackUser>;
  channels: Record<string, { id: string; name: string; is_private: boolean }>;
  /** When false (default), unknown channel ids pass as public channels named after the id. */
  strictChannels: boolean;
  messages: SlackMessage[];
  updates: SlackUpdate[];
  ephemerals: SlackEphemeral[];
  views: SlackViewCall[];
  responses: SlackResponsePost[];
  /** Microsecond counter behind the increasing ts values ("1700000000.000100"). */
  clock: number;
}

export interface SlackFakeOptions {
  token?: string;
  teamId?: string;
  usergroups?: Record<string, string[]>;
  /** Known to users.info besides the bot user U0BOT. */
  users?: SlackUser[];
  strictChannels?: boolean;
  latencyMs?: number;
}

type Recorded = 'messages' | 'updates' | 'ephemerals' | 'responses' | 'views';
/** The recorded arrays are the state's own: clear them with `.length = 0`, never reassign. */
export interface FakeSlack extends FakeServer<SlackFakeState>, Pick<SlackFakeState, Recorded> {
  /** A fresh response_url served by this fake (random id unless given). */
  responseUrl(id?: string): string;
  /** Calls of one Web API method, e.g. `callsTo('chat.postMessage')`. */
  callsTo(method: string): SlackCall[];
  /** Polls until `predicate` gives something truthy (work done after ack) and returns it. */
  waitFor<T>(predicate: (state: SlackFakeState) => T | Falsy, timeoutMs?: number): Promise<T>;
}

const fail = (error: string) => ({ ok: false, error });

/** Starts a fake Slack on 127.0.0.1 (port 0); point clients at `${fake.url}/api/`. */
export async function startFakeSlack(options: SlackFakeOptions = {}): Promise<FakeSlack> {
  const bot: SlackUser = { id: 'U0BOT', name: 'herald', real_name: 'Herald', tz: 'UTC' };
  const state: SlackFakeState = {
    token: options.token ?? 'xoxb-test',
    appToken: 'xapp-test',
    teamId: options.teamId ?? 'T0001',
    teamDomain: 'herald-test',
    botUserId: bot.id,
    botId: 'B0BOT',
    usergroups: options.usergroups ?? {},
    users: Object.fromEntries([bot, ...(options.users ?? [])].map((u) => [u.id, u])),
    channels: { C0001: { id: 'C0001', name: 'general', is_private: false } },
    strictChannels: options.strictChannels ?? false,
    ...{ messages: [], updates: [], ephemerals: [], views: [], responses: [] },
    clock: 1_700_000_000_000_100,
  };
  const { messages, updates, ephemerals, views, responses } = state;
  const server = await startFakeServer({
    state,
    latencyMs: options.latencyMs,
    snapshot: (s) => ({ messages, updates, ephemerals, views, responses, usergroups: s.usergroups }),
    routes: [
      { method: 'POST', path: '/api/:method', handler: (req) => callMethod(state, req.params.method!, req) },
      { method: 'POST', path: '/response/:id', handler: (req) => respond(state, req.params.id!, req.body) },
    ],
  });
  return {
    ...server,
    ...{ messages, updates, ephemerals, views, responses },
    responseUrl: (id = randomUUID()) => `${server.url}/response/${id}`,
    callsTo: (method) =>
      server.requests
        .filter((r) => r.path === `/api/${method}`)
        .map((r) => ({ method, params: paramsOf(r), token: tokenOf(r), request: r })),
    waitFor: (predicate, timeoutMs = 2000) => poll(() => predicate(state), timeoutMs),
  };
}

const paramsOf = (req: RecordedRequest): Params => ({ ...req.query, ...((req.body as Params) ?? {}) });
const tokenOf = (req: RecordedRequest) => bearer(req) ?? (paramsOf(req).token as string | undefined);

/** Slack checks the method name first, then the token; every answer is HTTP 200. */
function callMethod(state: SlackFakeState, name: string, req: RecordedRequest): FakeReply {
  if (name === 'apps.connections.open') return { status: 200, body: openConnection(state, tokenOf(req)) };
  const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  const token = tokenOf(req);
  const body = !method
    ? fail('unknown_method')
    : token === undefined
      ? fail('not_authed')
      : token !== state.token
        ? fail('invalid_auth')
        : method(state, paramsOf(req));
  return { status: 200, body };
}

/** Socket Mode: the app-level token (not the bot token) gets the WebSocket URL to connect to. */
function openConnection(state: SlackFakeState, token: string | undefined) {
  if (token === undefined) return fail('not_authed');
  if (token !== state.appToken) return fail('invalid_auth');
  return state.socketUrl ? { ok: true, url: state.socketUrl } : fail('socket_mode_not_enabled');
}

/** Slack answers a response_url with 200 "ok"; Bolt's respond() only needs a 2xx. */
function respond(state: SlackFakeState, id: string, body: unknown): FakeReply {
  if (!body || typeof body !== 'object') return { status: 400, body: fail('invalid_payload') };
  state.responses.push({ ...(body as Omit<SlackResponsePost, 'body'>), id, body: body as Params });
  return { status: 200, body: { ok: true } };
}

/** Form bodies carry arrays and objects as JSON strings; JSON bodies carry them as they are. */
function json<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}
const str = (value: unknown) => (value === undefined || value === null ? undefined : String(value));

function channelOf(state: SlackFakeState, id: unknown) {
  if (typeof id !== 'string' || !id) return undefined;
  const loose = state.strictChannels ? undefined : { id, name: id.toLowerCase(), is_private: false };
  return state.channels[id] ?? loose;
}

function nextTs(state: SlackFakeState): string {
  const micros = state.clock;
  state.clock += 100;
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

/** Text and blocks of a post or update, or the error Slack gives for them. */
function content(p: Params): SlackContent | string {
  const blocks = json<unknown[]>(p.blocks);
  if (p.blocks !== undefined && !Array.isArray(blocks)) return 'invalid_blocks_format';
  const text = str(p.text);
  return !text && !blocks?.length ? 'no_text' : { text, blocks };
}

const messageJson = (state: SlackFakeState, m: SlackMessage) => ({
  ...{ type: 'message', user: m.user, bot_id: state.botId, text: m.text ?? '', blocks: m.blocks },
  ...{ ts: m.ts, thread_ts: m.thread_ts, edited: m.edits > 0 ? { user: m.user, ts: m.ts } : undefined },
});

function post(s: SlackFakeState, p: Params, ephemeral: boolean) {
  const channel = channelOf(s, p.channel);
  if (!channel) return fail('channel_not_found');
  if (ephemeral && !p.user) return fail('user_not_in_channel');
  const body = content(p);
  if (typeof body === 'string') return fail(body);
  const [ts, thread_ts] = [nextTs(s), str(p.thread_ts)];
  if (ephemeral) {
    s.ephemerals.push({ channel: channel.id, user: String(p.user), ...body, message_ts: ts });
    return { ok: true, message_ts: ts };
  }
  const message = { channel: channel.id, ts, ...body, thread_ts, user: s.botUserId, edits: 0 };
  s.messages.push(message);
  return { ok: true, channel: channel.id, ts, message: messageJson(s, message) };
}

function update(s: SlackFakeState, p: Params) {
  if (!channelOf(s, p.channel)) return fail('channel_not_found');
  const message = s.messages.find((m) => m.channel === p.channel && m.ts === p.ts);
  if (!message) return fail('message_not_found');
  const body = content(p);
  if (typeof body === 'string') return fail(body);
  s.updates.push({ channel: message.channel, ts: message.ts, ...body });
  Object.assign(message, body, { edits: message.edits + 1 });
  const { channel, ts, text = '' } = message;
  return { ok: true, channel, ts, text, message: messageJson(s, message) };
}

/** views.open/push need a trigger_id; views.update finds the view by view_id or external_id. */
function openView(state: SlackFakeState, method: SlackViewMethod, p: Params) {
  const view = json<Record<string, unknown>>(p.view);
  if (!view || typeof view !== 'object') return fail('invalid_arguments');
  const previous = state.views.findLast(
    (v) => (p.view_id && v.id === p.view_id) || (p.external_id && v.view.external_id === p.external_id),
  );
  if (method === 'views.update' && !previous) return fail('not_found');
  if (method !== 'views.update' && !p.trigger_id) return fail('invalid_trigger_id');
  const id = previous && method === 'views.update' ? previous.id : `V${nextTs(state).replace('.', '')}`;
  state.views.push({ method, id, trigger_id: str(p.trigger_id), view });
  const meta = { id, team_id: state.teamId, app_id: 'A0HERALD', bot_id: state.botId, hash: randomUUID() };
  return {
    ok: true,
    view: { state: { values: {} }, private_metadata: '', callback_id: '', ...view, ...meta },
  };
}

const METHODS: Record<string, (state: SlackFakeState, p: Params) => Record<string, unknown>> = {
  'auth.test': (s) => ({
    ...{ ok: true, url: `https://${s.teamDomain}.slack.com/`, team: 'Herald Test', team_id: s.teamId },
    ...{ user: s.users[s.botUserId]?.name, user_id: s.botUserId, bot_id: s.botId },
    is_enterprise_install: false,
  }),
  'chat.postMessage': (s, p) => post(s, p, false),
  'chat.postEphemeral': (s, p) => post(s, p, true),
  'chat.update': update,
  'views.open': (s, p) => openView(s, 'views.open', p),
  'views.update': (s, p) => openView(s, 'views.update', p),
  'views.push': (s, p) => openView(s, 'views.push', p),
  'usergroups.users.list': (s, p) => {
    const users = s.usergroups[String(p.usergroup)];
    return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
  },
  'users.info': (s, p) => {
    const user = s.users[String(p.user)];
    if (!user) return fail('user_not_found');
    return { ok: true, user: { ...user, team_id: s.teamId, is_bot: user.id === s.botUserId } };
  },
  'conversations.info': (s, p) => {
    const channel = channelOf(s, p.channel);
    return channel
      ? { ok: true, channel: { ...channel, is_channel: true, is_member: true } }
      : fail('channel_not_found');
  },
};

async function poll<T>(check: () => T | Falsy, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`fake Slack: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
