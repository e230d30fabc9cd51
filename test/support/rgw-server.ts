import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.ts';

/** Everything the throwaway cluster needs, from Debian's `radosgw ceph-mon ceph-osd` packages. */
export const RGW_BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph', 'monmaptool', 'ceph-authtool', 'radosgw-admin'];

const onPath = (name: string): boolean =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin'].some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** The binaries that are missing; empty when RGW can be started here. */
export const missingRgwBinaries = (): string[] => RGW_BINARIES.filter((name) => !onPath(name));

const run = (file: string, args: string[], timeoutMs = 30_000): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`.trim()));
      else resolve(stdout);
    });
  });

const lastLines = (file: string, count = 15): string => {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-count).join('\n');
};

const config = (dir: string, fsid: string, monPort: number, rgwPort: number) => `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon data = ${dir}/mon/$cluster-$id
run dir = ${dir}/run
pid file = ${dir}/run/$name.pid
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
keyring = ${dir}/keyring
# A test cluster has no manager daemon; the warnings about it would only fill the logs.
mon warn on pool no redundancy = false
[osd]
osd objectstore = memstore
memstore device bytes = ${4 * 1024 ** 3}
osd data = ${dir}/osd/$cluster-$id
osd max object name len = 460
osd max object namespace len = 64
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
# radosgw defaults to cephx and secure mode whatever [global] says: without these it loops on
# "get_initial_auth_request returned -13" and exits after 300 s.
auth client required = none
ms mon client mode = crc
rgw enable usage log = false
`;

export interface RgwCluster {
  endpoint: string;
  stop(): Promise<void>;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * A throwaway single-node Ceph cluster (one monitor, one memstore OSD, one radosgw) in a temp dir on
 * loopback, and an S3 user on it. A step that fails stops whatever already started and throws an
 * error naming the daemon and the last lines of its log.
 */
export const startTestRgw = async (ports: { mon?: number; rgw?: number } = {}): Promise<RgwCluster> => {
  const dir = await mkdtemp(join(tmpdir(), 'rgw-'));
  const [monPort, rgwPort] = [ports.mon ?? (await freePort()), ports.rgw ?? (await freePort())];
  const conf = join(dir, 'ceph.conf');
  const fsid = randomUUID();
  const daemons: Array<{ name: string; child: ChildProcess }> = [];
  const stop = async () => {
    // radosgw first, the OSD before the monitor: each still finds what it talks to while shutting down.
    for (const { child } of [...daemons].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if ((await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)])) === false) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A run that dies without its teardown must not leave daemons behind.
  const killOnExit = () => {
    daemons.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const step = async <T>(what: string, daemon: string | null, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      const log = daemon ? `\n--- last lines of ${daemon}'s log ---\n${lastLines(join(dir, 'log', `${daemon}.log`))}` : '';
      await stop().catch(() => undefined);
      process.removeListener('exit', killOnExit);
      throw new Error(`RGW test server: ${what} failed${daemon ? ` (${daemon})` : ''}: ${(error as Error).message}${log}`, {
        cause: error,
      });
    }
  };
  const daemon = (name: string, file: string, args: string[]) => {
    // -f: in the foreground, so this process owns the pid and nothing outlives the run.
    const child = spawn(file, ['-c', conf, ...args, '-f'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) stderr += `\n${name} exited with code ${code}`;
    });
    daemons.push({ name, child });
    return { alive: () => child.exitCode === null && child.signalCode === null, stderr: () => stderr };
  };
  const until = async (what: string, ready: () => Promise<boolean>, alive: () => boolean, stderr: () => string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!alive()) throw new Error(`exited before ${what}: ${stderr().trim()}`);
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs / 1000} s ${stderr().trim()}`);
      await sleep(200);
    }
  };
  const ceph = (...args: string[]) => run('ceph', ['-c', conf, '--connect-timeout', '10', ...args]);

  await step('writing ceph.conf', null, async () => {
    for (const sub of ['run', 'log', 'mon', 'osd/ceph-0', 'rgw']) await run('mkdir', ['-p', join(dir, sub)]);
    await writeFile(conf, config(dir, fsid, monPort, rgwPort));
  });
  await step('creating the monitor', 'mon.a', async () => {
    await run('ceph-authtool', ['--create-keyring', join(dir, 'keyring'), '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, join(dir, 'monmap')]);
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap'), '--keyring', join(dir, 'keyring')]);
  });
  await step('starting the monitor', 'mon.a', async () => {
    const mon = daemon('mon.a', 'ceph-mon', ['-i', 'a']);
    await until('answering', async () => (await ceph('mon', 'stat')).includes('quorum'), mon.alive, mon.stderr);
  });
  await step('starting the OSD', 'osd.0', async () => {
    const osdUuid = randomUUID();
    const id = (await ceph('osd', 'new', osdUuid)).trim();
    if (id !== '0') throw new Error(`ceph osd new answered ${JSON.stringify(id)}, expected 0`);
    await run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs', '--osd-uuid', osdUuid], 60_000);
    const osd = daemon('osd.0', 'ceph-osd', ['-i', '0']);
    await until('up', async () => /^osd\.0 up/m.test(await ceph('osd', 'dump')), osd.alive, osd.stderr);
  });
  const endpoint = `http://127.0.0.1:${rgwPort}`;
  await step('starting radosgw', 'client.rgw', async () => {
    const rgw = daemon('client.rgw', 'radosgw', ['-n', 'client.rgw']);
    await until('answering HTTP', async () => (await fetch(endpoint)).status > 0, rgw.alive, rgw.stderr, 90_000);
  });
  const credentials = { accessKeyId: `RGW${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64url') };
  await step('creating the S3 user', 'client.rgw', () =>
    run('radosgw-admin', [
      '-c',
      conf,
      '-n',
      'client.rgw',
      'user',
      'create',
      '--uid=test',
      '--display-name=test',
      `--access-key=${credentials.accessKeyId}`,
      `--secret-key=${credentials.secretAccessKey}`,
    ]),
  );
  return {
    endpoint,
    credentials,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stop();
    },
  };
};
