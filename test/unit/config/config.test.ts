import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      HERALD_API_HOST: '127.0.0.1',
      HERALD_API_PORT: 3000,
      HERALD_DB_NAME: 'herald',
      HERALD_TIMEZONE: 'UTC',
    });
    expect(config.MONGODB_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty values (placeholders copied from .env.example) as unset', () => {
    expect(loadConfig({ MONGODB_URL: '', HERALD_API_PORT: '' }).HERALD_API_PORT).toBe(3000);
  });

  it('names every bad variable with what it got and the accepted form', () => {
    const attempt = () =>
      loadConfig({ HERALD_API_PORT: 'abc', HERALD_TIMEZONE: 'Mars/Olympus', MONGODB_URL: 'postgres://x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('HERALD_API_PORT="abc": expected a whole number from 0 to 65535');
      expect(message).toContain('HERALD_TIMEZONE="Mars/Olympus": expected an IANA time zone name');
      expect(message).toContain(
        'MONGODB_URL="postgres://x": expected a connection string starting with mongodb://',
      );
    }
  });

  it('refuses an out-of-range port and a non-boolean flag', () => {
    expect(() => loadConfig({ HERALD_API_PORT: '70000' })).toThrow(
      /HERALD_API_PORT="70000": expected at most 65535/,
    );
    expect(() => loadConfig({ HERALD_CONSOLE_SEED: 'maybe' })).toThrow(
      /HERALD_CONSOLE_SEED="maybe": expected true or false/,
    );
  });
});
