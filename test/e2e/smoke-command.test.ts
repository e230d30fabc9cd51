import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const smoke = (args: string[]) => runCli(['smoke', ...args]);

const SLOW = 120_000;

/** What the smoke check leaves behind: nothing, whichever way it ended. */
const counts = async (svc: TestService) =>
  (
    await svc.pool.query(
      'SELECT (SELECT count(*)::int FROM media.images) AS images, (SELECT count(*)::int FROM media.music_sets) AS sets, (SELECT count(*)::int FROM media.tracks) AS tracks',
    )
  ).rows[0];

for (const features of ['images,music,streaming', 'images'] as const) {
  describe(`smoke against a running service (FEATURES=${features})`, () => {
    let svc: TestService;
    beforeAll(async () => {
      svc = await startTestService('fs', { FEATURES: features });
    });
    afterAll(async () => {
      await svc?.stop();
    });

    test(
      'every step passes, existing data is untouched, and nothing it created is left',
      async () => {
        const admin = await svc.tokens.admin();
        const before = await counts(svc);
        const run = await smoke(['--url', svc.url, '--admin-token', admin, '--member-token', await svc.tokens.member()]);
        expect(run.stderr).toBe('');
        expect(run.code, run.stdout).toBe(0);
        expect(run.stdout).toMatch(/^ok {4}upload a tiny private image/m);
        expect(run.stdout).toMatch(/^ok {4}the presigned display URL serves the image/m);
        if (features === 'images') expect(run.stdout).not.toMatch(/music|track/);
        else expect(run.stdout).toMatch(/^ok {4}publish it; a member streams a byte range of the track/m);
        expect(run.stdout).toMatch(/smoke check passed\n$/);
        expect(await counts(svc)).toEqual(before);
      },
      SLOW,
    );

    test(
      'a member token in the admin slot fails at once with exit 1, and a bad token with exit 3',
      async () => {
        const member = await svc.tokens.member();
        const swapped = await smoke(['--url', svc.url, '--admin-token', member, '--member-token', member]);
        expect(swapped.code).toBe(1);
        expect(swapped.stdout).toMatch(/^FAIL  admin token has the admin role: the service takes this token for a member/m);
        const bad = await smoke(['--url', svc.url, '--admin-token', 'not-a-token', '--member-token', member]);
        expect(bad.code).toBe(3);
        const usage = await smoke(['--url', svc.url]);
        expect(usage.code).toBe(2);
      },
      SLOW,
    );
  });
}
