import { describe, expect, test } from 'vitest';
import { ACCEPTED_AUDIO } from '../../src/adapters/media/accepted-types.ts';
import { AUDIO_FORMATS, audioExtension, audioFormatOfExtension, audioFormatOfType, declaredAudioType } from '../../src/domain/audio-formats.ts';

describe('the audio format table', () => {
  test('no type, alias or extension names two formats', () => {
    const types = AUDIO_FORMATS.flatMap((f) => [f.mime, ...f.aliases]);
    const extensions = AUDIO_FORMATS.flatMap((f) => [...f.extensions, ...f.alsoNamedBy]);
    expect(new Set(types).size).toBe(types.length);
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const f of AUDIO_FORMATS) expect(f.extensions.length).toBeGreaterThan(0);
  });

  test.each([
    // Every alias any of the former tables knew, including the ones only one of them had.
    ['audio/x-mpeg-3', 'audio/mpeg'],
    ['audio/x-mp3', 'audio/mpeg'],
    ['audio/mp3', 'audio/mpeg'],
    ['audio/mpeg3', 'audio/mpeg'],
    ['audio/x-mpeg', 'audio/mpeg'],
    ['audio/x-flac', 'audio/flac'],
    ['audio/vnd.wave', 'audio/wav'],
    ['audio/wave', 'audio/wav'],
    ['audio/x-aiff', 'audio/aiff'],
    ['audio/x-m4b', 'audio/mp4'],
    ['audio/m4a', 'audio/mp4'],
    ['audio/aacp', 'audio/aac'],
    ['audio/opus', 'audio/ogg'],
    ['audio/vorbis', 'audio/ogg'],
    ['Application/Ogg; charset=binary', 'audio/ogg'],
  ])('%s is %s', (type, mime) => {
    expect(audioFormatOfType(type)?.mime).toBe(mime);
  });

  test('unknown types and extensions name no format', () => {
    expect(audioFormatOfType('video/mp4')).toBeNull();
    expect(audioFormatOfExtension('exe')).toBeNull();
  });
});

describe('declaredAudioType', () => {
  test.each([
    ['audio/x-mpeg-3', 'a.bin', 'audio/mpeg'],
    ['audio/x-mp3', 'a', 'audio/mpeg'],
    ['', 'song.FLAC', 'audio/flac'],
    ['application/octet-stream', 'take.wave', 'audio/wav'],
    ['binary/octet-stream', 'loop.aifc', 'audio/aiff'],
    ['', 'voice.opus', 'audio/ogg'],
    ['video/mp4', 'clip.m4a', null],
    ['application/octet-stream', 'setup.exe', null],
    ['', 'no-extension', null],
  ])('%j with %j -> %j', (type, filename, expected) => {
    expect(declaredAudioType(type, filename)).toBe(expected);
  });
});

describe('audioExtension', () => {
  test('a rarer spelling names the format on upload but a download keeps the default', () => {
    expect(audioExtension('audio/wav', 'take.wave')).toBe('wav');
    expect(audioExtension('audio/aiff', 'take.aiff')).toBe('aiff');
  });
});

describe('the sniffer accepts what the table knows, under its canonical type', () => {
  test('every accepted detection maps to a format of the table with one of its extensions', () => {
    for (const [detected, sniffed] of ACCEPTED_AUDIO) {
      const format = audioFormatOfType(sniffed.mime);
      expect(format?.mime, detected).toBe(sniffed.mime);
      expect(format?.extensions, detected).toContain(sniffed.ext);
    }
  });

  test('Ogg FLAC (file-type: oga) stays refused', () => {
    expect(ACCEPTED_AUDIO.has('oga')).toBe(false);
  });
});
