import { createHash, randomBytes } from 'node:crypto';
import type { FakeReply, FakeRequest, FakeServer, Route } from './fake-server.js';

/**
 * An OAuth 2.0 authorization server added to a platform fake, speaking each platform's documented
 * endpoints and shapes:
 *
 * - TikTok: GET /v2/auth/authorize/ (client_key), POST /v2/oauth/token/ (authorization_code,
 *   refresh_token; the refresh token rotates), POST /v2/oauth/revoke/, GET /v2/user/info/.
 * - Instagram (Instagram Login): GET /oauth/authorize, POST /oauth/access_token (a short-lived
 *   token in `data[]`), GET /access_token (ig_exchange_token → 60 days), GET
 *   /refresh_access_token (ig_refresh_token), GET /me; Graph errors (OAuthException 190).
 * - Mastodon: POST /api/v1/apps, GET /oauth/authorize, POST /oauth/token, POST /oauth/revoke,
 *   GET /api/v1/accounts/verify_credentials.
 *
 * PKCE (S256) is checked whenever the authorization carried a challenge. The authorization page
 * is a plain HTML form with Allow / Deny, as a person would see it; GET /__consent/allow answers
 * it directly (what a person's click sends). Every token issued becomes the one the platform's
 * publish API accepts (`onIssue`), and the previous one stops working.
 */

export type OAuthStyle = 'tiktok' | 'instagram' | 'mastodon';

export interface OAuthFakeState {
  style: OAuthStyle;
  /** Registered clients: the operator's app (TikTok, Instagram) or apps Herald registered (Mastodon). */
  clients: Map<string, { secret: string; redirectUris: string[] }>;
  /** Who "signs in" on the authorization page. */
  user: { id: string; handle: string };
  codes: Map<string, { clientId: string; redirectUri: string; challenge?: string; used: boolean }>;
  /** Live access tokens. */
  access: Set<string>;
  /** Live refresh tokens (TikTok); Instagram refreshes the access token itself. */
  refresh: Set<string>;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Counted per grant type: tests assert "refreshed once". */
  tokenCalls: {
    authorization_code: number;
    refresh_token: number;
    ig_exchange_token: number;
    ig_refresh_token: number;
  };
  revoked: string[];
  /** Every token, code and state this server ever saw or issued: what must never show up in Herald's logs. */
  issued: string[];
  appsRegistered: number;
  /** Called with each access token issued: the platform fake's own bearer check takes it. */
  onIssue: (token: string) => void;
}

export interface OAuthFakeOptions {
  clientId?: string;
  clientSecret?: string;
  user?: { id: string; handle: string };
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  onIssue: (token: string) => void;
}

const PATHS: Record<OAuthStyle, { authorize: string; token: string; revoke?: string }> = {
  tiktok: { authorize: '/v2/auth/authorize/', token: '/v2/oauth/token/', revoke: '/v2/oauth/revoke/' },
  instagram: { authorize: '/oauth/authorize', token: '/oauth/access_token' },
  mastodon: { authorize: '/oauth/authorize', token: '/oauth/token', revoke: '/oauth/revoke' },
};

const clientParam = (style: OAuthStyle) => (style === 'tiktok' ? 'client_key' : 'client_id');
const token = (prefix: string) => `${prefix}.${randomBytes(18).toString('base64url')}`;

/** Adds the authorization server to `fake`; returns its state for assertions and scripting. */
export function addOAuth<S>(
  fake: FakeServer<S>,
  style: OAuthStyle,
  options: OAuthFakeOptions,
): OAuthFakeState {
  const state: OAuthFakeState = {
    style,
    clients: new Map(),
    user: options.user ?? { id: style === 'instagram' ? '17841400000000001' : 'user-mia-1', handle: 'mia' },
    codes: new Map(),
    access: new Set(),
    refresh: new Set(),
    accessTtlSeconds: options.accessTtlSeconds ?? (style === 'instagram' ? 5_184_000 : 86_400),
    refreshTtlSeconds: options.refreshTtlSeconds ?? 31_536_000,
    tokenCalls: { authorization_code: 0, refresh_token: 0, ig_exchange_token: 0, ig_refresh_token: 0 },
    revoked: [],
    issued: [],
    appsRegistered: 0,
    onIssue: options.onIssue,
  };
  if (style !== 'mastodon')
    state.clients.set(options.clientId ?? `${style}-client`, {
      secret: options.clientSecret ?? `${style}-secret`,
      redirectUris: [],
    });
  fake.addRoutes(...routesFor(state));
  return state;
}

