/**
 * Splits a command line into words, keeping "double" or “curly” quoted text as one word, and
 * remembers which words were quoted (a quoted word is always a caption, never a time).
 */
export interface Word {
  text: string;
  quoted: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', '“': '”', "'": "'" };

export function tokenize(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const close = QUOTES[ch];
    if (close) {
      const end = line.indexOf(close, i + 1);
      const stop = end === -1 ? line.length : end;
      words.push({ text: line.slice(i + 1, stop), quoted: true });
      i = stop + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j] as string)) j += 1;
    words.push({ text: line.slice(i, j), quoted: false });
    i = j;
  }
  return words;
}
