import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { MeteredUpload, UploadMeterOptions, UploadMeters } from '../../application/ports/upload-meter.port.ts';

/**
 * Sits between an upload's byte stream and its consumers: counts and hashes every byte, fails the stream
 * the moment it grows past `maxBytes`, and holds the first `headBytes` back (with back-pressure) until the
 * caller has looked at them and calls `open()`. `branches()` tees the output to two consumers (the store
 * and the metadata parser); the slower one sets the pace, so memory stays at a few stream buffers.
 */
export class UploadMeter extends Transform implements MeteredUpload {
  readonly head: Promise<Buffer>;
  private bytes = 0;
  private readonly hash = createHash('sha256');
  private held: Buffer[] = [];
  private heldBytes = 0;
  private opened = false;
  private headResolved = false;
  private resolveHead!: (head: Buffer) => void;
  private rejectHead!: (error: Error) => void;
  private resumeAfterOpen: (() => void) | null = null;
  private nextProgress: number;
  private failure: Error | null = null;

  constructor(private readonly options: UploadMeterOptions) {
    super();
    this.nextProgress = options.progressEvery ?? Number.POSITIVE_INFINITY;
    this.head = new Promise<Buffer>((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    this.head.catch(() => undefined);
    this.on('error', (error) => {
      this.failure ??= error;
      if (!this.headResolved) this.rejectHead(error);
    });
  }

  get byteCount(): number {
    return this.bytes;
  }

  /** The error the stream failed with (the meter's own, e.g. too large, or its source's). */
  get error(): Error | null {
    return this.failure;
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Lets the held head and everything after it through. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    for (const chunk of this.held) this.push(chunk);
    this.held = [];
    const resume = this.resumeAfterOpen;
    this.resumeAfterOpen = null;
    resume?.();
  }

  /** Two byte streams carrying the same bytes; errors of the meter reach both. */
  branches(): [Readable, Readable] {
    const a = new PassThrough();
    const b = new PassThrough();
    this.pipe(a);
    this.pipe(b);
    this.once('error', (error) => {
      a.destroy(error);
      b.destroy(error);
    });
    return [a, b];
  }

  /** Pipes `source` in; a source error fails the meter too. */
  static fed(source: Readable, options: UploadMeterOptions): UploadMeter {
    const meter = new UploadMeter(options);
    source.once('error', (error) => meter.destroy(error));
    source.pipe(meter);
    return meter;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.options.maxBytes) {
      done(this.options.tooLarge());
      return;
    }
    this.hash.update(chunk);
    if (this.bytes >= this.nextProgress) {
      this.options.onProgress?.(this.bytes);
      this.nextProgress += this.options.progressEvery ?? Number.POSITIVE_INFINITY;
    }
    if (this.opened) {
      done(null, chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < this.options.headBytes) {
      done();
      return;
    }
    this.announceHead();
    this.resumeAfterOpen = () => done();
  }

  override _flush(done: TransformCallback): void {
    if (this.opened) {
      done();
      return;
    }
    this.announceHead();
    this.resumeAfterOpen = () => done();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error) this.failure ??= error;
    if (!this.headResolved) {
      this.headResolved = true;
      this.rejectHead(error ?? new Error('upload stream closed before its first bytes'));
    }
    callback(error);
  }

  private announceHead(): void {
    if (this.headResolved) return;
    this.headResolved = true;
    this.resolveHead(Buffer.concat(this.held, this.heldBytes));
  }
}

/** The Node stream implementation of the upload meter port. */
export const streamUploadMeters: UploadMeters = {
  meter: (source, options) => UploadMeter.fed(source, options),
};
