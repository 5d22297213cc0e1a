import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';

/** Herald's forms: a reject reason, a new time, and the compose form (new post or Edit of a draft). */
type FormKind = 'reject' | 'time' | 'compose';

/**
 * A form's custom_id: `herald-<kind>:<post or draft id>` (the id may be empty for a new post).
 * Like a button's, it comes back untrusted and is read only inside the guild's workspace.
 */
export function formId(kind: FormKind, target = ''): string {
  return `herald-${kind}:${target}`;
}

/** The inverse of `formId`; null for anything that is not a Herald form. */
export function parseFormId(raw: string): { kind: FormKind; target: string } | null {
  const match = /^herald-(reject|time|compose):([A-Za-z0-9_-]{0,64})$/.exec(raw);
  return match ? { kind: match[1] as FormKind, target: match[2] as string } : null;
}

/** One labelled text input of a form; `long` makes it a paragraph. */
interface TextField {
  id: string;
  label: string;
  description?: string;
  long?: boolean;
  required?: boolean;
  value?: string | undefined;
  placeholder?: string;
  maxLength?: number;
}

/** A modal of labelled text inputs (Discord allows five), values read back by input id. */
export function textForm(customId: string, title: string, fields: TextField[]): ModalBuilder {
  const labels = fields.slice(0, 5).map((f) => {
    const input = new TextInputBuilder()
      .setCustomId(f.id)
      .setStyle(f.long ? TextInputStyle.Paragraph : TextInputStyle.Short)
      .setRequired(f.required ?? false)
      .setMaxLength(f.maxLength ?? 4000);
    if (f.placeholder) input.setPlaceholder(f.placeholder.slice(0, 100));
    if (f.value) input.setValue(f.value.slice(0, f.maxLength ?? 4000));
    const label = new LabelBuilder().setLabel(f.label.slice(0, 45)).setTextInputComponent(input);
    return f.description ? label.setDescription(f.description.slice(0, 100)) : label;
  });
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(title.slice(0, 45))
    .addLabelComponents(...labels);
}
