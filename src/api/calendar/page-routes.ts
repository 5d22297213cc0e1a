import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { HeraldError } from '../../core/errors.js';
import { openSession, sessionOf } from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { SESSION_COOKIE } from '../auth.js';
import { calendarPage, enteringPage, loginPage, PAGE_SECURITY_HEADERS } from './page.js';

const require = createRequire(import.meta.url);
/** A file of an installed package that its `exports` do not list (the browser builds). */
const packageFile = (name: string, file: string) =>
  join(dirname(require.resolve(`${name}/package.json`)), file);
const SESSION_SECONDS = 8 * 3600;

/** The page's scripts and styles: FullCalendar and Luxon from their MIT packages, and our own two files. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'luxon.js': { path: packageFile('luxon', 'build/global/luxon.min.js'), type: 'text/javascript' },
  'fullcalendar.js': { path: packageFile('fullcalendar', 'index.global.min.js'), type: 'text/javascript' },
  'fullcalendar-luxon.js': {
    path: packageFile('@fullcalendar/luxon3', 'index.global.min.js'),
    type: 'text/javascript',
  },
  'app.js': { path: new URL('./static/app.js', import.meta.url).pathname, type: 'text/javascript' },
  'app.css': { path: new URL('./static/app.css', import.meta.url).pathname, type: 'text/css' },
};

/**
 * The web calendar's pages, outside `/v1`: the one-time login link (it sets an HttpOnly,
 * SameSite=Strict session cookie, Secure over HTTPS), the page itself, and its assets.
 */
export function calendarPages(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => routes(app, deps);
}

function routes(app: Parameters<FastifyPluginAsync>[0], deps: CoreDeps): void {
  const files = new Map(
    Object.entries(ASSETS).map(([name, a]) => [name, { ...a, body: readFileSync(a.path) }]),
  );
  app.get('/calendar/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const file = files.get((request.params as { name: string }).name);
    if (!file) return reply.code(404).type('text/plain').send('not found');
    return reply.type(file.type).header('cache-control', 'public, max-age=300').send(file.body);
  });

  app.get('/calendar/login', { schema: { hide: true } }, async (request, reply) => {
    reply.headers(PAGE_SECURITY_HEADERS).type('text/html');
    const token = String((request.query as { token?: string }).token ?? '');
    try {
      const opened = await openSession(deps, token);
      reply.setCookie(SESSION_COOKIE, opened.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_SECONDS,
      });
      return reply.send(enteringPage());
    } catch (error) {
      if (!(error instanceof HeraldError)) throw error;
      return reply.code(401).send(loginPage(`${error.message} ${error.hint ?? ''}`));
    }
  });

  app.get('/calendar', { schema: { hide: true } }, async (request, reply) => {
    reply.headers(PAGE_SECURITY_HEADERS).type('text/html');
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await sessionOf(deps, cookie) : null;
    const workspace = session ? await deps.workspaces.get(session.workspaceId) : null;
    if (!session || !workspace)
      return reply.code(401).send(loginPage('You are not logged in, or your session has ended.'));
    return reply.send(calendarPage(session, workspace));
  });
}
