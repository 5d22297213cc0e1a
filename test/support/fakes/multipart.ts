/**
 * Just enough multipart/form-data parsing for fakes that receive uploads (Mastodon media):
 * splits on the boundary and reads each part's name, filename and content type.
 */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseMultipart(raw: Buffer, contentTypeHeader: string | undefined): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentTypeHeader ?? '');
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = raw.subarray(start + delimiter.length + 2, next - 2); // drop CRLF after delimiter and before next
    const split = chunk.indexOf('\r\n\r\n');
    if (split >= 0)
      parts.push(readPart(chunk.subarray(0, split).toString('utf8'), chunk.subarray(split + 4)));
    start = next;
  }
  return parts;
}

function readPart(head: string, data: Buffer): MultipartPart {
  const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
  return {
    name,
    data,
    ...(filename === undefined ? {} : { filename }),
    ...(contentType ? { contentType } : {}),
  };
}
