import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('settings for connecting accounts', () => {
  it('leaves TikTok and Instagram unconnectable by default, with their documented endpoints', () => {
    const config = loadConfig({});
    expect(config.HERALD_TIKTOK_CLIENT_KEY).toBeUndefined();
    expect(config).toMatchObject({
      HERALD_TIKTOK_AUTH_URL: 'https://www.tiktok.com',
      HERALD_INSTAGRAM_AUTH_URL: 'https://www.instagram.com',
      HERALD_INSTAGRAM_TOKEN_URL: 'https://api.instagram.com',
      HERALD_INSTAGRAM_GRAPH_URL: 'https://graph.instagram.com',
    });
  });

  it('refuses an app id without its secret, naming the one missing', () => {
    expect(() => loadConfig({ HERALD_TIKTOK_CLIENT_KEY: 'awxyz' })).toThrow(ConfigError);
    expect(() => loadConfig({ HERALD_TIKTOK_CLIENT_KEY: 'awxyz' })).toThrow(
      /HERALD_TIKTOK_CLIENT_SECRET=\(unset\): needed with HERALD_TIKTOK_CLIENT_KEY/,
    );
    expect(() => loadConfig({ HERALD_INSTAGRAM_APP_SECRET: 's3cret' })).toThrow(
      /HERALD_INSTAGRAM_APP_ID=\(unset\): needed with HERALD_INSTAGRAM_APP_SECRET/,
    );
    expect(() => loadConfig({ HERALD_INSTAGRAM_APP_ID: 'abc', HERALD_INSTAGRAM_APP_SECRET: 's' })).toThrow(
      /HERALD_INSTAGRAM_APP_ID="abc": expected the numeric app id/,
    );
    expect(
      loadConfig({ HERALD_INSTAGRAM_APP_ID: '123', HERALD_INSTAGRAM_APP_SECRET: 's' })
        .HERALD_INSTAGRAM_APP_ID,
    ).toBe('123');
  });
});
