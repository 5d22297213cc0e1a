/**
 * Bluesky does not parse links or hashtags out of post text: without facets they are plain text.
 * This finds both and returns app.bsky.richtext.facet entries, whose indices are UTF-8 byte offsets.
 * Mentions are left out: they need the mentioned handle resolved to a DID.
 */

interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[];
}

const LINK = /https?:\/\/[^\s<>"]+/gu;
const TAG = /(^|\s)(#[^\d\s\p{P}][^\s\p{P}]*)/gu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/u;

/** Link and hashtag facets for `text`, in order of appearance. */
export function detectFacets(text: string): Facet[] {
  const facets: Facet[] = [];
  for (const match of text.matchAll(LINK)) {
    const uri = match[0].replace(TRAILING_PUNCTUATION, '');
    facets.push(facetAt(text, match.index, uri, { $type: 'app.bsky.richtext.facet#link', uri }));
  }
  for (const match of text.matchAll(TAG)) {
    const tag = match[2]!;
    const start = match.index + match[1]!.length;
    if (tag.length - 1 > 64) continue; // the lexicon caps tags at 64 graphemes
    facets.push(facetAt(text, start, tag, { $type: 'app.bsky.richtext.facet#tag', tag: tag.slice(1) }));
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

function facetAt(
  text: string,
  charStart: number,
  matched: string,
  feature: Facet['features'][number],
): Facet {
  const byteStart = Buffer.byteLength(text.slice(0, charStart), 'utf8');
  return {
    index: { byteStart, byteEnd: byteStart + Buffer.byteLength(matched, 'utf8') },
    features: [feature],
  };
}
