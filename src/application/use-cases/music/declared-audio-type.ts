/**
 * A direct upload's declared type is only a first filter (the bytes decide on completion); it must name
 * one of the accepted formats. Browsers send no type or `application/octet-stream` for some audio files
 * (FLAC, Opus on some systems), so then the file name's extension decides.
 */
const DECLARED = new Map<string, string>([
  ['audio/mpeg', 'audio/mpeg'], ['audio/mp3', 'audio/mpeg'], ['audio/mpeg3', 'audio/mpeg'], ['audio/x-mpeg-3', 'audio/mpeg'],
  ['audio/flac', 'audio/flac'], ['audio/x-flac', 'audio/flac'],
  ['audio/wav', 'audio/wav'], ['audio/x-wav', 'audio/wav'], ['audio/wave', 'audio/wav'], ['audio/vnd.wave', 'audio/wav'],
  ['audio/aiff', 'audio/aiff'], ['audio/x-aiff', 'audio/aiff'],
  ['audio/mp4', 'audio/mp4'], ['audio/x-m4a', 'audio/mp4'], ['audio/m4a', 'audio/mp4'], ['audio/x-m4b', 'audio/mp4'],
  ['audio/aac', 'audio/aac'], ['audio/x-aac', 'audio/aac'], ['audio/aacp', 'audio/aac'],
  ['audio/ogg', 'audio/ogg'], ['audio/opus', 'audio/ogg'], ['audio/vorbis', 'audio/ogg'], ['application/ogg', 'audio/ogg'],
]);

const BY_EXTENSION = new Map<string, string>([
  ['mp3', 'audio/mpeg'], ['flac', 'audio/flac'], ['wav', 'audio/wav'], ['wave', 'audio/wav'], ['aif', 'audio/aiff'],
  ['aiff', 'audio/aiff'], ['aifc', 'audio/aiff'], ['m4a', 'audio/mp4'], ['m4b', 'audio/mp4'], ['aac', 'audio/aac'],
  ['ogg', 'audio/ogg'], ['oga', 'audio/ogg'], ['opus', 'audio/ogg'],
]);

/** The canonical type for a declared content type and file name, or null when neither names accepted audio. */
export const declaredAudioType = (contentType: string, filename: string): string | null => {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const named = DECLARED.get(essence);
  if (named) return named;
  if (essence !== '' && essence !== 'application/octet-stream' && essence !== 'binary/octet-stream') return null;
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION.get(ext)) ?? null;
};
