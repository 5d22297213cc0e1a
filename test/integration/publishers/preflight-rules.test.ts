import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src/core/domain/types.js';
import { checkPreflight, createPublishers, PREFLIGHT_RULES } from '../../../src/publishers/index.js';

const codes = (platform: keyof typeof PREFLIGHT_RULES, input: Parameters<typeof checkPreflight>[1]) =>
  checkPreflight(PREFLIGHT_RULES[platform], input).map((p) => p.code);

describe('platform preflight rules', () => {
  it('every platform has rules, and createPublishers builds only the configured adapters', () => {
    expect(Object.keys(PREFLIGHT_RULES).sort()).toEqual([...PLATFORMS].sort());
    const publishers = createPublishers({ webhook: { baseUrl: 'http://127.0.0.1:1/hook' } });
    expect(Object.keys(publishers)).toEqual(['webhook']);
    expect(publishers.webhook?.platform).toBe('webhook');
  });

  it('accepts a JPEG within Instagram’s aspect ratio and refuses a PNG or a too-wide image', () => {
    const jpeg = {
      kind: 'image' as const,
      mimeType: 'image/jpeg',
      sizeBytes: 500_000,
      width: 1080,
      height: 1350,
    };
    expect(codes('instagram', { caption: 'ok', media: [jpeg] })).toEqual([]);
    expect(codes('instagram', { caption: 'ok', media: [{ ...jpeg, mimeType: 'image/png' }] })).toEqual([
      'media_type',
    ]);
    expect(codes('instagram', { caption: 'ok', media: [{ ...jpeg, width: 2000, height: 1000 }] })).toEqual([
      'media_aspect_ratio',
    ]);
  });

  it('refuses Instagram posts without media, over 10 items, over 2,200 characters or 30 hashtags', () => {
    const image = { kind: 'image' as const };
    expect(codes('instagram', { caption: 'text only', media: [] })).toEqual(['media_count']);
    expect(codes('instagram', { caption: 'x', media: Array(11).fill(image) })).toEqual(['media_count']);
    expect(codes('instagram', { caption: 'x'.repeat(2201), media: [image] })).toEqual(['caption_too_long']);
    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ');
    expect(codes('instagram', { caption: tags, media: [image] })).toEqual(['too_many_hashtags']);
  });

  it('TikTok takes exactly one video within its duration and size', () => {
    const video = {
      kind: 'video' as const,
      mimeType: 'video/mp4',
      durationSec: 30,
      width: 1080,
      height: 1920,
    };
    expect(codes('tiktok', { caption: '', media: [video] })).toEqual([]);
    expect(codes('tiktok', { caption: '', media: [{ kind: 'image' }] })).toEqual(['media_kind']);
    expect(codes('tiktok', { caption: '', media: [{ ...video, durationSec: 2 }] })).toEqual([
      'media_duration',
    ]);
    expect(codes('tiktok', { caption: '', media: [{ ...video, width: 200 }] })).toEqual(['media_dimensions']);
  });

  it('Mastodon takes a video only alone and needs text or media', () => {
    expect(codes('mastodon', { caption: '', media: [] })).toEqual(['caption_required']);
    expect(codes('mastodon', { caption: '', media: [{ kind: 'video' }, { kind: 'image' }] })).toEqual([
      'video_not_alone',
    ]);
    expect(codes('mastodon', { caption: 'x'.repeat(501), media: [] })).toEqual(['caption_too_long']);
  });

  it('Bluesky counts graphemes (300) and bytes (3,000) and takes at most 4 images of 2 MB', () => {
    const family = '👨‍👩‍👧';
    expect(codes('bluesky', { caption: family.repeat(300), media: [] })).toEqual(['caption_too_long']);
    expect(codes('bluesky', { caption: 'é'.repeat(300), media: [] })).toEqual([]);
    expect(codes('bluesky', { caption: 'x', media: [{ kind: 'image', sizeBytes: 2_000_001 }] })).toEqual([
      'media_too_large',
    ]);
    expect(codes('bluesky', { caption: 'x', media: [{ kind: 'video' }] })).toEqual(['media_kind']);
  });

  it('webhook and dryrun accept any media type', () => {
    const anything = { kind: 'video' as const, mimeType: 'video/x-matroska', sizeBytes: 5e9 };
    expect(codes('webhook', { caption: 'x', media: [anything] })).toEqual([]);
    expect(codes('dryrun', { caption: 'x', media: [anything] })).toEqual([]);
  });
});
