import { createHmac, randomBytes } from 'node:crypto';

/**
 * Builds and signs the HTTP requests Slack sends to an app (slash commands, block actions, modal
 * submissions), so tests drive the bot's real HTTP endpoint — signature check included — instead
 * of calling handlers directly. Payload shapes follow Slack's documented interaction payloads and
 * Bolt's `SlashCommand`, `BlockAction` and `ViewSubmitAction` types.
 */

/** Defaults shared by every payload: one workspace, one channel, one user, one app. */
export const SLACK_DEFAULTS = {
  token: 'verification-token',
  teamId: 'T0001',
  teamDomain: 'herald-test',
  channelId: 'C0001',
  channelName: 'general',
  userId: 'U0ALICE',
  userName: 'alice',
  apiAppId: 'A0HERALD',
};

/**
 * Slack's v0 signature: `X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:<ts>:<raw body>"))`.
 * Bolt rejects timestamps older than five minutes; Herald's receiver also those more than five
 * minutes ahead, and a second request with the same signature.
 */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${digest}` };
}

/** A trigger_id in Slack's "<digits>.<digits>.<hex>" shape (only valid for a few seconds upstream). */
export const triggerId = () =>
  `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  response_url: string;
  trigger_id: string;
  api_app_id: string;
}

/** The form-encoded body of a `/herald` slash command (Slack sends every field as a string). */
export function slashCommandBody(fields: Partial<SlashCommandFields> = {}): string {
  const d = SLACK_DEFAULTS;
  const all: SlashCommandFields = {
    ...{ token: d.token, team_id: d.teamId, team_domain: d.teamDomain },
    ...{ channel_id: d.channelId, channel_name: d.channelName, user_id: d.userId, user_name: d.userName },
    ...{ command: '/herald', text: '', response_url: 'https://hooks.slack.com/commands/T0001/1/x' },
    ...{ trigger_id: triggerId(), api_app_id: d.apiAppId },
    ...fields,
  };
  return new URLSearchParams({ ...all, is_enterprise_install: 'false' }).toString();
}

/** Who acted, and where: shared by block actions and view submissions. */
export interface SlackActor {
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  triggerId?: string;
  /** Shallow-merged over the finished payload, for fields not modelled here. */
  extra?: Record<string, unknown>;
}

export interface BlockActionInput extends SlackActor {
  actionId: string;
  value?: string;
  blockId?: string;
  channelId?: string;
  channelName?: string;
  /** The message holding the button (the one the bot posted). */
  messageTs?: string;
  messageText?: string;
  messageBlocks?: unknown[];
  isEphemeral?: boolean;
  responseUrl?: string;
}

function actor(input: SlackActor) {
  const d = SLACK_DEFAULTS;
  const [id, name, teamId] = [
    input.userId ?? d.userId,
    input.userName ?? d.userName,
    input.teamId ?? d.teamId,
  ];
  return {
    team: { id: teamId, domain: input.teamDomain ?? d.teamDomain },
    user: { id, username: name, name, team_id: teamId },
    api_app_id: d.apiAppId,
    token: d.token,
    trigger_id: input.triggerId ?? triggerId(),
    is_enterprise_install: false,
  };
}

/** The `block_actions` payload of a button click on a message. */
export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const channel = { id: input.channelId ?? SLACK_DEFAULTS.channelId, name: input.channelName ?? 'general' };
  const ts = input.messageTs ?? '1700000000.000100';
  const actionTs = (Date.now() / 1000).toFixed(6);
  return {
    type: 'block_actions',
    ...actor(input),
    container: { type: 'message', message_ts: ts, channel_id: channel.id, is_ephemeral: !!input.isEphemeral },
    channel,
    message: {
      type: 'message',
      user: 'U0BOT',
      ts,
      text: input.messageText ?? '',
      blocks: input.messageBlocks ?? [],
    },
    state: { values: {} },
    response_url: input.responseUrl ?? 'https://hooks.slack.com/actions/T0001/1/x',
    actions: [
      {
        ...{ action_id: input.actionId, block_id: input.blockId ?? 'actions', value: input.value },
        ...{ type: 'button', text: { type: 'plain_text', text: input.actionId }, action_ts: actionTs },
      },
    ],
    ...input.extra,
  };
}

/** Form-encoded `payload=<json>`, as Slack posts every interaction. */
export const blockActionsBody = (input: BlockActionInput) => formPayload(blockActionsPayload(input));

export interface ViewSubmissionInput extends SlackActor {
  callbackId: string;
  /** block_id → action_id → value: strings become plain_text_input values, objects pass as-is. */
  values?: Record<string, Record<string, string | Record<string, unknown>>>;
  privateMetadata?: string;
  viewId?: string;
  hash?: string;
}

/** The `view_submission` payload of a modal's submit button. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(input.values ?? {}).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, v]) => [
          actionId,
          typeof v === 'string' ? { type: 'plain_text_input', value: v } : v,
        ]),
      ),
    ]),
  );
  const base = actor(input);
  const view = {
    ...{ id: input.viewId ?? 'V0MODAL', type: 'modal', callback_id: input.callbackId, team_id: base.team.id },
    ...{ app_id: base.api_app_id, bot_id: 'B0BOT', private_metadata: input.privateMetadata ?? '' },
    ...{ title: { type: 'plain_text', text: 'Herald' }, blocks: [], state: { values } },
    ...{
      hash: input.hash ?? '1700000000.abcdef',
      root_view_id: input.viewId ?? 'V0MODAL',
      previous_view_id: null,
    },
    ...{ clear_on_close: false, notify_on_close: false, close: null, submit: null },
  };
  return { type: 'view_submission', ...base, view, response_urls: [], ...input.extra };
}

export const viewSubmissionBody = (input: ViewSubmissionInput) => formPayload(viewSubmissionPayload(input));

const formPayload = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export interface PostSignedOptions {
  /** Unix seconds to sign with (default now); an old one tests the staleness check. */
  timestamp?: number;
  headers?: Record<string, string>;
  /** Change the body after signing, as a forger or a broken proxy would: the signature no longer fits. */
  tamper?: boolean;
  /** Gives up on an address that never answers (a bind-address check). */
  signal?: AbortSignal;
}

/**
 * Signs and POSTs a body the way Slack does, timing the answer (Slack wants one within 3 s).
 * The Content-Type is exactly `application/x-www-form-urlencoded` for form bodies: Bolt compares
 * it verbatim and would try to parse anything else (even with `; charset=utf-8`) as JSON.
 */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  opts: PostSignedOptions = {},
): Promise<{ status: number; body: string; ms: number; headers: Headers }> {
  const type = body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
  const headers = {
    'Content-Type': type,
    ...signSlackRequest(secret, body, opts.timestamp),
    ...opts.headers,
  };
  const sent = opts.tamper ? `${body}${type === 'application/json' ? ' ' : '&tampered=1'}` : body;
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: sent,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started, headers: res.headers };
}
