import type { Media } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { interpret } from '../language/index.js';
import type { Draft } from '../ports/draft-store.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { discardDraft } from '../use-cases/drafts.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { coverText } from './cover.js';
import { readTime } from './read-time.js';
import type { Outcome } from './reply.js';
import { draftSchedule } from './schedule.js';

/** The compose form's fields, as every surface's form (Slack, Discord, web) submits them. */
export interface ComposeForm {
  caption: string;
  /** Own captions, one per line: `@zoe: Zoe's words` (`for @zoe: …` also reads). */
  captions?: string | undefined;
  /** Account ids as picked, or accounts as typed (`@demo`, `instagram:@mia, tiktok:@mia`). */
  accounts: string | readonly string[];
  when: string;
  /** The repeat rule, when the form has its own field for it. */
  repeat?: string | undefined;
  /** Media URLs, one per line (or separated by spaces or commas). */
  media?: string | undefined;
  /** What the video opens on: a moment (`3s`), a picture's URL, or one of the media URLs. */
  cover?: string | undefined;
  campaignId?: string | undefined;
  /** A campaign as typed (its name or id), on forms that cannot offer a list to pick from. */
  campaign?: string | undefined;
  /** The draft this form edits: it is used up, so its Confirm cannot add a second post. */
  draftId?: string | undefined;
  /** Also keep the media in the influencer's library. */
  saveToLibrary?: boolean | undefined;
}

export type ComposeField = 'caption' | 'media' | 'cover' | 'accounts' | 'when' | 'campaign';

/**
 * One compose flow for every surface: the form becomes a draft read back to its author, who
 * confirms it (Confirm / Edit / Cancel) exactly as after typing `schedule`. Editing a draft
 * replaces it.
 */
export async function composeDraft(
  deps: CoreDeps,
  ctx: OperationContext,
  form: ComposeForm,
): Promise<Outcome<{ draft: Draft }>> {
  const accounts = typeof form.accounts === 'string' ? [form.accounts] : form.accounts;
  const out = await draftSchedule(deps, ctx, {
    accounts,
    caption: form.caption.trim(),
    captions: captionsFromText(form.captions ?? ''),
    media: mediaFromText(form.media ?? ''),
    cover: form.cover,
    when: `${form.when} ${form.repeat ?? ''}`.replace(/\s+/g, ' ').trim(),
    campaignId: form.campaignId || (await campaignNamed(deps, ctx, form.campaign)),
    ...(form.saveToLibrary ? { saveToLibrary: true } : {}),
  });
  if (form.draftId)
    await discardDraft(deps, {
      workspaceId: ctx.workspace.id,
      draftId: form.draftId,
      actor: ctx.actor,
    }).catch(() => undefined);
  return out;
}

/** A draft's values for the Edit form (accounts as `platform:@handle`, so none is ambiguous). */
export async function draftFormValues(
  deps: Pick<CoreDeps, 'accounts' | 'campaigns'>,
  draft: Draft,
): Promise<ComposeForm & { draftId: string; accountIds: string[] }> {
  const d = draft.input;
  const accounts = await deps.accounts.getMany(draft.workspaceId, d.accountIds);
  const rec = d.recurrence;
  const own = Object.entries(d.captions ?? {}).map(([id, text]) => {
    const a = accounts.find((x) => x.id === id);
    return `for ${a ? `${a.platform}:@${a.handle}` : id}: ${text}`;
  });
  return {
    draftId: draft.id,
    caption: d.caption,
    captions: own.join('\n'),
    accounts: accounts.map((a) => `${a.platform}:@${a.handle}`).join(', '),
    accountIds: d.accountIds,
    when: `${d.localTime.replace('T', ' ')} tz:${d.timezone}`,
    repeat: rec ? `RRULE:${rec.rrule}${rec.exdates.length ? ` except ${rec.exdates.join(',')}` : ''}` : '',
    media: (d.media ?? []).map((m) => m.url).join('\n'),
    cover: coverText(d.cover),
    campaignId: d.campaignId,
    campaign: d.campaignId ? (await deps.campaigns.get(draft.workspaceId, d.campaignId))?.name : undefined,
  };
}

