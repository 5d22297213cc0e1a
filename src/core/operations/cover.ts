import type { Account, Cover, Media } from '../domain/types.js';
import { HeraldError } from '../errors.js';

/** The longest moment a cover may name: TikTok and Instagram videos are shorter than this. */
const MAX_COVER_MS = 15 * 60_000;

/**
 * A cover in words, as every form takes it: a moment of the video (`3s`, `2.5 s`, `0:03`,
 * `1500ms`), a picture's https:// URL, or one of the post's own media URLs — that one then goes
 * first, since a carousel opens on its first item. Returns the media in their new order and the
 * cover to store (none for a reorder or an empty field).
 */
export function applyCover(
  media: readonly Media[],
  text: string | undefined,
): { media: Media[]; cover?: Cover } {
  const words = (text ?? '').trim().replace(/^(cover|at|frame)\s*:?\s*/i, '');
  if (!words) return { media: [...media] };
  if (/^https?:\/\//i.test(words)) {
    const own = media.findIndex((m) => m.url === words);
    if (own >= 0) return { media: [media[own] as Media, ...media.filter((_, i) => i !== own)] };
    if (/\s/.test(words) || words.length > 2048) throw notACover(words);
    return { media: [...media], cover: { kind: 'picture', url: words } };
  }
  const atMs = momentMs(words);
  if (atMs === null || atMs > MAX_COVER_MS) throw notACover(words);
  return { media: [...media], cover: { kind: 'frame', atMs } };
}

/** `3s`, `2.5 s`, `1500ms`, `0:03`, `1:02.5`, a bare `3` (seconds); null for anything else. */
function momentMs(words: string): number | null {
  const clock = /^(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(words);
  if (clock) return Math.round((Number(clock[1]) * 60 + Number(clock[2])) * 1000);
  const unit = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?)?$/i.exec(words);
  if (!unit) return null;
  const value = Number(unit[1]);
  return Math.round(unit[2]?.toLowerCase() === 'ms' ? value : value * 1000);
}

function notACover(words: string): HeraldError {
  return new HeraldError('VALIDATION_FAILED', `"${words.slice(0, 60)}" is not a cover Herald can use.`, {
    hint: 'A moment of the video (3s, 0:03, 1500ms, at most 15 minutes) or a picture’s https:// URL.',
    details: { field: 'cover' },
  });
}

/** The cover as a form shows it again (the inverse of `applyCover`). */
export function coverText(cover: Cover | undefined): string {
  if (!cover) return '';
  return cover.kind === 'picture' ? cover.url : `${cover.atMs / 1000}s`;
}

/**
 * A form that has no cover field of its own (Discord's five inputs) takes it as a `cover: …`
 * line among the media URLs: the media without it, and the cover's words.
 */
export function splitCover(mediaText: string): { media: string; cover: string } {
  const lines = mediaText.split('\n');
  const at = lines.findIndex((l) => /^\s*cover\s*:/i.test(l));
  if (at < 0) return { media: mediaText, cover: '' };
  return {
    media: lines.filter((_, i) => i !== at).join('\n'),
    cover: (lines[at] as string).replace(/^\s*cover\s*:\s*/i, '').trim(),
  };
}

/** What the echo says about a cover, and where a platform will not use it. */
export function coverLines(
  cover: Cover | undefined,
  accounts: readonly Pick<Account, 'platform' | 'handle'>[],
): string[] {
  if (!cover) return [];
  const line =
    cover.kind === 'frame'
      ? `cover: the frame at ${cover.atMs / 1000} s of the video`
      : `cover: the picture ${cover.url}`;
  const tiktok = accounts.filter((a) => a.platform === 'tiktok');
  if (cover.kind === 'picture' && tiktok.length > 0)
    return [
      line,
      `⚠ TikTok opens on a frame of the video, not a picture: ${tiktok.map((a) => `@${a.handle}`).join(', ')} will use its own cover (give a moment such as 3s to choose it).`,
    ];
  return [line];
}
