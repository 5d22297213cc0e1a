import type { Account, Actor, PublishJob } from '../domain/types.js';
import type { Reply } from '../operations/reply.js';
import type { PostView } from '../use-cases/list-posts.js';
import type { Card, CardAction } from './card.js';
import { readinessBadges } from './readiness.js';

/** Why a post card is being shown: each purpose has its own buttons. */
type PostCardPurpose =
  | { kind: 'approval' }
  | { kind: 'approval_expiring' }
  | { kind: 'suggestion' }
  /** About one job: its buttons act on that job only (one occurrence, one account). */
  | { kind: 'alert'; status: 'needs_attention' | 'failed'; reason: string; jobId: string }
  | { kind: 'status' };

/** A command's reply as a card; a schedule draft gets Confirm / Edit / Cancel. */
export function replyCard(reply: Reply): Card {
  const actions: CardAction[] = reply.draftId
    ? [
        { id: 'confirm', label: 'Confirm', style: 'primary', target: reply.draftId },
        { id: 'edit', label: 'Edit', target: reply.draftId },
        { id: 'discard', label: 'Cancel', style: 'danger', target: reply.draftId },
      ]
    : [];
  return { title: reply.title, lines: reply.lines, fields: [], badges: [], actions, tone: 'info' };
}

/** A post with its readiness badges and the buttons its purpose calls for. */
export function postCard(view: PostView, purpose: PostCardPurpose, now: Date): Card {
  const { post } = view;
  const base: Card = {
    title: titleOf(view, purpose),
    lines: [quote(post.caption), ...(purpose.kind === 'alert' ? [`Reason: ${purpose.reason}`] : [])],
    fields: [
      { label: 'When', value: whenText(view) },
      { label: 'Accounts', value: view.accounts.map(accountText).join(', ') || '—' },
      { label: 'Post', value: post.id },
      { label: 'By', value: actorText(post.createdBy) },
    ],
    badges: readinessBadges(view, now),
    actions:
      purpose.kind === 'suggestion' && post.assetId
        ? pickActions(post.id)
        : actionsFor(purpose, purpose.kind === 'alert' ? purpose.jobId : post.id),
    tone: purpose.kind === 'alert' ? 'danger' : purpose.kind === 'approval_expiring' ? 'warning' : 'info',
  };
  if (post.media.length > 0)
    base.fields.push({ label: 'Media', value: post.media.map((m) => m.url).join('\n') });
  return base;
}

/** A token about to expire: nothing to press, someone must reconnect the account. */
export function tokenCard(account: Account, expiresAt: Date): Card {
  return {
    title: `Token of @${account.handle} (${account.platform}) expires ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    lines: ['Reconnect the account before then, or its posts will stop with "token expired".'],
    fields: [{ label: 'Account', value: account.id }],
    badges: [{ kind: 'token_expiring', text: 'token expiring' }],
    actions: [],
    tone: 'warning',
  };
}

/** The same card after a decision: buttons gone, who decided and when in their place. */
export function decidedCard(card: Card, verb: string, actor: Actor, at: Date, note?: string): Card {
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    ...card,
    actions: [],
    footer: `${verb} by ${actorText(actor)} at ${when}${note ? ` — ${note}` : ''}`,
    tone: verb === 'Rejected' || verb === 'Cancelled' ? 'warning' : 'success',
  };
}

/** A mention both Slack and Discord render (`<@id>`), or a plain name elsewhere. */
function actorText(actor: Actor): string {
  if (actor.kind === 'slack' || actor.kind === 'discord') return `<@${actor.id}>`;
  return actor.name ?? `${actor.kind}:${actor.id}`;
}

function titleOf(view: PostView, purpose: PostCardPurpose): string {
  const who = view.accounts.map((a) => `@${a.handle}`).join(', ');
  switch (purpose.kind) {
    case 'approval':
      return `Approval needed: post for ${who}`;
    case 'approval_expiring':
      return `Approval about to expire: post for ${who} is due soon`;
    case 'suggestion':
      return `Suggested post for ${who}`;
    case 'alert':
      return purpose.status === 'failed'
        ? `Publish failed: post for ${who}`
        : `Needs attention: post for ${who}`;
    case 'status':
      return `Post ${view.post.id} for ${who}`;
  }
}

/** A suggestion the autopilot picked from the library: publish it, or swap in the next best asset. */
function pickActions(target: string): CardAction[] {
  return [
    { id: 'accept_pick', label: 'Publish', style: 'primary', target },
    { id: 'pick_next', label: 'Skip (next best)', target },
    { id: 'pick_never', label: 'Not this one', style: 'danger', target },
  ];
}

function actionsFor(purpose: PostCardPurpose, target: string): CardAction[] {
  switch (purpose.kind) {
    case 'approval':
    case 'approval_expiring':
      return [
        { id: 'approve', label: 'Approve', style: 'primary', target },
        { id: 'reject', label: 'Reject', style: 'danger', target },
        { id: 'edit_time', label: 'Edit time', target },
      ];
    case 'suggestion':
      return [
        { id: 'publish_now', label: 'Publish now', style: 'primary', target },
        { id: 'edit_time', label: 'Edit time', target },
        { id: 'cancel', label: 'Dismiss', style: 'danger', target },
      ];
    case 'alert':
      return [
        { id: 'retry', label: 'Retry', style: 'primary', target },
        { id: 'reschedule', label: 'Reschedule', target },
        { id: 'cancel', label: 'Cancel', style: 'danger', target },
      ];
    case 'status':
      return [];
  }
}

function whenText(view: PostView): string {
  const { post } = view;
  const utc = `${post.scheduledAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const repeat = post.recurrence ? `, repeats ${post.recurrence.rrule}` : '';
  return `${post.localTime.replace('T', ' ')} ${post.timezone} (${utc})${repeat}`;
}

function accountText(account: Account): string {
  return `@${account.handle} (${account.platform})`;
}

function quote(caption: string): string {
  return caption.length > 500 ? `“${caption.slice(0, 499)}…”` : `“${caption}”`;
}

/** The jobs a notification is about, for cards that show a single occurrence. */
export function onlyJob(view: PostView, job: PublishJob): PostView {
  return { ...view, jobs: view.jobs.filter((j) => j.id === job.id) };
}

/** The jobs of the notification's occurrence (every account it goes to), for approval cards of a series. */
export function sameOccurrence(view: PostView, job: PublishJob): PostView {
  return { ...view, jobs: view.jobs.filter((j) => j.occurrenceAt.getTime() === job.occurrenceAt.getTime()) };
}
