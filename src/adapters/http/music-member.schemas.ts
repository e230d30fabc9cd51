import { z } from 'zod';

/** `?redirect=1` (or `true`) answers 302 to the URL instead of JSON, for `<audio src>` and plain links. */
export const redirectQuerySchema = z.object({
  redirect: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('`1`: answer 302 with `Location` set to the URL and `Cache-Control: no-store`.'),
});

export const streamUrlSchema = z
  .object({
    url: z.url().describe('Presigned GET for inline playback; the store answers Range requests (206, Accept-Ranges: bytes).'),
    expiresAt: z.iso.datetime().describe('At least the track duration plus 10 minutes (and at least URL_TTL_SECONDS) away, at most 12 h.'),
    contentType: z.string(),
    byteSize: z.int(),
  })
  .meta({ id: 'StreamUrl' });

export const downloadUrlSchema = z
  .object({
    url: z.url().describe('Presigned GET answered with `Content-Disposition: attachment; filename="…"; filename*=UTF-8\'\'…`.'),
    expiresAt: z.iso.datetime(),
    filename: z.string().describe('The file name offered (title plus the extension of the stored audio type), in Unicode.'),
  })
  .meta({ id: 'DownloadUrl' });
