import type { Actor, Workspace } from '../domain/types.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';

/** Who runs an operation, in which tenant: resolved by the surface before it calls one. */
export interface OperationContext {
  workspace: Workspace;
  actor: Actor;
  /** Groups/roles the surface says the actor holds right now (Slack user groups, Discord roles). */
  actorRoles?: string[];
  /**
   * Chat surfaces read a schedule back before storing it: the operation keeps a draft and the
   * reply offers Confirm / Edit / Cancel. The console and the REST API schedule at once.
   */
  confirmSchedules?: boolean;
  /** The chat channel the command was typed in, when there is one (what follows up is said there). */
  channel?: string | undefined;
  /** The card a press or form came from; its surface replaces it with the outcome itself. */
  card?: CardMessageRef | undefined;
}
