import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runCommand } from '../../core/commands/router.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { commandLatency } from '../../infra/metrics.js';
import { actorOf } from '../auth.js';
import type { ContextOf } from '../request-context.js';

const commandBody = z
  .object({
    text: z.string().min(1).max(20_000),
    /** The chat user the command runs as (for approvals and audit); defaults to the key. */
    user: z.string().min(1).max(100).optional(),
  })
  .strict();

/** Audit, and `/v1/commands`: a chat command as text, answered as the chat would. */
export function workspaceRoutes(deps: CoreDeps, contextOf: ContextOf): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          querystring: z
            .object({
              subjectId: z.string().max(64).optional(),
              actorId: z.string().max(100).optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            })
            .strict(),
          tags: ['audit'],
        },
      },
      async (request) => ({
        items: await deps.audit.list({ workspaceId: request.grant.workspaceId, ...request.query }),
      }),
    );

    app.post(
      '/commands',
      { schema: { body: commandBody, tags: ['commands'] }, config: { scope: 'write' } },
      async (request) => {
        const ctx = await contextOf(
          request,
          request.body.user
            ? { kind: 'api_key' as const, id: request.body.user, name: `via key ${request.grant.keyId}` }
            : actorOf(request),
        );
        const stop = commandLatency.startTimer({
          surface: 'api',
          command: request.body.text.trim().split(/\s+/)[0]?.slice(0, 20).toLowerCase() ?? '',
        });
        try {
          return await runCommand(deps, ctx, request.body.text);
        } finally {
          stop();
        }
      },
    );
  };
}
