/**
 * File extensions for the audio types the service stores (the canonical types of the upload sniffer, plus
 * the aliases other tools write). The first extension is the default; the others are accepted when the
 * uploaded file's own name used them, because one type covers several containers: `audio/ogg` is Vorbis
 * (`.ogg`) or Opus (`.opus`), `audio/mp4` is a song (`.m4a`) or an audiobook (`.m4b`).
 */
const EXTENSIONS: ReadonlyArray<readonly [types: readonly string[], extensions: readonly string[]]> = [
  [['audio/mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg', 'audio/x-mp3'], ['mp3']],
  [['audio/flac', 'audio/x-flac'], ['flac']],
  [['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'], ['wav']],
  [['audio/aiff', 'audio/x-aiff'], ['aif', 'aiff']],
  [['audio/mp4', 'audio/x-m4a', 'audio/m4a'], ['m4a', 'm4b']],
  [['audio/aac', 'audio/x-aac', 'audio/aacp'], ['aac']],
  [['audio/ogg', 'application/ogg'], ['ogg', 'opus', 'oga']],
  [['audio/opus'], ['opus']],
];

const BY_TYPE = new Map(EXTENSIONS.flatMap(([types, extensions]) => types.map((type) => [type, extensions] as const)));

/**
 * The extension a downloaded file should carry, from the type the service stored (never from user input
 * alone): the uploaded name's extension when it is one of that type's, else the type's default; null for a
 * type the table does not know.
 */
export const audioExtension = (contentType: string, originalFilename?: string | null): string | null => {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const extensions = BY_TYPE.get(type);
  if (extensions === undefined) return null;
  const own = /\.([A-Za-z0-9]{1,5})$/.exec(originalFilename ?? '')?.[1]?.toLowerCase();
  return own !== undefined && extensions.includes(own) ? own : extensions[0]!;
};
