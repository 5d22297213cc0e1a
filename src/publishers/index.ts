import type { Platform } from '../core/domain/types.js';
import type { Publisher } from '../core/ports/publisher.js';
import { type BlueskyOptions, BlueskyPublisher, preflightRules as blueskyRules } from './bluesky.js';
import { type InstagramOptions, InstagramPublisher, preflightRules as instagramRules } from './instagram.js';
import { type MastodonOptions, MastodonPublisher, preflightRules as mastodonRules } from './mastodon.js';
import type { PreflightRules } from './preflight-rules.js';
import { type TikTokOptions, TikTokPublisher, preflightRules as tiktokRules } from './tiktok.js';
import type { FetchPolicy } from './url-guard.js';
import { type WebhookOptions, WebhookPublisher, preflightRules as webhookRules } from './webhook.js';

/**
 * The publishers package as main.ts wires it: one adapter per configured platform, plus the
 * preflight rules of every platform in one table so preflight needs no per-platform imports.
 */

export type { LookupContext } from './lookup.js';
export {
  checkPreflight,
  type MediaFacts,
  type PreflightProblem,
  type PreflightRules,
} from './preflight-rules.js';
export type { FetchPolicy } from './url-guard.js';
export type { BlueskyOptions, InstagramOptions, MastodonOptions, TikTokOptions, WebhookOptions };
export { BlueskyPublisher, InstagramPublisher, MastodonPublisher, TikTokPublisher, WebhookPublisher };

/** Dry run takes what a webhook takes: it exists to try Herald without any platform account. */
const dryrunRules: PreflightRules = {
  ...webhookRules,
  platform: 'dryrun',
  notes: ['Nothing leaves Herald; posts are recorded in the database.'],
};

export const PREFLIGHT_RULES: Readonly<Record<Platform, PreflightRules>> = {
  instagram: instagramRules,
  tiktok: tiktokRules,
  mastodon: mastodonRules,
  bluesky: blueskyRules,
  webhook: webhookRules,
  dryrun: dryrunRules,
};

/** Options per platform; a platform without options gets no adapter (its jobs cannot publish). */
export interface PublishersConfig {
  instagram?: InstagramOptions;
  tiktok?: TikTokOptions;
  mastodon?: MastodonOptions;
  bluesky?: BlueskyOptions;
  webhook?: WebhookOptions;
  /**
   * For the adapters that fetch user-given URLs (media downloads, webhook receivers); an adapter's
   * own `fetchPolicy` wins. Instagram and TikTok hand media URLs to the platform, which fetches them.
   */
  fetchPolicy?: FetchPolicy;
}

/** Adapters for the configured platforms, in the shape `composeCore({ publishers })` takes (it adds dryrun). */
export function createPublishers(config: PublishersConfig): Partial<Record<Platform, Publisher>> {
  const guarded = { fetchPolicy: config.fetchPolicy };
  return {
    ...(config.instagram ? { instagram: new InstagramPublisher(config.instagram) } : {}),
    ...(config.tiktok ? { tiktok: new TikTokPublisher(config.tiktok) } : {}),
    ...(config.mastodon ? { mastodon: new MastodonPublisher({ ...guarded, ...config.mastodon }) } : {}),
    ...(config.bluesky ? { bluesky: new BlueskyPublisher({ ...guarded, ...config.bluesky }) } : {}),
    ...(config.webhook ? { webhook: new WebhookPublisher({ ...guarded, ...config.webhook }) } : {}),
  };
}
