import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { HeraldError } from '../core/errors.js';
import type { ImportRow } from '../core/operations/library.js';

/**
 * A library file as import rows: CSV with a header line (columns named as the export names
 * them; unknown columns are ignored), or a JSON array of objects. Lines are numbered as a
 * spreadsheet shows them (the header is line 1).
 */
export function rowsOf(text: string, format: 'csv' | 'json'): ImportRow[] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new HeraldError('VALIDATION_FAILED', `The file is not JSON: ${(error as Error).message}.`, {
        hint: 'Send an array of objects: [{"influencer": "@mia", "url": "https://…", "score": 80}]',
      });
    }
    const list = Array.isArray(data) ? data : (data as { rows?: unknown })?.rows;
    if (!Array.isArray(list))
      throw new HeraldError('VALIDATION_FAILED', 'The JSON must be an array of rows.', {
        hint: '[{"influencer": "@mia", "url": "https://…", "score": 80}]',
      });
    return list.map((row, i) => ({ line: i + 1, fields: fieldsOf(row) }));
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    throw new HeraldError('VALIDATION_FAILED', `The CSV cannot be read: ${(error as Error).message}.`, {
      hint: 'The first line names the columns: influencer,url,score,caption,hashtags,tags,type',
    });
  }
  return records.map(({ record, info }) => ({ line: info.lines, fields: record }));
}

function fieldsOf(row: unknown): ImportRow['fields'] {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return {};
  const out: Record<string, string | number | string[]> = {};
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') out[key.toLowerCase()] = value;
    else if (Array.isArray(value)) out[key.toLowerCase()] = value.map(String);
  }
  return out as ImportRow['fields'];
}

/** Rows as CSV with a header line (every row has the same columns). */
export function csvOf(rows: Record<string, string | number>[], columns?: string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  return stringify(rows, { header: true, columns: header });
}
