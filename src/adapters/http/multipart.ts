import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { AppError } from '../../domain/app-error.ts';
import { malformedMultipart as malformed, multipartExpected, multipartFieldTooLong } from './http-errors.ts';
import { admitBody } from './request-bounds.middleware.ts';

export interface MultipartFile {
  filename: string;
  mimeType: string;
  stream: Readable;
}

export interface MultipartOptions {
  /** Only parts with this name are files to store; others are drained and ignored. */
  fileField: string;
  /**
   * Bytes per file. A longer file's stream carries one byte past this and then ends, so a reader counting
   * bytes sees that it is too long; with `fileTooLarge`, it fails with that error instead.
   */
  maxFileBytes: number;
  fileTooLarge?: () => Error;
  maxFieldBytes?: number;
  maxFields?: number;
}

export interface MultipartBody {
  files: AsyncIterable<MultipartFile>;
  fields: () => Record<string, string>;
}

/**
 * Streams a multipart/form-data body with busboy: files are handed out one at a time as they arrive,
 * with back-pressure (busboy waits until the current file is consumed), never buffered or spooled to disk.
 */
export const parseMultipart = (req: IncomingMessage, res: ServerResponse, options: MultipartOptions): MultipartBody => {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw multipartExpected();
  }
  // Only routes behind their role check parse uploads: this body is wanted, and may take long to arrive.
  admitBody(req, res);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        fileSize: options.maxFileBytes + 1,
        fieldSize: options.maxFieldBytes ?? 16 * 1024,
        fields: options.maxFields ?? 20,
        headerPairs: 20,
      },
    });
  } catch {
    throw malformed('The multipart boundary is missing or invalid.');
  }

  const fields: Record<string, string> = {};
  const queue: MultipartFile[] = [];
  let current: Readable | null = null;
  let finished = false;
  let failure: AppError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (error: AppError) => {
    if (failure) return;
    failure = error;
    if (current && !current.readableEnded) current.destroy(error);
    notify();
  };

  parser.on('file', (name, stream, info) => {
    // busboy destroys an unfinished file stream with its own error when the body ends early. That error
    // reaches the caller through 'error' below (and through the stream when it is being read); without a
    // listener here it would be an unhandled 'error' event and take the process down.
    stream.on('error', () => undefined);
    if (name !== options.fileField || failure) {
      stream.resume();
      return;
    }
    if (options.fileTooLarge) {
      const tooLarge = options.fileTooLarge;
      stream.once('limit', () => stream.destroy(tooLarge()));
    }
    current = stream;
    queue.push({ filename: info.filename ?? 'unnamed', mimeType: info.mimeType, stream });
    notify();
  });
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) {
      fail(multipartFieldTooLong(name));
      return;
    }
    fields[name] = value;
  });
  parser.on('fieldsLimit', () => fail(malformed('Too many text fields.')));
  parser.on('error', () => fail(malformed('The multipart body is malformed or truncated.')));
  parser.on('close', () => {
    finished = true;
    notify();
  });
  req.on('aborted', () => fail(malformed('The request was aborted.')));
  req.pipe(parser);

  async function* files(): AsyncGenerator<MultipartFile> {
    for (;;) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  return { files: files(), fields: () => ({ ...fields }) };
};
