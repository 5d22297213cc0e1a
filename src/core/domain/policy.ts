import type { Actor, Campaign, Post } from './types.js';

type ApprovalVerdict = { ok: true } | { ok: false; reason: 'not_an_approver' | 'own_post'; message: string };

/**
 * Who may approve or reject a post (docs/product.md#approval): a campaign approver — listed by
 * user id, or by a group/role the surface says the actor holds right now — and, with four-eyes on, never the
 * post's author. Roles are re-read on every click by the surface, so a removed role stops working at once.
 */
export function checkApprover(
  campaign: Campaign | null,
  post: Post,
  actor: Actor,
  actorRoles: readonly string[] = [],
): ApprovalVerdict {
  const approvers = campaign?.approvers ?? [];
  const listed = approvers.includes(actor.id) || actorRoles.some((role) => approvers.includes(role));
  if (!listed) {
    return {
      ok: false,
      reason: 'not_an_approver',
      message:
        approvers.length === 0
          ? `Campaign "${campaign?.name ?? 'default'}" has no approvers; an admin must add some first.`
          : `Only approvers of campaign "${campaign?.name}" can decide on this post.`,
    };
  }
  if (campaign?.fourEyes && post.createdBy.kind === actor.kind && post.createdBy.id === actor.id) {
    return {
      ok: false,
      reason: 'own_post',
      message: 'Four-eyes is on for this campaign: someone else must approve your post.',
    };
  }
  return { ok: true };
}
