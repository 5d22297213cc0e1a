import type { MediaDescription } from './media-inspector.js';

/** A file a person uploaded to the library, as stored. */
export interface StoredMedia {
  /** Where platforms fetch it (under the public URL). */
  url: string;
  description: MediaDescription;
}

/** Keeps uploaded library files under the data directory, each at a URL platforms can fetch. */
export interface MediaStore {
  /** A problem when the bytes are not an image or video Herald can publish (it says which). */
  save(bytes: Uint8Array): Promise<StoredMedia | { problem: string }>;
  /** A stored file by the name its URL ends with; null for anything else. */
  read(name: string): Promise<{ bytes: Uint8Array; type: string } | null>;
}
