import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaStore, StoredMedia } from '../core/ports/media-store.js';
import { dimensions, mp4Duration } from '../publishers/media-inspector.js';

/** The file types an upload may be, by their first bytes: what platforms accept. */
const TYPES: { ext: string; type: string; kind: 'image' | 'video'; test: (b: Buffer) => boolean }[] = [
  {
    ext: 'jpg',
    type: 'image/jpeg',
    kind: 'image',
    test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  {
    ext: 'png',
    type: 'image/png',
    kind: 'image',
    test: (b) => b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a',
  },
  {
    ext: 'webp',
    type: 'image/webp',
    kind: 'image',
    test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  {
    ext: 'mp4',
    type: 'video/mp4',
    kind: 'video',
    test: (b) => b.toString('latin1', 4, 8) === 'ftyp' && b.toString('latin1', 8, 10) !== 'qt',
  },
  { ext: 'mov', type: 'video/quicktime', kind: 'video', test: (b) => b.toString('latin1', 4, 8) === 'ftyp' },
];
const NAME = /^med_[a-z0-9]{20}\.(jpg|png|webp|mp4|mov)$/;

/**
 * Uploaded library files, kept in `<data dir>/media` under a random name and served at
 * `<public URL>/media/<name>` (see api/media-route.ts), so platforms that pull media by URL
 * (Instagram, TikTok) can fetch them. Only images and videos are kept, recognised by their bytes.
 */
export class FileMediaStore implements MediaStore {
  constructor(
    private readonly dir: string,
    private readonly publicUrl: string,
  ) {}

  async save(bytes: Uint8Array): Promise<StoredMedia | { problem: string }> {
    const buffer = Buffer.from(bytes);
    const type = TYPES.find((t) => t.test(buffer));
    if (!type) return { problem: 'the file is not a JPEG, PNG, WebP, MP4 or MOV' };
    const name = `med_${randomBytes(12).toString('hex').slice(0, 20)}.${type.ext}`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, name), buffer, { flag: 'wx' });
    const dims = type.kind === 'image' ? dimensions(buffer) : {};
    const duration = type.kind === 'video' ? mp4Duration(buffer.subarray(0, 4 * 1024 * 1024)) : undefined;
    return {
      url: `${this.publicUrl.replace(/\/+$/, '')}/media/${name}`,
      description: { kind: type.kind, ...dims, ...(duration ? { durationSeconds: duration } : {}) },
    };
  }

  /** A stored file by its public name; null for any other name (no path ever leaves the directory). */
  async read(name: string): Promise<{ bytes: Buffer; type: string } | null> {
    if (!NAME.test(name)) return null;
    const type = TYPES.find((t) => name.endsWith(`.${t.ext}`))?.type as string;
    try {
      return { bytes: await readFile(join(this.dir, name)), type };
    } catch {
      return null;
    }
  }
}
