import { z } from 'zod';

/** Schema pieces shared by the post routes. */
export const text = (max: number) => z.string().max(max);
export const media = z
  .object({ url: z.url({ protocol: /^https?$/ }).max(2048), kind: z.enum(['image', 'video']) })
  .strict();
export const idParams = z.object({ id: text(64).min(1) }).strict();
/** A time in words: its length and content are the language's to judge (a refusal is a 422 with a hint). */
export const when = z.string().max(20_000);
