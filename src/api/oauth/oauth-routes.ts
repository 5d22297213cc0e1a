import type {} from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError } from '../../core/errors.js';
import { beginConnect, CONNECT_TTL_MS } from '../../core/use-cases/begin-connect.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { finishOAuth, finishSession } from '../../core/use-cases/finish-connect.js';
import { connectedText } from '../../core/use-cases/store-connection.js';
import { PAGE_SECURITY_HEADERS } from '../calendar/page.js';
import { blueskyForm, connectedPage, refusedPage } from './connect-pages.js';

/** Binds an authorization to the browser that started it (RFC 6749 §10.12). */
export const CONNECT_COOKIE = 'herald_connect';

/**
 * Connecting an account, outside `/v1` (the browser arrives from chat or the platform, not with
 * an API key): `/oauth/<platform>/start?link=…` opens a connect link and sends the browser to the
 * platform, `/oauth/<platform>/callback` finishes it, `/oauth/bluesky/session` takes Bluesky's
 * form. Query strings carry one-time secrets (link, code, state), so these routes log paths only.
 */
export function oauthRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const quiet = { schema: { hide: true }, logSerializers: { req: pathOnly } };

    app.get('/oauth/:platform/start', quiet, async (request, reply) => {
      const link = String((request.query as { link?: string }).link ?? '');
      return page(reply, async () => {
        const start = await beginConnect(deps, {
          linkToken: link,
          browserNonce: browserNonce(deps, request, reply),
        });
        if (start.kind === 'redirect') return reply.redirect(start.url, 302);
        return reply.send(blueskyForm(start.state));
      });
    });

    app.get('/oauth/:platform/callback', quiet, async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      const { platform } = request.params as { platform: string };
      return page(reply, async () => {
        const done = await finishOAuth(deps, {
          platform,
          state: q.state,
          code: q.code,
          error: q.error,
          browserNonce: request.cookies[CONNECT_COOKIE],
        });
        return reply.send(connectedPage(connectedText(done.account, done.reconnected)));
      });
    });

    app.post('/oauth/bluesky/session', quiet, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      return page(reply, async () => {
        const outcome = await finishSession(deps, {
          state: form.state,
          browserNonce: request.cookies[CONNECT_COOKIE],
          handle: String(form.handle ?? '').slice(0, 253),
          password: String(form.password ?? ''),
        });
        if (outcome.kind === 'again')
          return reply.code(400).send(
            blueskyForm(outcome.start.state, {
              handle: form.handle,
              error: `Bluesky refused: ${outcome.message}`,
            }),
          );
        const { account, reconnected } = outcome.connected;
        return reply.send(connectedPage(connectedText(account, reconnected)));
      });
    });
  };
}

/** Runs a page's work; a HeraldError becomes a page that says what went wrong and how to go on. */
async function page(reply: FastifyReply, run: () => Promise<FastifyReply>): Promise<FastifyReply> {
  reply.headers(PAGE_SECURITY_HEADERS).type('text/html');
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof HeraldError)) throw error;
    return reply.code(error.status).send(refusedPage(error.message, error.hint));
  }
}

/**
 * The browser's binding nonce: the one its cookie holds, or a new one. SameSite=Lax, because
 * the platform sends the browser back with a top-level GET from its own site.
 */
function browserNonce(deps: CoreDeps, request: FastifyRequest, reply: FastifyReply): string {
  const nonce = request.cookies[CONNECT_COOKIE] || deps.secrets.token();
  reply.setCookie(CONNECT_COOKIE, nonce, {
    path: '/oauth',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: CONNECT_TTL_MS / 1000,
  });
  return nonce;
}

/** What the request log shows of these routes: no query string, which holds one-time secrets. */
function pathOnly(req: FastifyRequest) {
  return { method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip };
}
