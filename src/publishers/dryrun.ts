import type { Account } from '../core/domain/types.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import type { PreflightRules } from './preflight-rules.js';

/** Dry run takes anything a webhook would: it exists to try Herald without any platform account. */
export const dryrunRules: PreflightRules = {
  platform: 'dryrun',
  caption: { maxLength: 100_000, unit: 'utf16', required: false },
  media: {
    min: 0,
    max: 20,
    image: { mimeTypes: [], maxBytes: Number.MAX_SAFE_INTEGER },
    video: { mimeTypes: [], maxBytes: Number.MAX_SAFE_INTEGER },
  },
  notes: ['Nothing leaves the process; posts are recorded in memory.'],
};

export { dryrunRules as preflightRules };

/** What the dry run "published", without the token. */
export interface DryRunRecord {
  idempotencyKey: string;
  accountId: string;
  caption: string;
  mediaUrls: string[];
  at: Date;
  result: PublishResult;
}

/**
 * The default publisher for `npm start` (SPEC §6): records instead of posting, and behaves like an
 * idempotent platform — the same key returns the same result, so the pipeline runs end to end.
 */
export class DryRunPublisher implements Publisher {
  readonly platform = 'dryrun' as const;
  private readonly records = new Map<string, DryRunRecord>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const existing = this.records.get(request.idempotencyKey);
    if (existing) return existing.result;
    const result = { platformPostId: `dryrun:${request.idempotencyKey}` };
    this.records.set(request.idempotencyKey, {
      idempotencyKey: request.idempotencyKey,
      accountId: request.account.id,
      caption: request.caption,
      mediaUrls: request.media.map((m) => m.url),
      at: this.now(),
      result,
    });
    return result;
  }

  async lookup(idempotencyKey: string, _account: Account): Promise<PublishResult | null> {
    return this.records.get(idempotencyKey)?.result ?? null;
  }

  /** Everything recorded so far, oldest first (for the console and tests). */
  list(): DryRunRecord[] {
    return [...this.records.values()];
  }
}
