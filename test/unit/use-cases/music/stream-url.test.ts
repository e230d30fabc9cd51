import { describe, expect, test } from 'vitest';
import { MAX_STREAM_URL_SECONDS } from '../../../../src/application/use-cases/streaming/issue-stream-url.use-case.ts';
import { member, musicKit, URL_TTL_SECONDS } from './kit.ts';

/** Seconds from the kit's clock to the URL's expiry. */
const lifetime = async (durationMs: number | null) => {
  const kit = musicKit();
  const set = await kit.addSet('public');
  const track = await kit.addTrack(set.id, { durationMs });
  const url = await kit.issueStreamUrl.execute(member, { trackId: track.id });
  return (Date.parse(url.expiresAt) - kit.clock.now().getTime()) / 1000;
};

/** The store rounds lifetimes up to its signing window (a quarter of the lifetime, 60 s to 1 h). */
const window = (ttl: number) => Math.min(3600, Math.max(60, Math.floor(ttl / 4)));

describe('stream URL lifetime', () => {
  test('the track duration plus ten minutes', async () => {
    const seconds = await lifetime(45 * 60 * 1000);
    const wanted = 45 * 60 + 600;
    expect(seconds).toBeGreaterThanOrEqual(wanted);
    expect(seconds).toBeLessThanOrEqual(wanted + window(wanted));
  });

  test('never shorter than URL_TTL_SECONDS, even for a short track', async () => {
    const seconds = await lifetime(20_000);
    expect(seconds).toBeGreaterThanOrEqual(URL_TTL_SECONDS);
    expect(seconds).toBeLessThanOrEqual(URL_TTL_SECONDS + window(URL_TTL_SECONDS));
  });

  test('at most 12 h, for a very long track and for one of unknown duration', async () => {
    for (const durationMs of [30 * 3600 * 1000, null]) {
      const seconds = await lifetime(durationMs);
      expect(seconds).toBeLessThanOrEqual(MAX_STREAM_URL_SECONDS);
      expect(seconds).toBeGreaterThan(MAX_STREAM_URL_SECONDS - window(MAX_STREAM_URL_SECONDS));
    }
  });
});
