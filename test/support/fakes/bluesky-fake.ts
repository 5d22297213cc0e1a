import { createHash, randomUUID } from 'node:crypto';
import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type Route,
  startFakeServer,
} from './fake-server.js';

/**
 * Fake Bluesky PDS (XRPC): createSession with an app password, uploadBlob, createRecord (refusing
 * record keys that are not TIDs for app.bsky.feed.post, and failing with 500 on an existing key as
 * the PDS does), getRecord (400 RecordNotFound), and `{ error, message }` bodies.
 */

export interface BlueskyRecord {
  uri: string;
  cid: string;
  rkey: string;
  value: Record<string, unknown>;
}

export interface BlueskyFakeState {
  handle: string;
  did: string;
  appPassword: string;
  sessions: Set<string>;
  /** Access tokens that now answer 400 ExpiredToken. */
  expired: Set<string>;
  blobs: Map<string, { mimeType: string; size: number }>;
  /** Records by rkey: tests assert at-most-once on this. */
  records: Map<string, BlueskyRecord>;
  createSessionCalls: number;
}

export interface BlueskyFakeOptions {
  handle?: string;
  appPassword?: string;
  latencyMs?: number;
}

export type FakeBluesky = FakeServer<BlueskyFakeState>;

const COLLECTION = 'app.bsky.feed.post';
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export function xrpcError(status: number, error: string, message: string): FakeReply {
  return { status, body: { error, message } };
}

/** Makes every session issued so far answer ExpiredToken. */
export function expireSessions(state: BlueskyFakeState): void {
  for (const token of state.sessions) state.expired.add(token);
  state.sessions.clear();
}

export async function startFakeBluesky(options: BlueskyFakeOptions = {}): Promise<FakeBluesky> {
  const state: BlueskyFakeState = {
    handle: options.handle ?? 'mia.bsky.social',
    did: 'did:plc:fakemia0000000000000000',
    appPassword: options.appPassword ?? 'abcd-efgh-ijkl-mnop',
    sessions: new Set(),
    expired: new Set(),
    blobs: new Map(),
    records: new Map(),
    createSessionCalls: 0,
  };
  return startFakeServer({
    state,
    latencyMs: options.latencyMs,
    snapshot: (s) => ({ records: [...s.records.values()], createSessionCalls: s.createSessionCalls }),
    routes: blueskyRoutes(state),
  });
}

type XrpcHandler = (state: BlueskyFakeState, req: FakeRequest) => FakeReply;

function blueskyRoutes(state: BlueskyFakeState): Route[] {
  const authed = (handler: XrpcHandler) => (req: FakeRequest) => {
    const token = bearer(req) ?? '';
    if (state.expired.has(token)) return xrpcError(400, 'ExpiredToken', 'Token has expired');
    if (!state.sessions.has(token))
      return xrpcError(401, 'AuthenticationRequired', 'Authentication Required');
    return handler(state, req);
  };
  const open = (handler: XrpcHandler) => (req: FakeRequest) => handler(state, req);
  return [
    { method: 'POST', path: '/xrpc/com.atproto.server.createSession', handler: open(createSession) },
    { method: 'POST', path: '/xrpc/com.atproto.repo.uploadBlob', handler: authed(uploadBlob) },
    { method: 'POST', path: '/xrpc/com.atproto.repo.createRecord', handler: authed(createRecord) },
    { method: 'GET', path: '/xrpc/com.atproto.repo.getRecord', handler: open(getRecord) },
  ];
}

const isRepo = (state: BlueskyFakeState, repo: unknown) => repo === state.did || repo === state.handle;

function createSession(state: BlueskyFakeState, req: FakeRequest): FakeReply {
  state.createSessionCalls++;
  const body = (req.body ?? {}) as { identifier?: string; password?: string };
  if (!isRepo(state, body.identifier) || body.password !== state.appPassword) {
    return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
  }
  const accessJwt = `access-${randomUUID()}`;
  state.sessions.add(accessJwt);
  const session = { accessJwt, refreshJwt: `refresh-${randomUUID()}`, handle: state.handle, did: state.did };
  return { status: 200, body: { ...session, active: true } };
}

function uploadBlob(state: BlueskyFakeState, req: FakeRequest): FakeReply {
  const link = `bafkrei${createHash('sha256').update(req.rawBody).digest('hex').slice(0, 52)}`;
  const mimeType = req.headers['content-type'] ?? 'application/octet-stream';
  const size = req.rawBody.length;
  state.blobs.set(link, { mimeType, size });
  return { status: 200, body: { blob: { $type: 'blob', ref: { $link: link }, mimeType, size } } };
}

interface CreateRecordBody {
  repo?: string;
  collection?: string;
  rkey?: string;
  record?: Record<string, unknown>;
}

function createRecord(state: BlueskyFakeState, req: FakeRequest): FakeReply {
  const body = (req.body ?? {}) as CreateRecordBody;
  if (!isRepo(state, body.repo)) return xrpcError(401, 'AuthenticationRequired', 'Authentication Required');
  if (body.collection !== COLLECTION)
    return xrpcError(400, 'InvalidRequest', 'unsupported collection in fake');
  const rkey = body.rkey ?? newTid();
  if (!TID.test(rkey))
    return xrpcError(400, 'InvalidRequest', `Invalid record key for ${COLLECTION}: must be a valid TID`);
  const record = body.record ?? {};
  if (
    record.$type !== COLLECTION ||
    typeof record.text !== 'string' ||
    typeof record.createdAt !== 'string'
  ) {
    return xrpcError(
      400,
      'InvalidRequest',
      `Invalid ${COLLECTION} record: Record must have the properties "text" and "createdAt"`,
    );
  }
  // The PDS's repo tree refuses a second leaf at the same key with an unhandled error: HTTP 500.
  if (state.records.has(rkey)) return xrpcError(500, 'InternalServerError', 'Internal Server Error');
  const uri = `at://${state.did}/${COLLECTION}/${rkey}`;
  const cid = `bafyrei${createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 52)}`;
  state.records.set(rkey, { uri, cid, rkey, value: record });
  return {
    status: 200,
    body: { uri, cid, commit: { cid: `bafyreicommit${rkey}`, rev: rkey }, validationStatus: 'valid' },
  };
}

function getRecord(state: BlueskyFakeState, req: FakeRequest): FakeReply {
  const { repo, collection, rkey } = req.query;
  if (!isRepo(state, repo)) return xrpcError(400, 'InvalidRequest', `Could not find repo: ${repo}`);
  const found = collection === COLLECTION ? state.records.get(rkey ?? '') : undefined;
  if (!found)
    return xrpcError(
      400,
      'RecordNotFound',
      `Could not locate record: at://${state.did}/${collection}/${rkey}`,
    );
  return { status: 200, body: { uri: found.uri, cid: found.cid, value: found.value } };
}

function newTid(): string {
  const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
  let value = (BigInt(Date.now()) * 1000n) << 10n;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
