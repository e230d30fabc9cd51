import type { Readable } from 'node:stream';

/** One file of an upload as the transport hands it over: its name as sent and its bytes as they arrive. */
export interface IncomingFile {
  filename: string;
  /**
   * Fails with the transport's too-large error once the file is longer than the route allows (the use case
   * counts too, so a transport without a limit of its own is still bounded).
   */
  stream: Readable;
}

export interface UploadMeterOptions {
  /** Bytes held back until `open()`, so the type can be sniffed before anything is written. */
  headBytes: number;
  maxBytes: number;
  /** The error the stream fails with once it grows past `maxBytes`. */
  tooLarge: () => Error;
  /** Called every `progressEvery` bytes. */
  onProgress?: (bytes: number) => void;
  progressEvery?: number;
}

/**
 * An upload's bytes on their way to the store: counted and hashed, failed the moment they pass `maxBytes`,
 * the first `headBytes` held back until `open()`.
 */
export interface MeteredUpload {
  /** The first `headBytes` (all of them when the upload is shorter); rejects when the upload fails first. */
  readonly head: Promise<Uint8Array>;
  /** Lets the held-back head and the rest flow to the branches. */
  open(): void;
  /** Two streams carrying the same bytes (the store and the metadata parser); the slower sets the pace. */
  branches(): [Readable, Readable];
  readonly byteCount: number;
  /** The error the upload failed with (the meter's own, e.g. too large, or its source's). */
  readonly error: Error | null;
  /** Hex SHA-256 of the bytes so far. */
  sha256(): string;
  /** Stops the upload; with an error, the branches fail with it. */
  destroy(error?: Error): void;
}

export interface UploadMeters {
  /** Meters `source`; a source error fails the meter too. */
  meter(source: Readable, options: UploadMeterOptions): MeteredUpload;
}
