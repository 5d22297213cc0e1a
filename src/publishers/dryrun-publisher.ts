import { createHash } from 'node:crypto';
import type { Account } from '../core/domain/types.js';
import type { PublicationLog } from '../core/ports/publication-log.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';

/**
 * The default platform for `npm start`: publishes nothing, records what would have been
 * posted in a publication log (so it survives restarts and is shared by every worker).
 * The log keeps one publication per idempotency key, which makes it behave like the best
 * real platforms: a repeated publish returns the first post instead of creating a second.
 */
export class DryrunPublisher implements Publisher {
  readonly platform = 'dryrun' as const;

  constructor(private readonly log: PublicationLog) {}

  async publish(request: PublishRequest): Promise<PublishResult> {
    const id = `dry_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 20)}`;
    await this.log.record({
      id,
      idempotencyKey: request.idempotencyKey,
      workspaceId: request.account.workspaceId,
      accountId: request.account.id,
      handle: request.account.handle,
      caption: request.caption,
      media: request.media,
      publishedAt: new Date(),
    });
    return (await this.lookup(request.idempotencyKey, request.account)) ?? { platformPostId: id };
  }

  async lookup(idempotencyKey: string, _account: Account): Promise<PublishResult | null> {
    const found = await this.log.findByKey(idempotencyKey);
    return found ? { platformPostId: found.id, url: `dryrun://${found.handle}/${found.id}` } : null;
  }
}