/** The campaign a typed name (or id) means; empty means the workspace's default (undefined). */
async function campaignNamed(
  deps: Pick<CoreDeps, 'campaigns'>,
  ctx: OperationContext,
  ref: string | undefined,
): Promise<string | undefined> {
  const typed = (ref ?? '').trim();
  if (!typed) return undefined;
  const all = await deps.campaigns.list(ctx.workspace.id);
  const found = all.find((c) => c.id === typed || c.name.toLowerCase() === typed.toLowerCase());
  if (found) return found.id;
  throw new HeraldError('NOT_FOUND', `No campaign "${typed.slice(0, 60)}" in this workspace.`, {
    hint: all.length
      ? `One of: ${all.map((c) => c.name).join(', ')} — or leave it empty for the default.`
      : 'Leave it empty: posts join the workspace default.',
    details: { field: 'campaign' },
  });
}

/**
 * A caption field that also carries own captions (forms with no room for a field of their own):
 * trailing lines `for @zoe: …` are the own captions, the rest is the caption.
 */
export function splitOwnCaptions(text: string): { caption: string; captions: string } {
  const lines = text.split('\n');
  let cut = lines.length;
  while (cut > 0 && /^\s*for\s+\S+\s*:/i.test(lines[cut - 1] ?? '')) cut -= 1;
  return { caption: lines.slice(0, cut).join('\n').trim(), captions: lines.slice(cut).join('\n') };
}

/** Own captions from lines `@zoe: words` (or `for instagram:@mia: words`); other lines are refused. */
export function captionsFromText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^(?:for\s+)?((?:[a-z]+:)?@?[A-Za-z0-9_.-]+)\s*:\s*(.+)$/i.exec(line);
    if (!match)
      throw new HeraldError('VALIDATION_FAILED', `"${line.slice(0, 60)}" is not "@account: caption".`, {
        hint: 'One per line, e.g. @zoe: Zoe’s own words #tag',
        details: { field: 'caption' },
      });
    out[match[1] as string] = match[2] as string;
  }
  return out;
}

/** Media URLs from free text; anything that is not an http(s) URL is refused on the media field. */
export function mediaFromText(text: string): Media[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((url) => mediaOf(url));
}

/** One media URL, its kind read from the file extension. */
export function mediaOf(url: string): Media {
  if (!/^https?:\/\/\S+$/.test(url) || url.length > 2048)
    throw new HeraldError('VALIDATION_FAILED', `"${url.slice(0, 80)}" is not an http(s) URL.`, {
      hint: 'Put one https:// URL per line, e.g. https://example.com/photo.jpg.',
      details: { field: 'media' },
    });
  return { url, kind: /\.(mp4|mov|webm|m4v)(\?|$)/i.test(url) ? 'video' : 'image' };
}

/** The form field an error is about, so a form can show it there. */
export function composeFieldOf(error: HeraldError): ComposeField {
  const field = error.details?.field;
  if (
    field === 'media' ||
    field === 'cover' ||
    field === 'caption' ||
    field === 'accounts' ||
    field === 'campaign'
  )
    return field;
  if (error.code === 'NOT_FOUND') return /campaign/i.test(error.message) ? 'campaign' : 'accounts';
  if (error.code === 'VALIDATION_FAILED' && /caption/i.test(error.message)) return 'caption';
  if (error.code === 'VALIDATION_FAILED' && /account|platform/i.test(error.message)) return 'accounts';
  return 'when';
}

/** How the form's time reads (its echo's first line), or the refusal that says what is wrong with it. */
export async function previewTime(
  deps: CoreDeps,
  ctx: OperationContext,
  form: Pick<ComposeForm, 'accounts' | 'when' | 'repeat'>,
): Promise<string> {
  const refs = typeof form.accounts === 'string' ? [form.accounts] : form.accounts;
  const accounts = refs.length > 0 ? await resolveAccounts(deps, ctx.workspace.id, refs).catch(() => []) : [];
  const zone = accounts[0]?.timezone ?? ctx.workspace.timezone;
  const phrase = `${form.when} ${form.repeat ?? ''}`.trim();
  const when = await readTime(deps, ctx.workspace.id, { phrase, zone, accounts });
  return interpret(when, deps.clock.now()).lines[0] ?? '';
}

/** How the form's time reads, for a live preview beside a field error; null when it does not read. */
export async function composePreview(
  deps: CoreDeps,
  ctx: OperationContext,
  form: ComposeForm,
): Promise<string | null> {
  return previewTime(deps, ctx, form).catch(() => null);
}
