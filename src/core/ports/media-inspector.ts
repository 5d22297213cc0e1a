import type { Media, Platform } from '../domain/types.js';

export interface MediaProblem {
  /** Stable reason code, e.g. media_unreachable, media_type_not_accepted, media_too_large, aspect_ratio. */
  code: string;
  message: string;
}

/**
 * Looks at a post's media over the network (HEAD or a ranged GET, never a full download) and
 * checks it against the platform's published rules — so a bad file is caught before an attempt,
 * not by the platform at publish time.
 */
export interface MediaInspector {
  /** Problems found; an empty list means every item is reachable and acceptable. */
  inspect(platform: Platform, caption: string, media: readonly Media[]): Promise<MediaProblem[]>;
  /** What a file is, read from its first bytes: what a library asset records when it is added. */
  describe(url: string): Promise<MediaDescription | { problem: string }>;
}

export interface MediaDescription {
  kind?: 'image' | 'video' | undefined;
  width?: number | undefined;
  height?: number | undefined;
  durationSeconds?: number | undefined;
}
