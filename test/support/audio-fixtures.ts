import { readFile } from 'node:fs/promises';
import type { RangeReader } from '../../src/application/ports/media-inspector.port.ts';

export interface PcmOptions {
  seconds: number;
  sampleRate: number;
  channels: number;
}

export interface WavOptions extends PcmOptions {
  title?: string;
  artist?: string;
}

/** Files made once with ffmpeg (see test/fixtures/audio/README.md). */
export function readAudioFixture(name: string): Promise<Uint8Array> {
  return readFile(new URL(`../fixtures/audio/${name}`, import.meta.url)).then((b) => new Uint8Array(b));
}

/** 16-bit PCM WAV of a 440 Hz sine, with a LIST/INFO chunk (INAM, IART) when tags are given. */
export function makeWav(options: WavOptions): Uint8Array {
  const samples = pcmSine(options, 'le');
  return concat(wavHeader(samples.length, options, infoChunk(options)), samples);
}

/** RIFF/WAVE header up to the start of the sample data, with `extraChunks` between `fmt ` and `data`. */
export function wavHeader(dataLength: number, { sampleRate, channels }: Omit<PcmOptions, 'seconds'>, extraChunks: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(44);
  const v = new DataView(out.buffer);
  ascii(out, 0, 'RIFF');
  v.setUint32(4, Math.min(0xffffffff, 36 + extraChunks.length + dataLength), true);
  ascii(out, 8, 'WAVEfmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  const data = new Uint8Array(8);
  ascii(data, 0, 'data');
  new DataView(data.buffer).setUint32(4, dataLength, true);
  return concat(out.subarray(0, 36), extraChunks, data);
}

/** 16-bit PCM AIFF of a 440 Hz sine (COMM + SSND). */
export function makeAiff(options: PcmOptions): Uint8Array {
  const samples = pcmSine(options, 'be');
  const comm = new Uint8Array(8 + 18);
  const c = new DataView(comm.buffer);
  ascii(comm, 0, 'COMM');
  c.setUint32(4, 18);
  c.setUint16(8, options.channels);
  c.setUint32(10, samples.length / (2 * options.channels));
  c.setUint16(14, 16);
  comm.set(extended80(options.sampleRate), 16);
  const ssnd = new Uint8Array(16);
  ascii(ssnd, 0, 'SSND');
  new DataView(ssnd.buffer).setUint32(4, 8 + samples.length);
  const form = new Uint8Array(12);
  ascii(form, 0, 'FORM');
  new DataView(form.buffer).setUint32(4, 4 + comm.length + ssnd.length + samples.length);
  ascii(form, 8, 'AIFF');
  return concat(form, comm, ssnd, samples);
}

export interface CountingReader extends RangeReader {
  requests: number;
  bytesRead: number;
}

/** A RangeReader over bytes, where `bytes` may be shorter than `size` (the rest reads as zeros). */
export function rangeReaderOver(bytes: Uint8Array, size = bytes.length): CountingReader {
  const reader: CountingReader = {
    size,
    requests: 0,
    bytesRead: 0,
    async read(start, endInclusive) {
      if (start < 0 || endInclusive >= size || endInclusive < start) {
        throw new RangeError(`bad range ${start}-${endInclusive}`);
      }
      reader.requests += 1;
      reader.bytesRead += endInclusive - start + 1;
      const out = new Uint8Array(endInclusive - start + 1);
      if (start < bytes.length) out.set(bytes.subarray(start, Math.min(bytes.length, endInclusive + 1)));
      return out;
    },
  };
  return reader;
}

function pcmSine({ seconds, sampleRate, channels }: PcmOptions, endian: 'le' | 'be'): Uint8Array {
  const frames = Math.round(seconds * sampleRate);
  const out = new Uint8Array(frames * channels * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 12000);
    for (let ch = 0; ch < channels; ch++) v.setInt16((i * channels + ch) * 2, sample, endian === 'le');
  }
  return out;
}

function infoChunk({ title, artist }: WavOptions): Uint8Array {
  const entries = [
    ['INAM', title],
    ['IART', artist],
  ].filter((e): e is [string, string] => e[1] !== undefined);
  if (entries.length === 0) return new Uint8Array(0);
  const subchunks = entries.map(([id, value]) => {
    const text = new TextEncoder().encode(`${value}\0`);
    const chunk = new Uint8Array(8 + text.length + (text.length % 2));
    ascii(chunk, 0, id);
    new DataView(chunk.buffer).setUint32(4, text.length, true);
    chunk.set(text, 8);
    return chunk;
  });
  const body = concat(new TextEncoder().encode('INFO'), ...subchunks);
  const head = new Uint8Array(8);
  ascii(head, 0, 'LIST');
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concat(head, body);
}

/** IEEE 754 80-bit extended, as AIFF stores its sample rate. */
function extended80(value: number): Uint8Array {
  const out = new Uint8Array(10);
  const exponent = Math.floor(Math.log2(value));
  const v = new DataView(out.buffer);
  v.setUint16(0, 16383 + exponent);
  v.setBigUint64(2, BigInt(Math.round(value * 2 ** (63 - exponent))));
  return out;
}

function ascii(target: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) target[at + i] = text.charCodeAt(i);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
