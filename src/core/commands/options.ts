import { HeraldError } from '../errors.js';
import type { Word } from './tokenize.js';

/** The `--options` a command takes: a flag (`--force`) or one that takes the next word (`--status x`). */
export type OptionSpec = Record<string, 'flag' | 'value'>;

/**
 * Takes a command's `--options` out of its words. An option the command does not know is
 * refused with the ones it does — never silently ignored — and a value option needs its value.
 */
export function takeOptions(
  words: readonly Word[],
  spec: OptionSpec,
  usage: string,
): { options: Record<string, string | true>; rest: Word[] } {
  const options: Record<string, string | true> = {};
  const rest: Word[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as Word;
    if (word.quoted || !word.text.startsWith('--')) {
      rest.push(word);
      continue;
    }
    const name = word.text.slice(2).toLowerCase();
    const kind = spec[name];
    if (!kind)
      throw new HeraldError(
        'VALIDATION_FAILED',
        `"${word.text.slice(0, 40)}" is not an option of this command.`,
        {
          hint: `${usage}${
            Object.keys(spec).length
              ? ` (options: ${Object.keys(spec)
                  .map((o) => `--${o}`)
                  .join(', ')})`
              : ''
          }`,
        },
      );
    if (kind === 'flag') options[name] = true;
    else {
      const value = words[i + 1];
      if (!value || (!value.quoted && value.text.startsWith('--')))
        throw new HeraldError('VALIDATION_FAILED', `--${name} needs a value.`, { hint: usage });
      options[name] = value.text;
      i += 1;
    }
  }
  return { options, rest };
}

/** The words as one phrase. */
export function phraseOf(words: readonly Word[]): string {
  return words.map((w) => w.text).join(' ');
}

/** The first word: the id a command acts on, or a refusal with its usage. */
export function idFrom(words: readonly Word[], usage: string): string {
  const id = words[0]?.text;
  if (!id) throw new HeraldError('VALIDATION_FAILED', 'Which post? Give its id.', { hint: usage });
  return id;
}