/** The `onIssue` of a platform fake whose publish API takes the token in `state.token`. */
export function acceptedBy(fake: { state: { token: string } }): (token: string) => void {
  return (issued) => {
    fake.state.token = issued;
  };
}

/** Gives a live access token (a test seeding an account "connected earlier"), with its refresh token. */
export function issueTokens(state: OAuthFakeState): { access: string; refresh: string } {
  const access = issueAccess(state);
  const refresh = token('rft');
  state.refresh.add(refresh);
  state.issued.push(refresh);
  return { access, refresh };
}

/** The person revokes Herald on the platform: every token stops working. */
export function revokeEverything(state: OAuthFakeState): void {
  state.access.clear();
  state.refresh.clear();
}

function issueAccess(state: OAuthFakeState): string {
  const access = token(state.style === 'tiktok' ? 'act' : state.style === 'instagram' ? 'IGQ' : 'mst');
  state.access.add(access);
  state.issued.push(access);
  state.onIssue(access);
  return access;
}

function routesFor(state: OAuthFakeState): Route[] {
  const paths = PATHS[state.style];
  const routes: Route[] = [
    { method: 'GET', path: paths.authorize, handler: (req) => authorizePage(state, req) },
    { method: 'GET', path: '/__consent/allow', handler: (req) => consent(state, req, true) },
    { method: 'GET', path: '/__consent/deny', handler: (req) => consent(state, req, false) },
    { method: 'POST', path: paths.token, handler: (req) => tokenEndpoint(state, req) },
  ];
  if (paths.revoke) routes.push({ method: 'POST', path: paths.revoke, handler: (req) => revoke(state, req) });
  if (state.style === 'tiktok')
    routes.push({ method: 'GET', path: '/v2/user/info/', handler: (req) => tiktokUser(state, req) });
  if (state.style === 'instagram')
    routes.push(
      {
        method: 'GET',
        path: '/access_token',
        handler: (req) => igLongLived(state, req, 'ig_exchange_token'),
      },
      {
        method: 'GET',
        path: '/refresh_access_token',
        handler: (req) => igLongLived(state, req, 'ig_refresh_token'),
      },
      { method: 'GET', path: '/me', handler: (req) => igMe(state, req) },
    );
  if (state.style === 'mastodon')
    routes.push(
      { method: 'POST', path: '/api/v1/apps', handler: (req) => registerApp(state, req) },
      {
        method: 'GET',
        path: '/api/v1/accounts/verify_credentials',
        handler: (req) => mastodonMe(state, req),
      },
    );
  return routes;
}

/** The authorization request, checked as the platform checks it; then the consent page. */
function authorizePage(state: OAuthFakeState, req: FakeRequest): FakeReply {
  const q = req.query;
  const client = state.clients.get(q[clientParam(state.style)] ?? '');
  if (!client) return html(400, '<h1>Unknown client</h1>');
  if (state.style === 'mastodon' && !client.redirectUris.includes(q.redirect_uri ?? ''))
    return html(400, '<h1>The redirect URI included is not valid.</h1>');
  if (q.response_type !== 'code') return html(400, '<h1>response_type must be code</h1>');
  if (q.code_challenge && q.code_challenge_method !== 'S256') return html(400, '<h1>Only S256</h1>');
  if (q.state) state.issued.push(q.state);
  const hidden = Object.entries(q)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return html(
    200,
    `<h1>Authorize Herald</h1><p>Signed in as <b id="who">@${esc(state.user.handle)}</b>. Herald asks for: ${esc(q.scope ?? '')}</p>
<form method="get" action="/__consent/allow">${hidden}<button id="allow" type="submit">Allow</button></form>
<form method="get" action="/__consent/deny">${hidden}<button id="deny" type="submit">Deny</button></form>`,
  );
}

