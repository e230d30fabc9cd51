import { audioExtension } from '../../../domain/audio-formats.ts';

export interface DownloadFilenameInput {
  title: string;
  /** The stored (sniffed) content type: it picks the extension. */
  contentType: string;
  /** The uploaded file's name; only its extension is consulted, and only when it matches the type. */
  originalFilename?: string | null;
}

export interface DownloadFilename {
  /** The name a browser should save the file as, in Unicode (what `filename*` carries). */
  filename: string;
  /** Printable ASCII stand-in for clients that ignore `filename*`. */
  asciiFilename: string;
  /** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 + RFC 8187), printable ASCII. */
  contentDisposition: string;
}

const FALLBACK_BASE = 'track';
/** Room for the extension within the 255-byte file-name limit of common file systems, and a short header. */
const MAX_BASE_BYTES = 180;

const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
// Half a surrogate pair has no UTF-8 form (encodeURIComponent would throw).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Invisible characters that can disguise a name (a bidi override can make its end read as another extension).
const INVISIBLE = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/gu;
// Characters Windows refuses in file names; slashes and backslashes would name another directory anywhere.
const RESERVED: Record<string, string> = { '"': "'", '/': '-', '\\': '-', '|': '-', ':': '-', '*': '_', '?': '_', '<': '_', '>': '_' };
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
// Letters that carry no combining mark to strip, folded by hand so common names keep a readable ASCII form.
const LATIN_FOLD: Record<string, string> = {
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Đ: 'D',
  đ: 'd',
  Ł: 'L',
  ł: 'l',
  Þ: 'Th',
  þ: 'th',
  ı: 'i',
  Ð: 'D',
  ð: 'd',
};

let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' })).segment(text);
const utf8Length = (text: string): number => {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
};

const replaceReserved = (text: string): string => text.replace(/["/\\|:*?<>]/g, (c) => RESERVED[c] ?? '_');

const tidy = (text: string): string =>
  text
    .replace(/\s+/gu, ' ')
    // Leading dots hide a file on Unix, a leading dash reads as an option; Windows drops trailing dots and spaces.
    .replace(/^[\s.-]+|[\s.]+$/g, '');

/** Cuts at a grapheme boundary so an emoji or an accented letter is never split. */
const truncateBytes = (text: string, maxBytes: number): string => {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes(text)) {
    bytes += utf8Length(segment);
    if (bytes > maxBytes) break;
    out += segment;
  }
  return out;
};

const safeBase = (title: string, extension: string | null): string => {
  let base = tidy(replaceReserved(title.normalize('NFC').replace(LONE_SURROGATE, '').replace(CONTROL, ' ').replace(INVISIBLE, '')));
  if (extension !== null && base.toLowerCase().endsWith(`.${extension}`)) base = tidy(base.slice(0, -extension.length - 1));
  base = tidy(truncateBytes(base, MAX_BASE_BYTES));
  if (base === '') return FALLBACK_BASE;
  return WINDOWS_DEVICE.test(base) ? `${base}_` : base;
};

const asciiBase = (base: string): string => {
  const folded = [...base.normalize('NFKD').replace(/\p{M}/gu, '')].map((c) => LATIN_FOLD[c] ?? c).join('');
  const ascii = replaceReserved(folded)
    // RFC 6266 appendix D: some clients percent-decode `filename`, so no '%' in the fallback.
    .replace(/[^\x20-\x7e]+|%/g, '_')
    .replace(/_(?:[\s_]*_)?/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s._-]+|[\s._-]+$/g, '')
    .slice(0, MAX_BASE_BYTES);
  if (!/[A-Za-z0-9]/.test(ascii)) return FALLBACK_BASE;
  return WINDOWS_DEVICE.test(ascii) ? `${ascii}_` : ascii;
};

/** RFC 8187 `value-chars`: every byte outside attr-char percent-encoded (encodeURIComponent leaves `'()*` alone). */
const encodeExtValue = (text: string): string => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The download name of a track: its title made safe as a file name, with the extension of its stored type. */
export const downloadFilename = (input: DownloadFilenameInput): DownloadFilename => {
  const extension = audioExtension(input.contentType, input.originalFilename);
  const suffix = extension === null ? '' : `.${extension}`;
  const base = safeBase(input.title, extension);
  const filename = `${base}${suffix}`;
  const asciiFilename = `${asciiBase(base)}${suffix}`;
  return {
    filename,
    asciiFilename,
    contentDisposition: `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encodeExtValue(filename)}`,
  };
};
