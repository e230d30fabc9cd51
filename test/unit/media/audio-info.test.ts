import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { isAppError } from '../../../src/domain/app-error.ts';
import { SNIFF_BYTES, type AudioInfo } from '../../../src/application/ports/media-inspector.port.ts';
import { FileTypeMediaInspector, RANGED_FRAME_SCAN_LIMIT } from '../../../src/adapters/media/file-type-media-inspector.ts';
import { concat, makeAiff, makeWav, rangeReaderOver, readAudioFixture, wavHeader } from '../../support/audio-fixtures.ts';

const inspector = new FileTypeMediaInspector();
const tagged = { title: 'Sine Title', artist: 'Test Artist' };

/** A stream that hands the bytes over in small chunks, as a network upload does. */
function chunked(bytes: Uint8Array, chunk = 1000): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += chunk) yield Buffer.from(bytes.subarray(at, at + chunk));
    })(),
    { objectMode: false },
  );
}

async function sniffedMime(bytes: Uint8Array): Promise<string> {
  const sniffed = await inspector.sniffAudio(bytes.subarray(0, SNIFF_BYTES));
  if (!sniffed) throw new Error('fixture not sniffed as audio');
  return sniffed.mime;
}

async function viaStream(bytes: Uint8Array, withSize = true): Promise<AudioInfo> {
  const mime = await sniffedMime(bytes);
  return inspector.readAudioInfo(chunked(bytes), withSize ? { mime, byteSize: bytes.length } : { mime });
}

