import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../core/domain/types.js';
import { HeraldError } from '../core/errors.js';
import { sessionOf } from '../core/operations/calendar-login.js';
import type { ApiKeyGrant, ApiKeyStore, ApiScope } from '../core/ports/api-key-store.js';
import type { WebSession } from '../core/ports/web-session-store.js';
import type { CoreDeps } from '../core/use-cases/deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    grant: ApiKeyGrant;
    /** Set when a person logged in through a calendar link acts (not an API key). */
    person?: WebSession | undefined;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; `admin` implies every other. */
    scope?: ApiScope;
  }
}

/** The session cookie the calendar's login link sets. */
export const SESSION_COOKIE = 'herald_session';
/** What a logged-in person may do through the API: never the admin routes (accounts, campaigns). */
const PERSON_SCOPES: ApiScope[] = ['read', 'write', 'approve'];

/**
 * Every route of the encapsulated `/v1` scope needs a bearer API key or a calendar session:
 * missing or unknown → 401, missing scope → 403. A session's writes also need its CSRF token
 * (header `x-csrf-token`) and a same-origin request, so a page elsewhere cannot act with the
 * cookie. The grant's workspace scopes every query the route then makes.
 */
export function requireAccess(
  app: FastifyInstance,
  keys: ApiKeyStore,
  deps: Pick<CoreDeps, 'sessions' | 'secrets' | 'clock'>,
): void {
  app.decorateRequest('grant', null as unknown as ApiKeyGrant);
  app.decorateRequest('person', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!presented && cookie) return personOf(request, deps, cookie);
    const grant = presented ? await keys.verify(presented) : null;
    if (!grant) {
      throw new HeraldError(
        'UNAUTHORIZED',
        presented ? 'That API key is not valid.' : 'This endpoint needs an API key.',
        {
          hint: 'Send "Authorization: Bearer hk_…"; create a key with `herald keys create --workspace console --scopes read,write`.',
        },
      );
    }
    allow(request, grant.scopes);
    request.grant = grant;
  });
}

async function personOf(
  request: FastifyRequest,
  deps: Pick<CoreDeps, 'sessions' | 'secrets' | 'clock'>,
  cookie: string,
): Promise<void> {
  const session = await sessionOf(deps, cookie);
  if (!session)
    throw new HeraldError('UNAUTHORIZED', 'Your calendar session has ended.', {
      hint: 'Ask for a new link with /herald calendar.',
    });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    if (request.headers['x-csrf-token'] !== session.csrf)
      throw new HeraldError('FORBIDDEN', 'This request lacks the page’s CSRF token.', {
        hint: 'Act from the calendar page itself; reload it if it has been open for hours.',
      });
    const origin = request.headers.origin;
    if (origin && new URL(origin).host !== request.headers.host)
      throw new HeraldError('FORBIDDEN', 'This request comes from another site.');
  }
  allow(request, PERSON_SCOPES);
  request.grant = { keyId: 'session', workspaceId: session.workspaceId, scopes: PERSON_SCOPES };
  request.person = session;
}

function allow(request: FastifyRequest, scopes: ApiScope[]): void {
  const needed = request.routeOptions.config.scope ?? 'read';
  if (!scopes.includes(needed) && !scopes.includes('admin')) {
    throw new HeraldError(
      'FORBIDDEN',
      `This ${scopes === PERSON_SCOPES ? 'session' : 'key'} lacks the "${needed}" scope.`,
      {
        details: { needed, scopes },
      },
    );
  }
}

/** Who acts: the logged-in person, or the API key (its id, never the secret). */
export function actorOf(request: FastifyRequest): Actor {
  return request.person?.actor ?? { kind: 'api_key', id: request.grant.keyId };
}
