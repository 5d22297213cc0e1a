import type { Asset, AssetState, Autopilot } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Curator's choice: the assets a pick may take, best first — highest score, ties to the one
 * added first, then by id so every worker sees the same order. An asset never posted (or
 * re-queued by a person) may go; one already posted only when the campaign recycles evergreen
 * content, `afterDays` after it last went, and at most `maxTimes` times again. Reserved, failed
 * and retired assets never go on their own.
 */
export function rankCandidates(
  assets: readonly Asset[],
  now: Date,
  evergreen?: Autopilot['evergreen'],
): Asset[] {
  return assets.filter((a) => mayGo(a, now, evergreen)).sort(byChoice);
}

export function mayGo(asset: Asset, now: Date, evergreen?: Autopilot['evergreen']): boolean {
  if (asset.state === 'ready') return true;
  if (asset.state !== 'posted' || !evergreen) return false;
  if (asset.timesPosted > evergreen.maxTimes) return false;
  const last = asset.postedAt?.getTime() ?? 0;
  return now.getTime() - last >= evergreen.afterDays * DAY_MS;
}

export function byChoice(a: Asset, b: Asset): number {
  return b.score - a.score || a.addedAt.getTime() - b.addedAt.getTime() || a.id.localeCompare(b.id);
}

/** The caption a pick is posted with: the asset's caption, then its hashtags. */
export function pickCaption(asset: Pick<Asset, 'caption' | 'hashtags'>): string {
  const tags = asset.hashtags.map((t) => `#${t}`).join(' ');
  return [asset.caption.trim(), tags].filter(Boolean).join('\n\n');
}

/** Where an asset goes back to when its pick is given up (a skip, a cancel, a rejection). */
export function releasedState(asset: Pick<Asset, 'pick' | 'timesPosted'>): AssetState {
  const from = asset.pick?.from;
  if (from === 'ready' || from === 'posted') return from;
  return asset.timesPosted > 0 ? 'posted' : 'ready';
}

/** What a person or a file gives for one asset, before it is checked. */
export interface AssetFields {
  url?: string | undefined;
  type?: string | undefined;
  caption?: string | undefined;
  hashtags?: string | readonly string[] | undefined;
  tags?: string | readonly string[] | undefined;
  score?: string | number | undefined;
  width?: string | number | undefined;
  height?: string | number | undefined;
  duration?: string | number | undefined;
  added_at?: string | undefined;
  posted_at?: string | undefined;
  times_posted?: string | number | undefined;
}

/** An asset's fields once checked. */
export interface CheckedAsset {
  url: string;
  kind: 'image' | 'video';
  caption: string;
  hashtags: string[];
  tags: string[];
  score: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  addedAt?: Date;
  postedAt?: Date;
  timesPosted: number;
}

export const MAX_ASSET_CAPTION = 2200;
const VIDEO_EXT = /\.(mp4|mov|m4v|webm)(\?|#|$)/i;

/**
 * Checks one asset as given (a chat line, an API body or an import row): the reason is what a
 * person must fix, in words.
 */
export function checkAsset(
  fields: AssetFields,
): { ok: true; value: CheckedAsset } | { ok: false; reason: string } {
  const url = (fields.url ?? '').trim();
  if (!url) return { ok: false, reason: 'url is empty: give the media URL (https://…)' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `url "${url.slice(0, 80)}" is not a URL: give https://…` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return { ok: false, reason: `url must start with https:// (got ${parsed.protocol})` };
  if (parsed.username || parsed.password)
    return { ok: false, reason: 'url must not carry a user name or password' };
  if (url.length > 2048) return { ok: false, reason: 'url is longer than 2,048 characters' };
  const type = (fields.type ?? '').trim().toLowerCase();
  if (type && type !== 'image' && type !== 'video')
    return { ok: false, reason: `type "${type}" is neither image nor video` };
  const kind: 'image' | 'video' = type
    ? (type as 'image' | 'video')
    : VIDEO_EXT.test(url)
      ? 'video'
      : 'image';
  const score = numberOf(fields.score ?? 50);
  if (score === null || score < 0 || score > 100)
    return { ok: false, reason: `score "${fields.score}" is not a number from 0 to 100` };
  const caption = (fields.caption ?? '').trim();
  if (caption.length > MAX_ASSET_CAPTION)
    return {
      ok: false,
      reason: `caption has ${caption.length} characters; the most is ${MAX_ASSET_CAPTION}`,
    };
  const value: CheckedAsset = {
    url,
    kind,
    caption,
    hashtags: words(fields.hashtags)
      .map((t) => t.replace(/^#+/, ''))
      .filter(Boolean),
    tags: words(fields.tags),
    score,
    timesPosted: 0,
  };
  for (const [key, name] of [
    ['width', 'width'],
    ['height', 'height'],
    ['duration', 'durationSeconds'],
  ] as const) {
    const raw = fields[key];
    if (raw === undefined || raw === '') continue;
    const n = numberOf(raw);
    if (n === null || n <= 0 || n > 100_000)
      return { ok: false, reason: `${key} "${raw}" is not a positive number` };
    value[name] = n;
  }
  for (const [key, name] of [
    ['added_at', 'addedAt'],
    ['posted_at', 'postedAt'],
  ] as const) {
    const raw = fields[key]?.trim();
    if (!raw) continue;
    const at = dateOf(raw);
    if (!at)
      return { ok: false, reason: `${key} "${raw}" is not a date: give 2026-12-07 or 2026-12-07T09:00:00Z` };
    value[name] = at;
  }
  const times =
    fields.times_posted === undefined || fields.times_posted === '' ? 0 : numberOf(fields.times_posted);
  if (times === null || !Number.isInteger(times) || times < 0)
    return { ok: false, reason: `times_posted "${fields.times_posted}" is not a whole number` };
  value.timesPosted = times;
  if (times > 0 && !value.postedAt) value.postedAt = value.addedAt;
  return { ok: true, value };
}

function numberOf(raw: string | number): number | null {
  const n = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw.trim());
  return Number.isFinite(n) ? n : null;
}

function words(raw: string | readonly string[] | undefined): string[] {
  if (raw === undefined) return [];
  const list = typeof raw === 'string' ? raw.split(/[\s,;]+/) : raw;
  return [...new Set(list.map((w) => w.trim()).filter(Boolean))];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function dateOf(raw: string): Date | null {
  if (!DATE_RE.test(raw)) return null;
  const iso = raw.length === 10 ? `${raw}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw}Z`;
  const at = new Date(iso.replace(' ', 'T'));
  if (Number.isNaN(at.getTime())) return null;
  // 2026-02-30 rolls over in Date: refuse it.
  if (at.toISOString().slice(0, 10) !== raw.slice(0, 10) && !/[+-]\d{2}:?\d{2}$/.test(raw)) return null;
  return at;
}

/** Whether an import row would change a stored asset (the fields a person edits). */
export function differs(stored: Asset, row: CheckedAsset): boolean {
  return (
    stored.kind !== row.kind ||
    stored.caption !== row.caption ||
    stored.score !== row.score ||
    stored.hashtags.join(' ') !== row.hashtags.join(' ') ||
    stored.tags.join(' ') !== row.tags.join(' ') ||
    (row.width !== undefined && stored.width !== row.width) ||
    (row.height !== undefined && stored.height !== row.height) ||
    (row.durationSeconds !== undefined && stored.durationSeconds !== row.durationSeconds)
  );
}
