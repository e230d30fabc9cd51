import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { ApiClient } from '../api-client.ts';
import { parseCommandArgs, stringOption } from '../args.ts';
import { CliError, UsageError } from '../cli-error.ts';
import { DEFAULT_URL, type Command, type CommandContext } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const OPTIONS = { url: { type: 'string' }, 'admin-token': { type: 'string' }, 'member-token': { type: 'string' } } as const;

const USAGE = `usage: synesthesie-media smoke --url URL --admin-token JWT --member-token JWT

Checks a deployed service end to end without touching existing data: uploads one tiny private image,
checks that members cannot see it, publishes it, checks the member view and the presigned bytes, then
deletes it and checks it is gone. Where the music phase is on, it does the same with a one-second track
uploaded through the direct multipart flow (and, with streaming on, streams a byte range of it as a
member). Prints each step; stops at the first failure (exit 1) after removing what it created.

options:
  --url URL            the service as members reach it, e.g. https://tickets.example.org/media
                       (default $SYNESTHESIE_URL, else ${DEFAULT_URL})
  --admin-token JWT    a token with an admin role (default $SYNESTHESIE_TOKEN)
  --member-token JWT   a token with a member role (default $SYNESTHESIE_MEMBER_TOKEN)
  -h, --help           this help`;

interface Me {
  role: string;
  features: string[];
}

/** A PNG of random pixels: new bytes each run, so the service's deduplication never hands back an old image. */
const randomPng = (width = 8, height = 8): Buffer => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), randomBytes(width * 3)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

/** One second of quiet noise as 16-bit mono WAV at 8 kHz, random so that no earlier upload matches it. */
const randomWav = (seconds = 1, rate = 8000): Buffer => {
  const samples = Buffer.alloc(seconds * rate * 2);
  for (let i = 0; i < samples.length; i += 2) samples.writeInt16LE(Math.round((Math.random() - 0.5) * 2000), i);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
};

class StepFailed extends Error {}

const check = (condition: unknown, message: string): void => {
  if (!condition) throw new StepFailed(message);
};

/** A request whose answer is the point of the step (a 404 may be the expected outcome). */
const status = async (url: string, init: RequestInit = {}): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new CliError(`cannot reach ${new URL(url).origin}: ${(error as Error).message}`, EXIT.unavailable);
  }
};

