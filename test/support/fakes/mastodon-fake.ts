import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type Route,
  startFakeServer,
} from './fake-server.js';
import { parseMultipart } from './multipart.js';

/**
 * Fake Mastodon instance: multipart media upload (v2: 200 for images, 202 + 206 polling for video),
 * statuses honouring Idempotency-Key, verify_credentials and the account's statuses, with
 * `{ "error": "..." }` bodies as the API documents them.
 */

export interface MastodonMediaRecord {
  id: string;
  type: 'image' | 'video';
  contentType: string;
  filename: string;
  size: number;
  pollsLeft: number;
}

export interface MastodonStatusRecord {
  id: string;
  created_at: string;
  content: string;
  text: string;
  url: string;
  uri: string;
  mediaIds: string[];
  visibility: string;
  idempotencyKey: string | undefined;
}

export interface MastodonFakeState {
  token: string;
  account: { id: string; username: string; acct: string };
  media: Map<string, MastodonMediaRecord>;
  /** Every status created: tests assert at-most-once on this. */
  statuses: MastodonStatusRecord[];
  idempotency: Map<string, string>;
  /** GET /api/v1/media/:id polls answering 206 before a video is processed. */
  processingPolls: number;
  nextId: number;
  /** The fake's own URL, for the links it hands out. */
  baseUrl: string;
}

export interface MastodonFakeOptions {
  token?: string;
  processingPolls?: number;
  latencyMs?: number;
}

export type FakeMastodon = FakeServer<MastodonFakeState>;

const SUPPORTED = /^(image\/(jpeg|png|gif|webp|heic|heif|avif)|video\/(mp4|quicktime|webm|ogg))$/;

export async function startFakeMastodon(options: MastodonFakeOptions = {}): Promise<FakeMastodon> {
  const state: MastodonFakeState = {
    token: options.token ?? 'masto-test-token',
    account: { id: '109000000000000001', username: 'mia', acct: 'mia' },
    media: new Map(),
    statuses: [],
    idempotency: new Map(),
    processingPolls: options.processingPolls ?? 1,
    nextId: 110_000_000_000_000,
    baseUrl: 'http://127.0.0.1',
  };
  const server = await startFakeServer({
    state,
    latencyMs: options.latencyMs,
    snapshot: (s) => ({ statuses: s.statuses, media: [...s.media.values()] }),
    routes: mastodonRoutes(state),
  });
  state.baseUrl = server.url;
  return server;
}

function mastodonRoutes(state: MastodonFakeState): Route[] {
  const authed = (handler: (state: MastodonFakeState, req: FakeRequest) => FakeReply) => (req: FakeRequest) =>
    bearer(req) === state.token
      ? handler(state, req)
      : { status: 401, body: { error: 'The access token is invalid' } };
  return [
    {
      method: 'GET',
      path: '/api/v1/accounts/verify_credentials',
      handler: authed((s) => ({ status: 200, body: s.account })),
    },
    { method: 'POST', path: '/api/v2/media', handler: authed(uploadMedia) },
    { method: 'GET', path: '/api/v1/media/:id', handler: authed(getMedia) },
    { method: 'POST', path: '/api/v1/statuses', handler: authed(postStatus) },
    { method: 'GET', path: '/api/v1/accounts/:id/statuses', handler: authed(accountStatuses) },
  ];
}

function attachment(state: MastodonFakeState, m: MastodonMediaRecord) {
  const base = `${state.baseUrl}/system/media/${m.id}`;
  return {
    id: m.id,
    type: m.type,
    url: m.pollsLeft > 0 ? null : `${base}/${m.filename}`,
    preview_url: `${base}/small.jpg`,
  };
}

function uploadMedia(state: MastodonFakeState, req: FakeRequest): FakeReply {
  const file = parseMultipart(req.rawBody, req.headers['content-type']).find((p) => p.name === 'file');
  if (!file) return { status: 422, body: { error: "Validation failed: File can't be blank" } };
  const contentType = file.contentType ?? 'application/octet-stream';
  if (!SUPPORTED.test(contentType)) {
    return {
      status: 422,
      body: { error: 'Validation failed: File content type is invalid, File is invalid' },
    };
  }
  const type = contentType.startsWith('video/') ? 'video' : 'image';
  const record: MastodonMediaRecord = {
    id: String(state.nextId++),
    type,
    contentType,
    filename: file.filename ?? 'file',
    size: file.data.length,
    pollsLeft: type === 'video' ? state.processingPolls : 0,
  };
  state.media.set(record.id, record);
  return { status: type === 'video' ? 202 : 200, body: attachment(state, record) };
}

/** 206 while the upload is processing (each read advances it), then 200 with its URL. */
function getMedia(state: MastodonFakeState, req: FakeRequest): FakeReply {
  const record = state.media.get(req.params.id!);
  if (!record) return { status: 404, body: { error: 'Record not found' } };
  if (record.pollsLeft === 0) return { status: 200, body: attachment(state, record) };
  record.pollsLeft--;
  return { status: 206, body: { ...attachment(state, record), url: null } };
}

function postStatus(state: MastodonFakeState, req: FakeRequest): FakeReply {
  const key = req.headers['idempotency-key'];
  const existing = key ? state.statuses.find((s) => s.id === state.idempotency.get(key)) : undefined;
  if (existing) return { status: 200, body: statusJson(existing, state) };
  const body = (req.body ?? {}) as { status?: string; media_ids?: string[]; visibility?: string };
  const invalid = validateStatus(state, body.status ?? '', body.media_ids ?? []);
  if (invalid) return { status: 422, body: { error: invalid } };
  const id = String(state.nextId++);
  const text = body.status ?? '';
  const record: MastodonStatusRecord = {
    id,
    created_at: new Date().toISOString(),
    content: `<p>${escapeHtml(text).replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br />')}</p>`,
    text,
    url: `${state.baseUrl}/@${state.account.username}/${id}`,
    uri: `${state.baseUrl}/users/${state.account.username}/statuses/${id}`,
    mediaIds: body.media_ids ?? [],
    visibility: body.visibility ?? 'public',
    idempotencyKey: key,
  };
  state.statuses.push(record);
  if (key) state.idempotency.set(key, id);
  return { status: 200, body: statusJson(record, state) };
}

function validateStatus(state: MastodonFakeState, text: string, mediaIds: string[]): string | undefined {
  if (!text && mediaIds.length === 0) return "Validation failed: Text can't be blank";
  if (mediaIds.some((id) => !state.media.has(id))) return 'Validation failed: Media is invalid';
  if (mediaIds.some((id) => state.media.get(id)!.pollsLeft > 0)) {
    return 'Cannot attach files that have not finished processing. Try again in a moment!';
  }
  return undefined;
}

function accountStatuses(state: MastodonFakeState, req: FakeRequest): FakeReply {
  if (req.params.id !== state.account.id) return { status: 404, body: { error: 'Record not found' } };
  const limit = Math.min(Number(req.query.limit ?? 20), 40);
  return {
    status: 200,
    body: [...state.statuses]
      .reverse()
      .slice(0, limit)
      .map((s) => statusJson(s, state)),
  };
}

function statusJson(s: MastodonStatusRecord, state: MastodonFakeState) {
  return {
    id: s.id,
    created_at: s.created_at,
    content: s.content,
    url: s.url,
    uri: s.uri,
    visibility: s.visibility,
    account: state.account,
    media_attachments: s.mediaIds.map((id) => ({ id, type: state.media.get(id)?.type })),
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
