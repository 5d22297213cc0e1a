import type { Account, Cover, Media, Platform } from '../domain/types.js';

export interface PublishRequest {
  /** Stable per job: platforms that support it dedupe on it; lookups find the post by it. */
  idempotencyKey: string;
  account: Account;
  caption: string;
  media: Media[];
  /** What the video opens on, when the author chose it; a platform without covers ignores it. */
  cover?: Cover | undefined;
  /** Decrypted token, handed in only for the duration of the call. */
  token?: string | undefined;
}

export interface PublishResult {
  platformPostId: string;
  url?: string | undefined;
  requestId?: string | undefined;
}

/** Why a publish failed, as the pipeline needs to know it. */
export type PublishErrorKind = 'transient' | 'permanent' | 'rate_limited';

/** Thrown by adapters; `kind` decides retry (transient), stop (permanent) or delay (rate_limited). */
export class PublishError extends Error {
  constructor(
    readonly kind: PublishErrorKind,
    readonly code: string,
    message: string,
    readonly opts: { retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** What the pipeline knows when it asks a platform whether a post already exists. */
export interface LookupContext {
  /** Decrypted token: most platforms need the publishing credential to list posts. */
  token?: string | undefined;
  /** The caption being published: platforms without idempotency keys are matched on it. */
  caption?: string | undefined;
  /** When the first attempt started: nothing older can be ours. */
  notBefore?: Date | undefined;
}

/** A platform's own count of an account's recent publishes against its limit. */
export interface PublishingQuota {
  used: number;
  total: number;
  windowMs: number;
}

/** One platform adapter. */
export interface Publisher {
  readonly platform: Platform;
  /** Publishes once. Throws PublishError; any other throw is treated as transient. */
  publish(request: PublishRequest): Promise<PublishResult>;
  /**
   * "Does it already exist?" — asked after a worker died mid-publish, so a post the platform
   * already accepted is marked published instead of being posted twice. Returns null when the
   * platform has no such post; throws when it cannot tell (the job then needs a human).
   */
  lookup(idempotencyKey: string, account: Account, context?: LookupContext): Promise<PublishResult | null>;
  /**
   * The platform's own usage count, where it publishes one (Instagram's
   * content_publishing_limit). Posts made outside Herald count against the same limit, so
   * preflight asks the platform before an attempt that would only be refused. Optional.
   */
  publishingQuota?(account: Account, token: string | undefined): Promise<PublishingQuota | null>;
}
