import { parse } from 'content-disposition';
import { describe, expect, test } from 'vitest';
import { audioExtension } from '../../src/domain/audio-formats.ts';
import { downloadFilename } from '../../src/application/use-cases/streaming/download-filename.ts';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The value of `filename*` decoded as RFC 8187 says: charset UTF-8, empty language, percent-encoded bytes. */
const extValue = (header: string): string => {
  const match = /;\s*filename\*=UTF-8''([^;\s]+)/.exec(header);
  if (!match) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(match[1]!);
};
const asciiValue = (header: string): string => /;\s*filename="([^"]*)"/.exec(header)![1]!;

describe('downloadFilename', () => {
  test.each([
    ['DJ "Ø" / Nacht 🌙 東京', "DJ 'Ø' - Nacht 🌙 東京.mp3", "DJ 'O' - Nacht.mp3"],
    ['Closing Set', 'Closing Set.mp3', 'Closing Set.mp3'],
    ['Café Olé', 'Café Olé.mp3', 'Cafe Ole.mp3'],
    ['東京', '東京.mp3', 'track.mp3'],
    ['Ночной эфир', 'Ночной эфир.mp3', 'track.mp3'],
    ['back\\slash: a|b *c?<d>', 'back-slash- a-b _c__d_.mp3', 'back-slash- a-b _c_d.mp3'],
    ['../../etc/passwd', 'etc-passwd.mp3', 'etc-passwd.mp3'],
    ['line\nbreak\ttab\u0000nul', 'line break tab nul.mp3', 'line break tab nul.mp3'],
    ['evil\u202Egnp.exe', 'evilgnp.exe.mp3', 'evilgnp.exe.mp3'],
    ['100% Techno', '100% Techno.mp3', '100_ Techno.mp3'],
    ['   ...   ', 'track.mp3', 'track.mp3'],
    ['Set.mp3', 'Set.mp3', 'Set.mp3'],
    ['CON', 'CON_.mp3', 'CON_.mp3'],
    ['half \ud83c pair', 'half pair.mp3', 'half pair.mp3'],
    ["it's (live) *", "it's (live) _.mp3", "it's (live).mp3"],
  ])('%j -> %j (ASCII %j)', (title, filename, ascii) => {
    const name = downloadFilename({ title, contentType: 'audio/mpeg' });
    expect(name.filename).toBe(filename);
    expect(name.asciiFilename).toBe(ascii);
    expect(name.contentDisposition).toMatch(PRINTABLE_ASCII);
    expect(name.contentDisposition).toBe(`attachment; filename="${ascii}"; filename*=UTF-8''${name.contentDisposition.split("UTF-8''")[1]}`);
    expect(asciiValue(name.contentDisposition)).toBe(ascii);
    expect(extValue(name.contentDisposition)).toBe(filename);
  });

  test('a standard parser (jshttp content-disposition) reads filename* back as the name, filename as the fallback', () => {
    const title = 'DJ "Ø" / Nacht 🌙 東京';
    const { contentDisposition, filename, asciiFilename } = downloadFilename({ title, contentType: 'audio/flac' });
    const parsed = parse(contentDisposition);
    expect(parsed.type).toBe('attachment');
    expect(parsed.parameters.filename).toBe(filename);
    expect(parse(contentDisposition, { extended: false }).parameters.filename).toBe(asciiFilename);
  });

  test('the encoded value uses only RFC 8187 attr-chars and percent escapes', () => {
    const { contentDisposition } = downloadFilename({ title: "a'b(c)d*e!f~g", contentType: 'audio/wav' });
    const value = contentDisposition.split("UTF-8''")[1]!;
    expect(value).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
    expect(decodeURIComponent(value)).toBe("a'b(c)d_e!f~g.wav");
  });

  test('long titles are cut at a character boundary within the file-name byte limit, emoji kept whole', () => {
    const family = '👨‍👩‍👧';
    const { filename, contentDisposition } = downloadFilename({ title: family.repeat(100), contentType: 'audio/mpeg' });
    const base = filename.slice(0, -'.mp3'.length);
    expect(new TextEncoder().encode(filename).length).toBeLessThanOrEqual(255);
    expect(base.replaceAll(family, '')).toBe('');
    expect(contentDisposition.length).toBeLessThanOrEqual(1024);
    const latin = downloadFilename({ title: 'x'.repeat(5000), contentType: 'audio/mpeg' });
    expect(latin.filename.length).toBeLessThanOrEqual(255);
    expect(latin.asciiFilename).toBe(latin.filename);
  });

  test('full-width look-alikes fold to ASCII but never into a path separator or a quote', () => {
    const name = downloadFilename({ title: 'Ａ／Ｂ＂Ｃ', contentType: 'audio/mpeg' });
    expect(name.filename).toBe('Ａ／Ｂ＂Ｃ.mp3');
    expect(name.asciiFilename).toBe("A-B'C.mp3");
  });
});

describe('audioExtension', () => {
  test.each([
    ['audio/mpeg', null, 'mp3'],
    ['audio/flac', 'x.flac', 'flac'],
    ['audio/wav', 'x.mp3', 'wav'],
    ['audio/x-wav', null, 'wav'],
    ['audio/aiff', 'x.AIFF', 'aiff'],
    ['audio/aiff', null, 'aif'],
    ['audio/mp4', 'book.m4b', 'm4b'],
    ['audio/mp4', 'song.mp4', 'm4a'],
    ['audio/aac', null, 'aac'],
    ['audio/ogg', 'set.opus', 'opus'],
    ['audio/ogg', 'set.exe', 'ogg'],
    ['Audio/Ogg; codecs=opus', null, 'ogg'],
    ['application/x-msdownload', 'x.exe', null],
  ])('%s (uploaded as %s) -> %s', (type, original, ext) => {
    expect(audioExtension(type, original)).toBe(ext);
  });

  test('a type without a known extension gets none rather than a guess', () => {
    expect(downloadFilename({ title: 'Odd', contentType: 'audio/x-unknown', originalFilename: 'odd.exe' }).filename).toBe('Odd');
  });
});
