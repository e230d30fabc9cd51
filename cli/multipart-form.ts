import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { LocalFile } from './local-files.ts';

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
};

/** As browsers do: the quoted filename parameter cannot carry a quote or a line break. */
const quoted = (value: string): string => value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export interface StreamedForm {
  body: AsyncIterable<Uint8Array>;
  contentType: string;
}

/**
 * multipart/form-data with text fields first, then one `file` part per file read from disk as it is sent:
 * a batch of 50 large photos never sits in memory. `onBytes` counts file bytes handed to the request.
 */
export const streamedForm = (fields: Record<string, string>, files: LocalFile[], onBytes: (bytes: number) => void): StreamedForm => {
  const boundary = `----synesthesie-media-${randomBytes(12).toString('hex')}`;
  const enc = new TextEncoder();
  async function* parts(): AsyncGenerator<Uint8Array> {
    for (const [name, value] of Object.entries(fields)) {
      yield enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    }
    for (const file of files) {
      const type = IMAGE_TYPES[extname(file.name).toLowerCase()] ?? 'application/octet-stream';
      yield enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(file.name)}"\r\nContent-Type: ${type}\r\n\r\n`);
      for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
        onBytes((chunk as Buffer).length);
        yield chunk as Buffer;
      }
      yield enc.encode('\r\n');
    }
    yield enc.encode(`--${boundary}--\r\n`);
  }
  return { body: parts(), contentType: `multipart/form-data; boundary=${boundary}` };
};
