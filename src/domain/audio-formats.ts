/** Canonical content types of accepted audio: what the store keeps and serves back to players. */
export type AudioMime = 'audio/mpeg' | 'audio/flac' | 'audio/wav' | 'audio/aiff' | 'audio/mp4' | 'audio/aac' | 'audio/ogg';

export interface AudioFormat {
  readonly mime: AudioMime;
  /** Other spellings of the type that browsers and tools send or write; they mean the canonical one. */
  readonly aliases: readonly string[];
  /**
   * Extensions a file of this format carries; the first is the default. One type covers several containers:
   * `audio/ogg` is Vorbis (`.ogg`) or Opus (`.opus`), `audio/mp4` a song (`.m4a`) or an audiobook (`.m4b`).
   */
  readonly extensions: readonly string[];
  /** Rarer spellings that name the format in an uploaded file's name, but that a download never carries. */
  readonly alsoNamedBy: readonly string[];
}

/**
 * The audio formats the service accepts: the one table the upload sniffer, the direct-upload filter and
 * download names read. Ogg Opus is served as `audio/ogg` (RFC 7845), which browsers play.
 */
export const AUDIO_FORMATS: readonly AudioFormat[] = Object.freeze([
  {
    mime: 'audio/mpeg',
    aliases: ['audio/mp3', 'audio/mpeg3', 'audio/x-mpeg', 'audio/x-mp3', 'audio/x-mpeg-3'],
    extensions: ['mp3'],
    alsoNamedBy: [],
  },
  { mime: 'audio/flac', aliases: ['audio/x-flac'], extensions: ['flac'], alsoNamedBy: [] },
  { mime: 'audio/wav', aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave'], extensions: ['wav'], alsoNamedBy: ['wave'] },
  { mime: 'audio/aiff', aliases: ['audio/x-aiff'], extensions: ['aif', 'aiff'], alsoNamedBy: ['aifc'] },
  { mime: 'audio/mp4', aliases: ['audio/x-m4a', 'audio/m4a', 'audio/x-m4b'], extensions: ['m4a', 'm4b'], alsoNamedBy: [] },
  { mime: 'audio/aac', aliases: ['audio/x-aac', 'audio/aacp'], extensions: ['aac'], alsoNamedBy: [] },
  {
    mime: 'audio/ogg',
    aliases: ['application/ogg', 'audio/opus', 'audio/vorbis'],
    extensions: ['ogg', 'opus', 'oga'],
    alsoNamedBy: [],
  },
] satisfies AudioFormat[]);

const BY_TYPE = new Map(AUDIO_FORMATS.flatMap((f) => [f.mime, ...f.aliases].map((type) => [type, f] as const)));
const BY_EXTENSION = new Map(AUDIO_FORMATS.flatMap((f) => [...f.extensions, ...f.alsoNamedBy].map((ext) => [ext, f] as const)));

/** The media type without parameters, lower-cased: `Audio/Ogg; codecs=opus` -> `audio/ogg`. */
const essence = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

const extensionOf = (filename: string): string | undefined => /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();

/** The format a content type (canonical or alias, parameters ignored) names, or null. */
export const audioFormatOfType = (contentType: string): AudioFormat | null => BY_TYPE.get(essence(contentType)) ?? null;

/** The format a file extension (without the dot, any case) names, or null. */
export const audioFormatOfExtension = (extension: string): AudioFormat | null => BY_EXTENSION.get(extension.toLowerCase()) ?? null;

/**
 * A direct upload's declared type is only a first filter (the bytes decide on completion); it must name one
 * of the accepted formats. Browsers send no type or `application/octet-stream` for some audio files (FLAC,
 * Opus on some systems), so then the file name's extension decides. Null when neither names accepted audio.
 */
export const declaredAudioType = (contentType: string, filename: string): AudioMime | null => {
  const type = essence(contentType);
  const named = BY_TYPE.get(type);
  if (named) return named.mime;
  if (type !== '' && type !== 'application/octet-stream' && type !== 'binary/octet-stream') return null;
  const ext = extensionOf(filename);
  return (ext !== undefined && BY_EXTENSION.get(ext)?.mime) || null;
};

/**
 * The extension a downloaded file should carry, from the type the service stored (never from user input
 * alone): the uploaded name's extension when it is one of that format's, else the format's default; null
 * for a type the table does not know.
 */
export const audioExtension = (contentType: string, originalFilename?: string | null): string | null => {
  const format = audioFormatOfType(contentType);
  if (format === null) return null;
  const own = /\.([A-Za-z0-9]{1,5})$/.exec(originalFilename ?? '')?.[1]?.toLowerCase();
  return own !== undefined && format.extensions.includes(own) ? own : format.extensions[0]!;
};
