import { PublishError, type Publisher } from '../../src/core/ports/publisher.js';

/**
 * A dryrun stand-in for the chat tests that can be made slow or failing: each call decides when
 * it starts whether it fails (so a failure set during a slow call applies to the next one).
 */
export class ScriptedPublisher implements Publisher {
  readonly platform = 'dryrun' as const;
  delayMs = 0;
  failures = 0;
  published: string[] = [];

  async publish(req: { idempotencyKey: string }) {
    const fail = this.failures > 0;
    if (fail) this.failures -= 1;
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (fail) throw new PublishError('permanent', 'content_rejected', 'The platform refused the caption.');
    this.published.push(req.idempotencyKey);
    return {
      platformPostId: `dry_${this.published.length}`,
      url: `https://dryrun.local/${this.published.length}`,
    };
  }

  async lookup() {
    return null;
  }
}
