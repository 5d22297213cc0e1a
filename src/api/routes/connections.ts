import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as ops from '../../core/operations/index.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { ContextOf } from '../request-context.js';
import { idParams, text } from './shared.js';

const connectBody = z
  .object({
    platform: text(20).optional(),
    /** Mastodon: the server (mastodon.social or https://mastodon.social). */
    instance: text(200).optional(),
    /** Reconnect this account (id or @handle) instead of adding one. */
    account: text(100).optional(),
  })
  .strict();

/**
 * Connecting accounts through the API: a connect link for the caller (the calendar's Connect
 * and Reconnect buttons, scripts), and disconnecting one. The same operations the chat runs.
 */
export function connectionRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/connections',
      { schema: { tags: ['accounts'], body: connectBody }, config: { scope: 'write' } },
      async (request, reply) => {
        const { result, reply: said } = await ops.connectLink(deps, await contextOf(request), request.body);
        return reply.code(201).send({ ...result, title: said.title });
      },
    );
    app.delete(
      '/accounts/:id/connection',
      { schema: { tags: ['accounts'], params: idParams }, config: { scope: 'admin' } },
      async (request) => {
        const { result, reply } = await ops.disconnect(deps, await contextOf(request), {
          account: request.params.id,
        });
        const { account } = result;
        return {
          account: { id: account.id, handle: account.handle, platform: account.platform, connected: false },
          revocation: result.revocation,
          held: result.held,
          title: reply.title,
          lines: reply.lines,
        };
      },
    );
  };
}