/** The person's answer: back to the redirect URI with a code (or `error=access_denied`) and the state. */
function consent(state: OAuthFakeState, req: FakeRequest, allowed: boolean): FakeReply {
  const q = req.query;
  const clientId = q[clientParam(state.style)] ?? '';
  const back = new URL(q.redirect_uri ?? '');
  if (q.state) back.searchParams.set('state', q.state);
  if (!allowed) back.searchParams.set('error', 'access_denied');
  else {
    const code = token('code');
    state.issued.push(code);
    state.codes.set(code, {
      clientId,
      redirectUri: q.redirect_uri ?? '',
      ...(q.code_challenge ? { challenge: q.code_challenge } : {}),
      used: false,
    });
    back.searchParams.set('code', code);
  }
  return { status: 302, headers: { location: back.toString() } };
}

function tokenEndpoint(state: OAuthFakeState, req: FakeRequest): FakeReply {
  const form = (req.body ?? {}) as Record<string, string>;
  const client = state.clients.get(form[clientParam(state.style)] ?? '');
  if (!client || client.secret !== form.client_secret)
    return oauthError(state, 401, 'invalid_client', 'Client authentication failed.');
  if (form.grant_type === 'authorization_code') return codeGrant(state, form);
  if (form.grant_type === 'refresh_token' && state.style === 'tiktok') return refreshGrant(state, form);
  return oauthError(state, 400, 'unsupported_grant_type', 'The grant type is not supported.');
}

