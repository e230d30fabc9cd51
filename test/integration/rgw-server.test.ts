import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { missingRgwBinaries, startTestRgw } from '../support/rgw-server.ts';

const missing = missingRgwBinaries();
if (missing.length > 0) console.warn(`[rgw] launcher test skipped: Ceph RGW is not installed (missing ${missing.join(', ')})`);

const rgwDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('rgw-')));
/** Pids of Ceph daemons running now (the suite's own cluster included). */
const cephDaemons = () =>
  new Set(
    readdirSync('/proc').filter((pid) => {
      try {
        return /^\d+$/.test(pid) && /ceph-mon|ceph-osd|radosgw/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
      } catch {
        return false;
      }
    }),
  );

describe.skipIf(missing.length > 0)(`the RGW launcher${missing.length > 0 ? ' (skipped: Ceph RGW not installed)' : ''}`, () => {
  let squatter: Server;
  let port: number;
  beforeAll(async () => {
    // Whatever connects (the ceph CLI probing the monitor) is dropped, so closing does not wait for it.
    squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

  test('a daemon that cannot start is named with the last lines of its log, and nothing it started is left', async () => {
    const before = rgwDirs();
    const running = cephDaemons();
    const error = (await startTestRgw({ mon: port }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    console.log(`[rgw] the launcher's error, as a run would print it:\n${error.message}`);
    expect(error.message).toMatch(/^RGW test server: starting the monitor failed \(mon\.a\)/);
    expect(error.message).toMatch(/--- last lines of mon\.a's log ---\n.+/);
    expect(
      [...rgwDirs()].filter((dir) => !before.has(dir)),
      'temp dirs left',
    ).toEqual([]);
    expect(
      [...cephDaemons()].filter((pid) => !running.has(pid)),
      'daemons left',
    ).toEqual([]);
  }, 60_000);
});
