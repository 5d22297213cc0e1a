import type { Actor, Workspace } from '../domain/types.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';
import type { CoreDeps } from '../use-cases/deps.js';
import type { Reply } from './reply.js';
import type { Word } from './tokenize.js';

/** Who runs a command, in which tenant: resolved by the surface before the router is called. */
export interface CommandContext {
  workspace: Workspace;
  actor: Actor;
  /** Groups/roles the surface says the actor holds right now (Slack user groups, Discord roles). */
  actorRoles?: string[];
  /**
   * Chat surfaces read a schedule back before storing it: the command keeps a draft and the
   * reply offers Confirm / Edit / Cancel. The console and the REST API schedule at once.
   */
  confirmSchedules?: boolean;
  /** The card a press or form came from; its surface replaces it with the outcome itself. */
  card?: CardMessageRef | undefined;
}

export type CommandHandler = (deps: CoreDeps, ctx: CommandContext, args: Word[]) => Promise<Reply>;

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  example: string;
  run: CommandHandler;
}
