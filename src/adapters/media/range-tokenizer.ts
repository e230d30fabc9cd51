import { AbstractTokenizer, EndOfStreamError, type IRandomAccessFileInfo, type IReadChunkOptions } from 'strtok3';
import type { RangeReader } from '../../application/ports/media-inspector.port.ts';

/** Parsers read a few bytes at a time; every read becomes a store request unless it is served from a block. */
const BLOCK_SIZE = 256 * 1024;
const CACHED_BLOCKS = 8;

/**
 * A random-access strtok3 tokenizer over a `RangeReader`, so music-metadata can seek (skip audio data,
 * read trailing tags) instead of streaming the whole object. Reads go through aligned blocks kept in a
 * small LRU, which turns the parsers' many tiny reads into a few ranged requests.
 */
export class RangeTokenizer extends AbstractTokenizer {
  override fileInfo: IRandomAccessFileInfo;
  /** The first failure of the reader itself, so callers can tell a store outage from bad audio. */
  readFailure: unknown;
  private readonly reader: RangeReader;
  private readonly blocks = new Map<number, Promise<Uint8Array>>();

  constructor(reader: RangeReader, mimeType: string) {
    super();
    this.reader = reader;
    this.fileInfo = { size: reader.size, mimeType };
  }

  override async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const normalized = this.normalizeOptions(target, options);
    const count = await this.peekBuffer(target, normalized);
    this.position = normalized.position + count;
    return count;
  }

  override async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const { position, length, mayBeLess } = this.normalizeOptions(target, options);
    const count = Math.max(0, Math.min(this.fileInfo.size - position, length));
    if (!mayBeLess && count < length) {
      throw new EndOfStreamError();
    }
    let copied = 0;
    while (copied < count) {
      const at = position + copied;
      const index = Math.floor(at / BLOCK_SIZE);
      const block = await this.block(index);
      const offset = at - index * BLOCK_SIZE;
      const n = Math.min(count - copied, block.length - offset);
      target.set(block.subarray(offset, offset + n), copied);
      copied += n;
    }
    return count;
  }

  override supportsRandomAccess(): boolean {
    return true;
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  private block(index: number): Promise<Uint8Array> {
    const cached = this.blocks.get(index);
    if (cached) {
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    const start = index * BLOCK_SIZE;
    const end = Math.min(start + BLOCK_SIZE, this.fileInfo.size) - 1;
    const loading = this.reader.read(start, end).then((bytes) => {
      if (bytes.length !== end - start + 1) {
        throw new Error(`range ${start}-${end} returned ${bytes.length} bytes`);
      }
      return bytes;
    });
    loading.catch((error: unknown) => {
      this.readFailure ??= error;
      this.blocks.delete(index);
    });
    this.blocks.set(index, loading);
    if (this.blocks.size > CACHED_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    return loading;
  }
}
