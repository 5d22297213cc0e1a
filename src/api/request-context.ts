import type { FastifyRequest } from 'fastify';
import type { Workspace } from '../core/domain/types.js';
import { notFound } from '../core/errors.js';
import type { OperationContext } from '../core/operations/context.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { actorOf } from './auth.js';

/** How long a workspace read for a request is reused: its settings change rarely and apply within this. */
const WORKSPACE_CACHE_MS = 5000;

/**
 * The operation context of an API request: the key's workspace, and who acts (the key, or the
 * chat user a `/v1/commands` call names). Workspaces are remembered for a few seconds, so a
 * stream of requests does not pay a database round trip each to learn their zone.
 */
export function requestContexts(deps: Pick<CoreDeps, 'workspaces' | 'clock'>) {
  const cache = new Map<string, { workspace: Workspace; until: number }>();
  const workspaceOf = async (id: string): Promise<Workspace> => {
    const now = deps.clock.now().getTime();
    const hit = cache.get(id);
    if (hit && hit.until > now) return hit.workspace;
    const workspace = await deps.workspaces.get(id);
    if (!workspace) throw notFound('workspace', id);
    if (cache.size > 1000) cache.clear();
    cache.set(id, { workspace, until: now + WORKSPACE_CACHE_MS });
    return workspace;
  };
  return async (request: FastifyRequest, actor = actorOf(request)): Promise<OperationContext> => ({
    workspace: await workspaceOf(request.grant.workspaceId),
    actor,
    ...(request.person ? { actorRoles: request.person.roles } : {}),
  });
}

export type ContextOf = ReturnType<typeof requestContexts>;
