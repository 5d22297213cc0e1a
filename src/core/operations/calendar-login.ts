import type { Actor } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { WebSession } from '../ports/web-session-store.js';
import type { CoreDeps } from '../use-cases/deps.js';
import type { OperationContext } from './context.js';
import type { Outcome } from './reply.js';

/** A link opens the calendar once, within this long after it was asked for. */
export const LINK_TTL_MS = 10 * 60_000;
/** A calendar session lasts a working day. */
export const SESSION_TTL_MS = 8 * 3_600_000;

/**
 * `/herald calendar`: a one-time link to the web calendar for the person who asked (said only
 * to them), bound to them and their workspace, with the rights they hold now.
 */
export async function calendarLink(
  deps: Pick<CoreDeps, 'sessions' | 'secrets' | 'clock' | 'settings'>,
  ctx: OperationContext,
): Promise<Outcome<{ url: string; expiresAt: Date }>> {
  const token = deps.secrets.token();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await deps.sessions.saveLink({
    hash: deps.secrets.hash(token),
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    roles: ctx.actorRoles ?? [],
    createdAt: now,
    expiresAt,
  });
  const url = `${deps.settings.publicUrl.replace(/\/$/, '')}/calendar/login?token=${token}`;
  return {
    result: { url, expiresAt },
    reply: {
      title: 'Your calendar link (only for you, works once, for 10 minutes)',
      lines: [url],
      public: false,
    },
  };
}

/**
 * Opens a session from a link: unknown, used or expired links are refused and nothing is
 * created. Returns the session's token (for the cookie) and its CSRF token (for the page).
 */
export async function openSession(
  deps: Pick<CoreDeps, 'sessions' | 'secrets' | 'clock' | 'audit' | 'ids'>,
  token: string,
): Promise<{ token: string; session: WebSession }> {
  const now = deps.clock.now();
  const link = await deps.sessions.useLink(deps.secrets.hash(token), now);
  if (!link)
    throw new HeraldError('UNAUTHORIZED', 'This calendar link is unknown or was used already.', {
      hint: 'Ask for a new one with /herald calendar.',
    });
  if (link.expiresAt.getTime() < now.getTime())
    throw new HeraldError('UNAUTHORIZED', 'This calendar link has expired (links last 10 minutes).', {
      hint: 'Ask for a new one with /herald calendar.',
    });
  const sessionToken = deps.secrets.token();
  const session: WebSession = {
    hash: deps.secrets.hash(sessionToken),
    workspaceId: link.workspaceId,
    actor: link.actor,
    roles: link.roles,
    csrf: deps.secrets.token(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  await deps.sessions.saveSession(session);
  await audit(deps, link.workspaceId, link.actor, now);
  return { token: sessionToken, session };
}

/** The live session a cookie names, or null (unknown or over). */
export async function sessionOf(
  deps: Pick<CoreDeps, 'sessions' | 'secrets' | 'clock'>,
  token: string,
): Promise<WebSession | null> {
  const session = await deps.sessions.getSession(deps.secrets.hash(token));
  return session && session.expiresAt.getTime() > deps.clock.now().getTime() ? session : null;
}

async function audit(deps: Pick<CoreDeps, 'audit' | 'ids'>, workspaceId: string, actor: Actor, at: Date) {
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId,
    at,
    actor,
    action: 'session.opened',
    subject: { type: 'workspace', id: workspaceId },
  });
}
