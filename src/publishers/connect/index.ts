import type { Platform } from '../../core/domain/types.js';
import type { PlatformConnector } from '../../core/ports/platform-connector.js';
import type { FetchPolicy } from '../url-guard.js';
import { type BlueskyConnectOptions, BlueskyConnector } from './bluesky-connector.js';
import { type InstagramConnectOptions, InstagramConnector } from './instagram-connector.js';
import { type MastodonConnectOptions, MastodonConnector } from './mastodon-connector.js';
import { type TikTokConnectOptions, TikTokConnector } from './tiktok-connector.js';

export type { BlueskyConnectOptions, InstagramConnectOptions, MastodonConnectOptions, TikTokConnectOptions };
export { BlueskyConnector, InstagramConnector, MastodonConnector, TikTokConnector };

/** Options per platform; a platform without options cannot be connected from chat. */
export interface ConnectorsConfig {
  instagram?: InstagramConnectOptions;
  tiktok?: TikTokConnectOptions;
  mastodon?: MastodonConnectOptions;
  bluesky?: BlueskyConnectOptions;
  /** For the instances people name (Mastodon): who besides public addresses may be reached. */
  fetchPolicy?: FetchPolicy;
}

/** Connectors for the configured platforms, in the shape `composeCore({ connectors })` takes. */
export function createConnectors(config: ConnectorsConfig): Partial<Record<Platform, PlatformConnector>> {
  return {
    ...(config.instagram ? { instagram: new InstagramConnector(config.instagram) } : {}),
    ...(config.tiktok ? { tiktok: new TikTokConnector(config.tiktok) } : {}),
    ...(config.mastodon
      ? { mastodon: new MastodonConnector({ fetchPolicy: config.fetchPolicy, ...config.mastodon }) }
      : {}),
    ...(config.bluesky ? { bluesky: new BlueskyConnector(config.bluesky) } : {}),
  };
}
