import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Account } from '../core/domain/types.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { isDuplicateKey } from '../store/documents.js';

interface DryrunPublication {
  _id: string;
  idempotencyKey: string;
  workspaceId: string;
  accountId: string;
  handle: string;
  caption: string;
  media: PublishRequest['media'];
  publishedAt: Date;
}

/**
 * The default platform for `npm start`: publishes nothing, records what would have been
 * posted in `dryrun_publications` (so it survives restarts and is shared by every worker).
 * Its unique index on the idempotency key makes it behave like the best real platforms:
 * a repeated publish returns the first post instead of creating a second.
 */
export class DryrunPublisher implements Publisher {
  readonly platform = 'dryrun' as const;

  constructor(private readonly db: Db) {}

  private get col() {
    return this.db.collection<DryrunPublication>('dryrun_publications');
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const id = `dry_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 20)}`;
    try {
      await this.col.insertOne({
        _id: id,
        idempotencyKey: request.idempotencyKey,
        workspaceId: request.account.workspaceId,
        accountId: request.account.id,
        handle: request.account.handle,
        caption: request.caption,
        media: request.media,
        publishedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return (await this.lookup(request.idempotencyKey, request.account)) ?? { platformPostId: id };
  }

  async lookup(idempotencyKey: string, _account: Account): Promise<PublishResult | null> {
    const found = await this.col.findOne({ idempotencyKey });
    return found ? { platformPostId: found._id, url: `dryrun://${found.handle}/${found._id}` } : null;
  }
}
