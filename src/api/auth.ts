import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../core/domain/types.js';
import { HeraldError } from '../core/errors.js';
import type { ApiKeyGrant, ApiKeyStore, ApiScope } from '../core/ports/api-key-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    grant: ApiKeyGrant;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; `admin` implies every other. */
    scope?: ApiScope;
  }
}

/**
 * Bearer API keys on every route of the encapsulated `/v1` scope: missing or unknown key → 401,
 * missing scope → 403. The grant's workspace scopes every query the route then makes.
 */
export function requireApiKey(app: FastifyInstance, keys: ApiKeyStore): void {
  app.decorateRequest('grant', null as unknown as ApiKeyGrant);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
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
    const needed = request.routeOptions.config.scope ?? 'read';
    if (!grant.scopes.includes(needed) && !grant.scopes.includes('admin')) {
      throw new HeraldError('FORBIDDEN', `This key lacks the "${needed}" scope.`, {
        details: { needed, scopes: grant.scopes },
      });
    }
    request.grant = grant;
  });
}

/** Who acts when a request comes with an API key (the key id, never the secret). */
export function actorOf(request: FastifyRequest): Actor {
  return { kind: 'api_key', id: request.grant.keyId };
}