const run = async (ctx: CommandContext): Promise<number> => {
  const args = parseCommandArgs(ctx.argv, OPTIONS, false);
  if (args.values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const baseUrl = (stringOption(args, 'url') ?? ctx.env.SYNESTHESIE_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) throw new UsageError(`--url must be an http(s) URL (got "${baseUrl}")`);
  const adminToken = stringOption(args, 'admin-token') ?? ctx.env.SYNESTHESIE_TOKEN;
  const memberToken = stringOption(args, 'member-token') ?? ctx.env.SYNESTHESIE_MEMBER_TOKEN;
  if (!adminToken || !memberToken) throw new UsageError('both --admin-token and --member-token are needed');
  const admin = new ApiClient({ baseUrl, token: adminToken, maxRateLimitRetries: 2, onNotice: (m) => ctx.stderr.write(`${m}\n`) });
  const member = new ApiClient({ baseUrl, token: memberToken, maxRateLimitRetries: 2 });
  const asMember = { authorization: `Bearer ${memberToken}` };

  const cleanups: Array<{ what: string; undo: () => Promise<void> }> = [];
  const step = async (name: string, fn: () => Promise<string | void>): Promise<void> => {
    const started = Date.now();
    try {
      const note = await fn();
      ctx.stdout.write(`ok    ${name}${note ? ` (${note})` : ''} ${Date.now() - started} ms\n`);
    } catch (error) {
      ctx.stdout.write(`FAIL  ${name}: ${(error as Error).message}\n`);
      throw error;
    }
  };

  try {
    let me: Me = { role: '', features: [] };
    await step('service ready (/readyz)', async () => {
      const res = await status(`${baseUrl}/readyz`);
      check(res.status === 200, `/readyz answered ${res.status}: ${await res.text()}`);
    });
    await step('admin token has the admin role', async () => {
      me = await admin.get<Me>('/v1/me');
      check(me.role === 'admin', `the service takes this token for a ${me.role}`);
      return `features: ${me.features.join(', ')}`;
    });
    await step('member token has the member role', async () => {
      const seen = await member.get<Me>('/v1/me');
      check(seen.role === 'member', `the service takes this token for a ${seen.role}`);
    });

    if (me.features.includes('images')) {
      let image: { id: string; urls: { display: string } } | undefined;
      await step('upload a tiny private image', async () => {
        const form = new FormData();
        form.append('file', new Blob([randomPng()], { type: 'image/png' }), 'smoke-check.png');
        form.append('title', 'smoke check (deleted at once)');
        form.append('visibility', 'private');
        const result = await admin.request<{ items: Array<{ id: string; urls: { display: string } }> }>('POST', '/v1/admin/images', {
          body: () => ({ body: form, headers: {} }),
        });
        image = result.items[0];
        check(image, 'the upload answered no image');
        const id = image!.id;
        cleanups.push({ what: `image ${id}`, undo: () => admin.delete(`/v1/admin/images/${id}`).catch(() => undefined) });
        return id;
      });
      await step('members do not see it while private', async () => {
        const res = await status(`${baseUrl}/v1/images/${image!.id}`, { headers: asMember });
        check(res.status === 404, `a member got ${res.status}`);
      });
      let display = '';
      await step('publish it; members see it with presigned URLs', async () => {
        await admin.patch(`/v1/admin/images/${image!.id}`, { visibility: 'public' });
        const seen = await member.get<{ urls: { display: string; original?: string } }>(`/v1/images/${image!.id}`);
        check(seen.urls.original === undefined, 'a member was given the original');
        display = seen.urls.display;
      });
      await step('the presigned display URL serves the image', async () => {
        const res = await status(display);
        check(res.status === 200, `the store answered ${res.status}`);
        check(res.headers.get('content-type') === 'image/webp', `content type ${res.headers.get('content-type')}`);
        return `${(await res.arrayBuffer()).byteLength} bytes`;
      });
      await step('delete it; it is gone for members and admins', async () => {
        await admin.delete(`/v1/admin/images/${image!.id}`);
        cleanups.pop();
        const [forMember, forAdmin] = await Promise.all([
          status(`${baseUrl}/v1/images/${image!.id}`, { headers: asMember }),
          status(`${baseUrl}/v1/admin/images/${image!.id}`, { headers: { authorization: `Bearer ${adminToken}` } }),
        ]);
        check(forMember.status === 404 && forAdmin.status === 404, `still there: member ${forMember.status}, admin ${forAdmin.status}`);
      });
    }

    if (me.features.includes('music')) {
      let setId = '';
      let trackId = '';
      await step('create a private music set', async () => {
        setId = (await admin.post<{ id: string }>('/v1/admin/music-sets', { title: 'smoke check (deleted at once)', visibility: 'private' })).id;
        cleanups.push({ what: `music set ${setId}`, undo: () => admin.delete(`/v1/admin/music-sets/${setId}`).catch(() => undefined) });
        return setId;
      });
      await step('upload a one-second track through the direct multipart flow', async () => {
        const wav = randomWav();
        const plan = await admin.post<{ uploadId: string; trackId: string; partCount: number }>(`/v1/admin/music-sets/${setId}/uploads`, {
          filename: 'smoke-check.wav',
          contentType: 'audio/wav',
          byteSize: wav.length,
        });
        trackId = plan.trackId;
        check(plan.partCount === 1, `planned ${plan.partCount} parts for ${wav.length} bytes`);
        const { parts } = await admin.post<{ parts: Array<{ partNumber: number; url: string }> }>(
          `/v1/admin/uploads/${encodeURIComponent(plan.uploadId)}/parts`,
          { partNumbers: [1] },
        );
        const put = await status(parts[0]!.url, { method: 'PUT', body: wav });
        check(put.ok, `the part PUT answered ${put.status}`);
        const etag = put.headers.get('etag');
        check(etag, 'the part PUT answered no ETag (is ETag exposed by the bucket CORS rules?)');
        const track = await admin.post<{ status: string }>(`/v1/admin/uploads/${encodeURIComponent(plan.uploadId)}/complete`, {
          parts: [{ partNumber: 1, etag }],
        });
        check(track.status === 'ready', `the track is ${track.status}`);
        return trackId;
      });
      if (me.features.includes('streaming')) {
        await step('members do not see the private set', async () => {
          const res = await status(`${baseUrl}/v1/music-sets/${setId}`, { headers: asMember });
          check(res.status === 404, `a member got ${res.status}`);
        });
        await step('publish it; a member streams a byte range of the track', async () => {
          await admin.patch(`/v1/admin/music-sets/${setId}`, { visibility: 'public' });
          const { url } = await member.get<{ url: string }>(`/v1/tracks/${trackId}/stream`);
          const res = await status(url, { headers: { range: 'bytes=0-3' } });
          check(res.status === 206, `the store answered ${res.status} to a Range request`);
          const head = Buffer.from(await res.arrayBuffer()).toString('latin1');
          check(head === 'RIFF', `the range held ${JSON.stringify(head)}`);
        });
      }
      await step('delete the set; it is gone', async () => {
        await admin.delete(`/v1/admin/music-sets/${setId}`);
        cleanups.pop();
        const res = await status(`${baseUrl}/v1/admin/music-sets/${setId}`, { headers: { authorization: `Bearer ${adminToken}` } });
        check(res.status === 404, `the set still answers ${res.status}`);
      });
    }
  } catch (error) {
    await undo(cleanups, ctx);
    ctx.stdout.write('smoke check FAILED\n');
    if (error instanceof StepFailed) return EXIT.failure;
    if (error instanceof CliError) return error.exitCode;
    throw error;
  }
  ctx.stdout.write('smoke check passed\n');
  return EXIT.ok;
};

/** Whatever the failed run created is removed, newest first, so a failed check leaves no trace on the live system. */
const undo = async (cleanups: Array<{ what: string; undo: () => Promise<void> }>, ctx: CommandContext): Promise<void> => {
  for (const item of cleanups.reverse()) {
    await item.undo();
    ctx.stdout.write(`      removed ${item.what}\n`);
  }
};

export const smokeCommand: Command = { name: 'smoke', usage: USAGE, run };