async function viaRanges(bytes: Uint8Array): Promise<AudioInfo> {
  return inspector.readAudioInfo(rangeReaderOver(bytes), { mime: await sniffedMime(bytes) });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

describe('readAudioInfo: durations, codec and tags of every accepted format', () => {
  const cases: Array<[string, number, string, boolean]> = [
    // file, expected seconds, codec, tagged
    ['sine-cbr.mp3', 2.04, 'MPEG 1 Layer 3', true],
    ['sine-untagged.mp3', 2.04, 'MPEG 1 Layer 3', false],
    ['sine-vbr-xing.mp3', 2.04, 'MPEG 1 Layer 3', true],
    ['sine-vbr-noxing.mp3', 2.04, 'MPEG 1 Layer 3', true],
    ['sine.flac', 2, 'FLAC', true],
    ['sine.m4a', 2.02, 'MPEG-4/AAC', true],
    ['sine.aac', 2.02, 'AAC', false],
    ['sine.ogg', 2, 'Vorbis I', true],
    ['sine.opus', 2, 'Opus', true],
    ['sine-paged.ogg', 10, 'Vorbis I', true],
    ['sine-paged.opus', 10, 'Opus', true],
  ];

  test.each(cases)('%s (ranged reads and stream agree)', async (file, seconds, codec, hasTags) => {
    const bytes = await readAudioFixture(file);
    const ranged = await viaRanges(bytes);
    expect(ranged.durationMs).not.toBeNull();
    expect(Math.abs((ranged.durationMs ?? 0) - seconds * 1000)).toBeLessThanOrEqual(60);
    expect(ranged.codec).toBe(codec);
    expect({ title: ranged.title, artist: ranged.artist }).toEqual(hasTags ? tagged : { title: null, artist: null });
    expect(await viaStream(bytes)).toEqual(ranged);
  });

  test('WAV with a LIST/INFO chunk: duration, PCM codec and tags', async () => {
    const wav = makeWav({ seconds: 1.5, sampleRate: 22_050, channels: 2, title: 'Wav Title', artist: 'Wav Artist' });
    const ranged = await viaRanges(wav);
    expect(ranged).toEqual({ durationMs: 1500, title: 'Wav Title', artist: 'Wav Artist', codec: 'PCM' });
    expect(await viaStream(wav)).toEqual(ranged);
  });

  test('AIFF: duration read from its COMM chunk', async () => {
    const aiff = makeAiff({ seconds: 2.25, sampleRate: 44_100, channels: 1 });
    const ranged = await viaRanges(aiff);
    expect(ranged.durationMs).toBe(2250);
    expect(ranged.codec).toBe('PCM');
    expect(await viaStream(aiff)).toEqual(ranged);
  });

  test('a stream of unknown size still gets the duration of a CBR MP3 without a Xing frame', async () => {
    const info = await viaStream(await readAudioFixture('sine-untagged.mp3'), false);
    expect(Math.abs((info.durationMs ?? 0) - 2040)).toBeLessThanOrEqual(60);
  });
});

describe('readAudioInfo over ranges never reads a large object whole', () => {
  test('a 3 GiB WAV: duration from its header, a handful of small ranged reads', async () => {
    const format = { sampleRate: 48_000, channels: 2 };
    const dataLength = 3 * 1024 ** 3;
    const reader = rangeReaderOver(wavHeader(dataLength, format), 44 + dataLength);
    const info = await inspector.readAudioInfo(reader, { mime: 'audio/wav' });
    expect(info.durationMs).toBe(Math.round((dataLength / (format.sampleRate * format.channels * 2)) * 1000));
    expect(reader.bytesRead).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(reader.requests).toBeLessThanOrEqual(8);
  });

  test('a 1 GiB CBR MP3: duration from the size after four frames', async () => {
    const mp3 = await readAudioFixture('sine-untagged.mp3');
    const reader = rangeReaderOver(mp3, 1024 ** 3);
    const info = await inspector.readAudioInfo(reader, { mime: 'audio/mpeg' });
    // 32 kbit/s: 1 GiB lasts about 268,435 s; the parser estimates from one frame's size (±1 byte of padding).
    const expected = (1024 ** 3 * 8) / 32_000;
    expect(Math.abs((info.durationMs ?? 0) / 1000 - expected) / expected).toBeLessThan(0.01);
    expect(reader.bytesRead).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  test(`a VBR MP3 without a Xing header over ${RANGED_FRAME_SCAN_LIMIT / 1024 ** 2} MiB: duration unknown, object not read`, async () => {
    const mp3 = await readAudioFixture('sine-vbr-noxing.mp3');
    const reader = rangeReaderOver(mp3, RANGED_FRAME_SCAN_LIMIT + 1);
    const info = await inspector.readAudioInfo(reader, { mime: 'audio/mpeg' });
    expect(info).toEqual({ durationMs: null, title: 'Sine Title', artist: 'Test Artist', codec: 'MPEG 1 Layer 3' });
    expect(reader.bytesRead).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  test('a long Ogg stream: the parser stops early and the duration comes from the last page', async () => {
    const ogg = await readAudioFixture('sine-paged.opus');
    // 512 MiB of zeros between head and tail: only a parser that reads everything would touch them.
    const gap = 512 * 1024 * 1024;
    const reader = {
      size: ogg.length + gap,
      requests: 0,
      bytesRead: 0,
      async read(start: number, end: number) {
        reader.requests += 1;
        reader.bytesRead += end - start + 1;
        const out = new Uint8Array(end - start + 1);
        for (let at = start; at <= end; at++) {
          if (at < ogg.length - 4096) out[at - start] = ogg[at] ?? 0;
          else if (at >= gap + ogg.length - 4096) out[at - start] = ogg[at - gap] ?? 0;
        }
        return out;
      },
    };
    const info = await inspector.readAudioInfo(reader, { mime: 'audio/ogg' });
    expect(Math.abs((info.durationMs ?? 0) - 10_000)).toBeLessThanOrEqual(60);
    expect(reader.bytesRead).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

describe('readAudioInfo on a stream teed off an upload', () => {
  test('consumes the stream to its end even though the parser needs only the head', { timeout: 5000 }, async () => {
    const wav = makeWav({ seconds: 3, sampleRate: 44_100, channels: 2 });
    const source = chunked(wav, 16 * 1024);
    const forStore = new PassThrough();
    const forInspector = new PassThrough({ highWaterMark: 16 * 1024 });
    let stored = 0;
    forStore.on('data', (c: Buffer) => (stored += c.length));
    source.on('data', (c: Buffer) => {
      forStore.write(c);
      if (!forInspector.write(c)) source.pause();
    });
    forInspector.on('drain', () => source.resume());
    source.on('end', () => {
      forStore.end();
      forInspector.end();
    });
    const info = await inspector.readAudioInfo(forInspector, { mime: 'audio/wav' });
    expect(info.durationMs).toBe(3000);
    await finished(forStore);
    expect(stored).toBe(wav.length);
    expect(forInspector.readableEnded).toBe(true);
  });

  test('an object-mode stream is a programming error, not invalid audio', async () => {
    const wav = Buffer.from(makeWav({ seconds: 0.1, sampleRate: 8000, channels: 1 }));
    const error = await failure(inspector.readAudioInfo(Readable.from([wav]), { mime: 'audio/wav' }));
    expect(error).toBeInstanceOf(TypeError);
  });

  test('an error the source is destroyed with is rethrown as is, not as invalid audio', async () => {
    const source = new PassThrough();
    const cause = new Error('upload cut off');
    source.write(Buffer.from(makeWav({ seconds: 0.01, sampleRate: 8000, channels: 1 }).subarray(0, 20)));
    setTimeout(() => source.destroy(cause), 10);
    expect(await failure(inspector.readAudioInfo(source, { mime: 'audio/wav' }))).toBe(cause);
  });
});

describe('readAudioInfo refuses what is not audio', () => {
  test.each([
    [
      'an ID3 tag followed by no MPEG frames',
      () => concat(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 10]), new Uint8Array(10), new TextEncoder().encode('not audio at all '.repeat(200))),
    ],
    ['a truncated WAV header', () => makeWav({ seconds: 1, sampleRate: 8000, channels: 1 }).subarray(0, 30)],
  ])('%s -> INVALID_AUDIO (ranged and streamed)', async (_name, make) => {
    const bytes = make();
    const mime = (await inspector.sniffAudio(bytes.subarray(0, SNIFF_BYTES)))?.mime ?? 'audio/wav';
    for (const promise of [inspector.readAudioInfo(rangeReaderOver(bytes), { mime }), inspector.readAudioInfo(chunked(bytes), { mime })]) {
      const error = await failure(promise);
      expect(isAppError(error) && error.code).toBe('INVALID_AUDIO');
    }
  });

  test('a store failure during ranged reads surfaces as that failure, not as invalid audio', async () => {
    const outage = new Error('store down');
    const reader = { size: 1_000_000, read: () => Promise.reject(outage) };
    expect(await failure(inspector.readAudioInfo(reader, { mime: 'audio/mpeg' }))).toBe(outage);
  });
});
