import { HeraldError } from '../../core/errors.js';
import { SUBCOMMANDS, type SubcommandSpec } from './command-definitions.js';

/** What a chat-input interaction carries: the subcommand and its option values by name. */
interface TypedCommand {
  subcommand: string;
  option(name: string): string | boolean | null;
}

/**
 * The router's command line for typed options, so Discord runs exactly the commands the
 * console, Slack and `/v1/commands` run: `schedule dryrun:@demo "Hello" tomorrow 9am`. Values
 * are untrusted text: a word option must be one word, and the caption is quoted with a quote
 * it does not contain, so nothing a user types can turn into another option or command.
 */
export function commandLine(command: TypedCommand): string {
  const spec = SUBCOMMANDS.find((s) => s.name === command.subcommand);
  if (!spec) throw new HeraldError('UNKNOWN_COMMAND', `"${command.subcommand}" is not a Herald command.`);
  const parts = [spec.name];
  const ordered = spec.options
    .map((option, i) => ({ option, at: option.lineOrder ?? i }))
    .sort((a, b) => a.at - b.at)
    .map((o) => o.option);
  for (const option of ordered) {
    const value = command.option(option.name);
    if (value === null || value === false || value === '') continue;
    parts.push(...render(option.kind, option.name, value));
  }
  return parts.join(' ');
}

function render(
  kind: SubcommandSpec['options'][number]['kind'],
  name: string,
  value: string | true,
): string[] {
  const text = String(value).trim();
  switch (kind) {
    case 'flag':
      return [`--${name}`];
    case 'word':
      return [oneWord(name, text)];
    case 'caption':
      return [quoteCaption(String(value))];
    case 'media':
      return text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((url) => `media:${url}`);
    case 'text':
      return [words(name, text)];
    case 'named':
      return [`--${name}`, oneWord(name, text)];
    case 'occurrence':
      return [words(name, text), 'to'];
  }
}

/** Free text as words; a word that would read as an option (`--force`) is refused, not passed on. */
function words(name: string, text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (/(^|\s)--/.test(flat))
    throw new HeraldError('VALIDATION_FAILED', `The ${name} cannot contain "--".`, {
      hint: 'Use the command’s own options (force, all …) instead.',
    });
  return flat;
}

function oneWord(name: string, text: string): string {
  if (/^[^\s"“”']+$/.test(text)) return text;
  throw new HeraldError('VALIDATION_FAILED', `"${text.slice(0, 80)}" is not a valid ${name}.`, {
    hint:
      name === 'post'
        ? 'Pick a post from the list Discord offers, or paste its id (pst_…).'
        : 'Pick an account from the list Discord offers, e.g. @demo or instagram:@mia.',
  });
}

/** Quotes a caption for the tokenizer with a quote pair the caption does not contain. */
export function quoteCaption(caption: string): string {
  for (const [open, close] of [
    ['"', '"'],
    ['“', '”'],
    ["'", "'"],
  ] as const) {
    if (!caption.includes(close)) return `${open}${caption}${close}`;
  }
  return `"${caption.replaceAll('"', '”')}"`;
}
