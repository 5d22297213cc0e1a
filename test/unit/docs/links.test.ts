import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A newcomer follows the README into docs/ and from there into the code: every relative link
 * must land on a file that exists, and every `#anchor` on a heading of that file. Code comments
 * cite docs/product.md by section; those anchors must exist too.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (text as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const withoutFences = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');

/** Fenced blocks and inline code, whose brackets are not links. */
const withoutCode = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

/** The targets of inline links and images that point into the repository. */
function relativeLinks(markdown: string): string[] {
  const targets = [
    ...withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
  ].map((m) => m[1] as string);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

function problemsOf(file: string): string[] {
  const problems: string[] = [];
  for (const link of relativeLinks(readFileSync(join(ROOT, file), 'utf8'))) {
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), decodeURI(path));
    if (!existsSync(target)) {
      problems.push(`${file}: ${link} — no such file`);
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(target).isDirectory() || !target.endsWith('.md')) {
      problems.push(`${file}: ${link} — an anchor into something that is not Markdown`);
    } else if (!headingAnchors(readFileSync(target, 'utf8')).has(anchor)) {
      problems.push(`${file}: ${link} — ${relative(ROOT, target)} has no heading "#${anchor}"`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|go|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('the README and docs/ lead somewhere real', () => {
  it('reads GitHub anchors and relative links the way GitHub does', () => {
    expect([
      ...headingAnchors('# A\n## 2. `.env`\n## Try it\n## Try it\n```\n# not a heading\n```\n'),
    ]).toEqual(['a', '2-env', 'try-it', 'try-it-1']);
    expect(relativeLinks('[a](docs/x.md#y) ![p](p.png "t") [w](https://x.y) `[c](nope.md)`')).toEqual([
      'docs/x.md#y',
      'p.png',
    ]);
  });

  it.each(DOCS)('every relative link in %s resolves', (file) => {
    expect(problemsOf(file)).toEqual([]);
  });

  it('every docs/product.md section a code comment cites exists', () => {
    const anchors = headingAnchors(readFileSync(join(ROOT, 'docs/product.md'), 'utf8'));
    const missing = sourceFiles(join(ROOT, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/docs\/product\.md#([\w-]+)/g)]
        .filter((m) => !anchors.has(m[1] as string))
        .map((m) => `${relative(ROOT, file)}: #${m[1]}`),
    );
    expect(missing).toEqual([]);
  });
});
