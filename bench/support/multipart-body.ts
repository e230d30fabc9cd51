import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { wavChunks } from './wav-stream.ts';

export interface StreamedForm {
  contentType: string;
  contentLength: number;
  body: Readable;
}

/** A multipart/form-data body with one WAV `file` part of `bytes`, streamed, its length known up front. */
export const wavForm = (bytes: number, filename = 'bench.wav'): StreamedForm => {
  const boundary = `bench${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBench track\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  function* parts(): Generator<Buffer> {
    yield head;
    yield* wavChunks(bytes);
    yield tail;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + bytes + tail.length,
    body: Readable.from(parts(), { objectMode: false }),
  };
};
