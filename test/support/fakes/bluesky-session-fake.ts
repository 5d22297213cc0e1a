import { randomBytes } from 'node:crypto';
import type { FakeBluesky } from './bluesky-fake.js';
import { xrpcError } from './bluesky-fake.js';
import type { FakeReply, FakeRequest } from './fake-server.js';

/**
 * Sessions on the fake PDS as an app keeps them: createSession answers JWT-shaped access and
 * refresh tokens whose `exp` says when they end, refreshSession (with the refresh JWT) rotates
 * both, deleteSession ends the session, getSession says whose it is. ExpiredToken / InvalidToken
 * as the PDS answers them.
 */
export interface BlueskySessionState {
  /** Live refresh JWTs. */
  refresh: Set<string>;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  refreshCalls: number;
  deleted: number;
  /** Every JWT issued: what must never show up in Herald's logs. */
  issued: string[];
}

export function addSessions(
  fake: FakeBluesky,
  options: { accessTtlSeconds?: number; refreshTtlSeconds?: number } = {},
): BlueskySessionState {
  const sessions: BlueskySessionState = {
    refresh: new Set(),
    accessTtlSeconds: options.accessTtlSeconds ?? 7200,
    refreshTtlSeconds: options.refreshTtlSeconds ?? 90 * 86_400,
    refreshCalls: 0,
    deleted: 0,
    issued: [],
  };
  const pds = fake.state;
  const issue = (): FakeReply => {
    const accessJwt = jwt('com.atproto.access', pds.did, sessions.accessTtlSeconds);
    const refreshJwt = jwt('com.atproto.refresh', pds.did, sessions.refreshTtlSeconds);
    pds.sessions.add(accessJwt);
    sessions.refresh.add(refreshJwt);
    sessions.issued.push(accessJwt, refreshJwt);
    return { status: 200, body: { accessJwt, refreshJwt, handle: pds.handle, did: pds.did, active: true } };
  };
  const bearer = (req: FakeRequest) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  fake.addRoutes(
    {
      method: 'POST',
      path: '/xrpc/com.atproto.server.createSession',
      handler: (req) => {
        pds.createSessionCalls++;
        const body = (req.body ?? {}) as { identifier?: string; password?: string };
        const known = body.identifier === pds.handle || body.identifier === pds.did;
        if (!known || body.password !== pds.appPassword)
          return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
        return issue();
      },
    },
    {
      method: 'POST',
      path: '/xrpc/com.atproto.server.refreshSession',
      handler: (req) => {
        sessions.refreshCalls++;
        const token = bearer(req);
        if (!sessions.refresh.delete(token)) return xrpcError(400, 'ExpiredToken', 'Token has been revoked');
        return issue();
      },
    },
    {
      method: 'POST',
      path: '/xrpc/com.atproto.server.deleteSession',
      handler: (req) => {
        if (!sessions.refresh.delete(bearer(req)))
          return xrpcError(400, 'InvalidToken', 'Token could not be verified');
        sessions.deleted++;
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: '/xrpc/com.atproto.server.getSession',
      handler: (req) =>
        pds.sessions.has(bearer(req))
          ? { status: 200, body: { handle: pds.handle, did: pds.did, active: true } }
          : xrpcError(401, 'AuthenticationRequired', 'Authentication Required'),
    },
  );
  return sessions;
}

/** An unsigned JWT-shaped token: what matters to Herald is its `exp`. */
function jwt(scope: string, sub: string, ttlSeconds: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = { scope, sub, iat: now, exp: now + ttlSeconds, jti: randomBytes(8).toString('hex') };
  return `${part({ alg: 'ES256K', typ: 'at+jwt' })}.${part(payload)}.${randomBytes(16).toString('base64url')}`;
}
