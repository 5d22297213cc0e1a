import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('HERALD_FETCH_ALLOW', () => {
  it('is empty unless set: only public addresses are fetched', () => {
    expect(loadConfig({}).HERALD_FETCH_ALLOW).toEqual([]);
  });

  it('reads comma-separated hosts, each optionally with a port', () => {
    const config = loadConfig({ HERALD_FETCH_ALLOW: 'media.intranet, 10.0.0.5:8080,[fd00::1]' });
    expect(config.HERALD_FETCH_ALLOW).toEqual(['media.intranet', '10.0.0.5:8080', '[fd00::1]']);
  });

  it('stops start-up with a message naming the variable when an entry is not a host', () => {
    expect(() => loadConfig({ HERALD_FETCH_ALLOW: 'media.intranet,http://10.0.0.5/' })).toThrow(
      /HERALD_FETCH_ALLOW="media.intranet,http:\/\/10.0.0.5\/": expected host names or addresses/,
    );
  });
});
