import type { Platform } from '../core/domain/types.js';

/**
 * What each platform documents it will accept, as data, so the pipeline's preflight can refuse a
 * post before any attempt (docs/product.md#preflight) instead of learning it from a rejected
 * publish. Limits that a platform applies per account or per instance are given as the documented
 * defaults.
 */

interface MediaKindRule {
  /** Accepted MIME types; empty means "whatever the receiver takes". */
  mimeTypes: readonly string[];
  maxBytes: number;
  /** Width ÷ height bounds, inclusive. */
  minAspectRatio?: number;
  maxAspectRatio?: number;
  minWidth?: number;
  maxWidth?: number;
  minHeight?: number;
  maxHeight?: number;
  minDurationSec?: number;
  maxDurationSec?: number;
}

interface CaptionRule {
  /** Maximum length counted in `unit`. */
  maxLength: number;
  /** utf16 = JS string length; codepoints = Unicode scalar values; graphemes = user-perceived characters. */
  unit: 'utf16' | 'codepoints' | 'graphemes';
  /** UTF-8 byte cap, where the platform has one besides the length. */
  maxBytes?: number;
  maxHashtags?: number;
  maxMentions?: number;
  /** False when a post may be media only. */
  required: boolean;
}

export interface PreflightRules {
  platform: Platform;
  caption: CaptionRule;
  media: {
    min: number;
    max: number;
    image?: MediaKindRule;
    video?: MediaKindRule;
    /** A video must be the only attachment (Mastodon). */
    videoAlone?: boolean;
  };
  /** Where the numbers come from, and anything a human should know about them. */
  notes: readonly string[];
}

/** What preflight learned about one media item (from a HEAD/GET and, when available, probing). */
export interface MediaFacts {
  kind: 'image' | 'video';
  mimeType?: string | undefined;
  sizeBytes?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  durationSec?: number | undefined;
}

export interface PreflightProblem {
  code: string;
  message: string;
  /** Index of the media item concerned, if any. */
  mediaIndex?: number;
}

/** Pure check of a caption and media facts against the rules; an empty list means acceptable. */
export function checkPreflight(
  rules: PreflightRules,
  input: { caption: string; media: readonly MediaFacts[] },
): PreflightProblem[] {
  return [...checkCaption(rules, input.caption, input.media.length), ...checkMediaList(rules, input.media)];
}

/** Length of `text` in the rule's unit. */
function captionLength(text: string, unit: CaptionRule['unit']): number {
  if (unit === 'utf16') return text.length;
  if (unit === 'codepoints') return [...text].length;
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

function checkCaption(rules: PreflightRules, caption: string, mediaCount: number): PreflightProblem[] {
  const rule = rules.caption;
  const problems: PreflightProblem[] = [];
  const name = rules.platform;
  if (caption.trim().length === 0 && (rule.required || mediaCount === 0)) {
    problems.push({ code: 'caption_required', message: `${name} needs a caption or media.` });
  }
  const length = captionLength(caption, rule.unit);
  if (length > rule.maxLength) {
    problems.push({
      code: 'caption_too_long',
      message: `${name} captions are at most ${rule.maxLength} characters (this one has ${length}).`,
    });
  }
  const bytes = Buffer.byteLength(caption, 'utf8');
  if (rule.maxBytes !== undefined && bytes > rule.maxBytes) {
    problems.push({
      code: 'caption_too_long',
      message: `${name} captions are at most ${rule.maxBytes} bytes (this one has ${bytes}).`,
    });
  }
  const hashtags = caption.match(/(^|\s)#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (rule.maxHashtags !== undefined && hashtags > rule.maxHashtags) {
    problems.push({
      code: 'too_many_hashtags',
      message: `${name} allows at most ${rule.maxHashtags} hashtags (found ${hashtags}).`,
    });
  }
  const mentions = caption.match(/(^|\s)@[\w.]+/gu)?.length ?? 0;
  if (rule.maxMentions !== undefined && mentions > rule.maxMentions) {
    problems.push({
      code: 'too_many_mentions',
      message: `${name} allows at most ${rule.maxMentions} @mentions (found ${mentions}).`,
    });
  }
  return problems;
}

function checkMediaList(rules: PreflightRules, media: readonly MediaFacts[]): PreflightProblem[] {
  const { min, max, videoAlone } = rules.media;
  const name = rules.platform;
  const problems: PreflightProblem[] = [];
  if (media.length < min || media.length > max) {
    const range = min === max ? `exactly ${min}` : `${min}–${max}`;
    problems.push({
      code: 'media_count',
      message: `${name} takes ${range} media items (this post has ${media.length}).`,
    });
  }
  if (videoAlone && media.length > 1 && media.some((m) => m.kind === 'video')) {
    problems.push({
      code: 'video_not_alone',
      message: `${name} takes a video only as the single attachment.`,
    });
  }
  media.forEach((item, index) => {
    problems.push(...checkMediaItem(rules, item).map((p) => ({ ...p, mediaIndex: index })));
  });
  return problems;
}

function checkMediaItem(rules: PreflightRules, item: MediaFacts): PreflightProblem[] {
  const rule = item.kind === 'image' ? rules.media.image : rules.media.video;
  const name = rules.platform;
  if (!rule) return [{ code: 'media_kind', message: `${name} does not take ${item.kind}s through Herald.` }];
  const problems: PreflightProblem[] = [];
  if (item.mimeType && rule.mimeTypes.length > 0 && !rule.mimeTypes.includes(item.mimeType.toLowerCase())) {
    const accepted = rule.mimeTypes.join(', ');
    problems.push({
      code: 'media_type',
      message: `${name} takes ${item.kind}s as ${accepted}, not ${item.mimeType}.`,
    });
  }
  if (item.sizeBytes !== undefined && item.sizeBytes > rule.maxBytes) {
    const message = `${name} takes ${item.kind}s up to ${rule.maxBytes} bytes (this one is ${item.sizeBytes}).`;
    problems.push({ code: 'media_too_large', message });
  }
  return [...problems, ...checkGeometry(name, rule, item)];
}

const outside = (value: number | undefined, lo?: number, hi?: number) =>
  value !== undefined && ((lo !== undefined && value < lo) || (hi !== undefined && value > hi));

/** Aspect ratio, pixel dimensions and duration, each only when preflight could measure it. */
function checkGeometry(name: string, rule: MediaKindRule, item: MediaFacts): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const ratio = item.width && item.height ? item.width / item.height : undefined;
  if (outside(ratio, rule.minAspectRatio, rule.maxAspectRatio)) {
    const bounds = `${rule.minAspectRatio?.toFixed(2)}–${rule.maxAspectRatio?.toFixed(2)}`;
    problems.push({
      code: 'media_aspect_ratio',
      message: `${name} takes aspect ratios ${bounds} (this one is ${ratio!.toFixed(2)}).`,
    });
  }
  if (
    outside(item.width, rule.minWidth, rule.maxWidth) ||
    outside(item.height, rule.minHeight, rule.maxHeight)
  ) {
    const message = `${name}: ${item.width}×${item.height} px is outside the accepted dimensions.`;
    problems.push({ code: 'media_dimensions', message });
  }
  if (outside(item.durationSec, rule.minDurationSec, rule.maxDurationSec)) {
    const bounds = `${rule.minDurationSec ?? 0}–${rule.maxDurationSec}`;
    problems.push({
      code: 'media_duration',
      message: `${name} takes videos of ${bounds} s (this one is ${item.durationSec} s).`,
    });
  }
  return problems;
}