function codeGrant(state: OAuthFakeState, form: Record<string, string>): FakeReply {
  state.tokenCalls.authorization_code++;
  const code = state.codes.get(form.code ?? '');
  if (!code || code.used)
    return oauthError(state, 400, 'invalid_grant', 'The authorization code is invalid or was used.');
  code.used = true;
  if (code.redirectUri !== form.redirect_uri)
    return oauthError(
      state,
      400,
      'invalid_grant',
      'The redirect_uri does not match the authorization request.',
    );
  if (code.challenge) {
    const expected = createHash('sha256')
      .update(form.code_verifier ?? '', 'ascii')
      .digest('base64url');
    if (expected !== code.challenge)
      return oauthError(state, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
  }
  if (state.style === 'instagram') {
    const short = token('IGshort');
    state.access.add(short);
    state.issued.push(short);
    return {
      status: 200,
      body: {
        data: [
          {
            access_token: short,
            user_id: state.user.id,
            permissions: 'instagram_business_basic,instagram_business_content_publish',
          },
        ],
      },
    };
  }
  if (state.style === 'mastodon') {
    const access = issueAccess(state);
    return {
      status: 200,
      body: {
        access_token: access,
        token_type: 'Bearer',
        scope: form.scope ?? 'read',
        created_at: Math.floor(Date.now() / 1000),
      },
    };
  }
  return { status: 200, body: tiktokGrant(state) };
}

function refreshGrant(state: OAuthFakeState, form: Record<string, string>): FakeReply {
  state.tokenCalls.refresh_token++;
  if (!state.refresh.delete(form.refresh_token ?? ''))
    return oauthError(state, 400, 'invalid_grant', 'Refresh token is invalid or expired.');
  return { status: 200, body: tiktokGrant(state) };
}

function tiktokGrant(state: OAuthFakeState) {
  const { access, refresh } = issueTokens(state);
  return {
    open_id: state.user.id,
    scope: 'user.info.basic,video.publish',
    access_token: access,
    expires_in: state.accessTtlSeconds,
    refresh_token: refresh,
    refresh_expires_in: state.refreshTtlSeconds,
    token_type: 'Bearer',
  };
}

function igLongLived(
  state: OAuthFakeState,
  req: FakeRequest,
  grant: 'ig_exchange_token' | 'ig_refresh_token',
): FakeReply {
  state.tokenCalls[grant]++;
  const q = req.query;
  if (q.grant_type !== grant) return graphError(400, 100, 'Unsupported grant_type');
  if (grant === 'ig_exchange_token' && !state.clients.get('instagram-client') && !state.clients.size)
    return graphError(400, 101, 'Missing client_secret');
  if (grant === 'ig_exchange_token' && ![...state.clients.values()].some((c) => c.secret === q.client_secret))
    return graphError(400, 101, 'Error validating client secret.');
  if (!state.access.delete(q.access_token ?? ''))
    return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  const access = issueAccess(state);
  return {
    status: 200,
    body: { access_token: access, token_type: 'bearer', expires_in: state.accessTtlSeconds },
  };
}

function igMe(state: OAuthFakeState, req: FakeRequest): FakeReply {
  if (!state.access.has(req.query.access_token ?? ''))
    return graphError(400, 190, 'Invalid OAuth access token.');
  return { status: 200, body: { user_id: state.user.id, username: state.user.handle, id: state.user.id } };
}

function tiktokUser(state: OAuthFakeState, req: FakeRequest): FakeReply {
  if (!state.access.has(bearerOf(req)))
    return {
      status: 401,
      body: {
        data: {},
        error: { code: 'access_token_invalid', message: 'The access token is invalid.', log_id: 'log' },
      },
    };
  const user = { open_id: state.user.id, username: state.user.handle, display_name: 'Mia' };
  return { status: 200, body: { data: { user }, error: { code: 'ok', message: '', log_id: 'log' } } };
}

function mastodonMe(state: OAuthFakeState, req: FakeRequest): FakeReply {
  if (!state.access.has(bearerOf(req)))
    return { status: 401, body: { error: 'The access token is invalid' } };
  return { status: 200, body: { id: state.user.id, username: state.user.handle, acct: state.user.handle } };
}

function registerApp(state: OAuthFakeState, req: FakeRequest): FakeReply {
  const body = (req.body ?? {}) as { client_name?: string; redirect_uris?: string | string[] };
  const uris = ([] as string[]).concat(body.redirect_uris ?? []);
  if (!body.client_name || uris.length === 0)
    return { status: 422, body: { error: 'Validation failed: Redirect URI must be an absolute URI.' } };
  state.appsRegistered++;
  const clientId = token('cid');
  const secret = token('csec');
  state.issued.push(secret);
  state.clients.set(clientId, { secret, redirectUris: uris });
  return {
    status: 200,
    body: {
      id: String(state.appsRegistered),
      name: body.client_name,
      redirect_uris: uris,
      client_id: clientId,
      client_secret: secret,
      client_secret_expires_at: 0,
    },
  };
}

function revoke(state: OAuthFakeState, req: FakeRequest): FakeReply {
  const form = (req.body ?? {}) as Record<string, string>;
  const client = state.clients.get(form[clientParam(state.style)] ?? '');
  if (!client || client.secret !== form.client_secret)
    return oauthError(
      state,
      state.style === 'mastodon' ? 403 : 401,
      'unauthorized_client',
      'You are not authorized to revoke this token',
    );
  state.revoked.push(form.token ?? '');
  state.access.delete(form.token ?? '');
  if (state.style === 'tiktok') state.refresh.clear();
  return { status: 200, body: {} };
}

function oauthError(state: OAuthFakeState, status: number, error: string, description: string): FakeReply {
  return {
    status,
    body: {
      error,
      error_description: description,
      ...(state.style === 'tiktok' ? { log_id: 'log-oauth' } : {}),
    },
  };
}

function graphError(status: number, code: number, message: string): FakeReply {
  return { status, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'trace' } } };
}

function bearerOf(req: FakeRequest): string {
  return /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

function html(status: number, body: string): FakeReply {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    raw: Buffer.from(`<!doctype html><html><head><title>Authorize</title></head><body>${body}</body></html>`),
  };
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
