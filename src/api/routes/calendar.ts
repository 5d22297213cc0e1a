import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { FeedCache } from '../feed-cache.js';
import type { ContextOf } from '../request-context.js';
import { text, when } from './shared.js';

const window = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    account: text(64).optional(),
  })
  .strict();
const accountsOf = (list: string | undefined) => (list ?? '').split(',').filter(Boolean);

/**
 * What the web calendar reads: its feed (tiles and free slots, with an ETag so a page polling
 * every second or two costs a 304 while nothing changed), and the compose form's live reading of
 * a time and honest prefill. Writes go through the ordinary `/v1/posts` routes.
 */
export function calendarRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  const cache = new FeedCache(deps.changes);
  return async (app) => {
    // The days around today (the week a page opens on, and the next), read once the API listens,
    // a day at a time: the first page opened gets a kept answer instead of a cold read.
    app.addHook('onReady', async () => {
      const today = Math.floor(deps.clock.now().getTime() / 86_400_000) * 86_400_000;
      void deps.calendar
        .warm(new Date(today - 7 * 86_400_000), new Date(today + 15 * 86_400_000))
        .catch(() => undefined);
    });
    app.get('/calendar', { schema: { querystring: window, tags: ['calendar'] } }, async (request, reply) => {
      const ctx = await contextOf(request);
      const q = request.query;
      // What a tile offers depends on who looks: the viewer is part of the answer's key.
      const viewer = `${ctx.actor.kind}:${ctx.actor.id}:${(ctx.actorRoles ?? []).join(',')}`;
      const { body, etag } = await cache.get(
        ctx.workspace.id,
        `${q.from}|${q.to}|${q.account ?? ''}|${viewer}`,
        async () => {
          const feed = await ops.calendarFeed(deps, ctx, {
            from: new Date(q.from),
            to: new Date(q.to),
            accountId: q.account,
          });
          const json = JSON.stringify({ ...feed, zone: ctx.workspace.timezone });
          return {
            body: json,
            etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`,
          };
        },
      );
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/json').send(body);
    });

    const preview = z
      .object({ when, accounts: text(2000).optional(), timezone: text(64).optional() })
      .strict();
    app.get('/compose/preview', { schema: { querystring: preview, tags: ['calendar'] } }, async (request) => {
      const q = request.query;
      const reads = await ops.previewTime(deps, await contextOf(request), {
        accounts: accountsOf(q.accounts),
        when: q.timezone ? `${q.when} tz:${q.timezone}` : q.when,
      });
      return { reads };
    });

    const prefill = z.object({ accounts: text(2000).optional() }).strict();
    app.get('/compose/prefill', { schema: { querystring: prefill, tags: ['calendar'] } }, async (request) =>
      ops.composePrefill(deps, await contextOf(request), { accounts: accountsOf(request.query.accounts) }),
    );
  };
}
