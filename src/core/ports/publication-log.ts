import type { PublishRequest } from './publisher.js';

/** One post the dryrun platform "published": what a real platform would have shown. */
export interface RecordedPublication {
  id: string;
  idempotencyKey: string;
  workspaceId: string;
  accountId: string;
  handle: string;
  caption: string;
  media: PublishRequest['media'];
  publishedAt: Date;
}

/**
 * Where the dryrun platform keeps what it published: shared by every worker and kept across
 * restarts, so a dryrun post can be looked up like one on a real platform.
 */
export interface PublicationLog {
  /**
   * Stores a publication once per idempotency key; a repeat is ignored (not an error), so a
   * retried publish behaves like a platform that honours idempotency keys.
   */
  record(publication: RecordedPublication): Promise<void>;
  /** The publication stored under `idempotencyKey`, or null: how a lost publish outcome is recovered. */
  findByKey(idempotencyKey: string): Promise<RecordedPublication | null>;
}
