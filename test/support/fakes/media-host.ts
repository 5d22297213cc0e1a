import { type FakeServer, startFakeServer } from './fake-server.js';

/**
 * Serves media files the way a CDN would, for adapters that must download media (Mastodon,
 * Bluesky) and for preflight's reachability checks. Starts with a small JPEG and MP4.
 */

export interface MediaFile {
  bytes: Buffer;
  contentType: string;
}

export interface MediaHostState {
  files: Map<string, MediaFile>;
}

export interface FakeMediaHost extends FakeServer<MediaHostState> {
  /** Absolute URL of a served file. */
  urlOf(name: string): string;
  addFile(name: string, bytes: Buffer, contentType: string): string;
}

/** Minimal JPEG-looking bytes (SOI marker, JFIF header, EOI): enough for type sniffing. */
export const SAMPLE_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
/** An `ftyp` box as MP4 files start with. */
export const SAMPLE_MP4 = Buffer.from('0000001866747970697336d00000000069736f6d', 'hex');

export async function startFakeMediaHost(): Promise<FakeMediaHost> {
  const state: MediaHostState = {
    files: new Map([
      ['photo.jpg', { bytes: SAMPLE_JPEG, contentType: 'image/jpeg' }],
      ['clip.mp4', { bytes: SAMPLE_MP4, contentType: 'video/mp4' }],
    ]),
  };
  const serve = (name: string, head: boolean) => {
    const file = state.files.get(name);
    if (!file) return { status: 404, body: { error: 'not found' } };
    const headers = { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) };
    return { status: 200, raw: head ? Buffer.alloc(0) : file.bytes, headers };
  };
  const server = await startFakeServer({
    state,
    snapshot: (s) => ({ files: [...s.files.keys()] }),
    routes: [
      { method: 'GET', path: '/media/:name', handler: (req) => serve(req.params.name!, false) },
      { method: 'HEAD', path: '/media/:name', handler: (req) => serve(req.params.name!, true) },
    ],
  });
  return {
    ...server,
    urlOf: (name) => `${server.url}/media/${encodeURIComponent(name)}`,
    addFile: (name, bytes, contentType) => {
      state.files.set(name, { bytes, contentType });
      return `${server.url}/media/${encodeURIComponent(name)}`;
    },
  };
}
