import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/** How a cut proxy treats connections: `reset` closes them at once, `hold` accepts and never answers (a black hole). */
export type CutMode = 'reset' | 'hold';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far, whatever became of them. */
  readonly accepted: number;
  /** Destroys every live connection; later ones are reset or held until `restore`. */
  cut(mode?: CutMode): void;
  /** Forwards again; held connections are connected to the target now. */
  restore(): void;
  /**
   * Sees every chunk a client sends before it is forwarded, e.g. to cut another proxy at an exact step. A listener
   * that returns a promise holds that connection's traffic (in order) until it settles: a gate between two steps.
   */
  onClientData(listener: (chunk: Buffer) => void | Promise<void>): () => void;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, the S3 server) that a test can cut and
 * restore, so that outages are real socket failures seen by the real drivers, not mocks.
 */
export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const live = new Set<Socket>();
  const held = new Set<Socket>();
  const listeners = new Set<(chunk: Buffer) => void | Promise<void>>();
  let mode: CutMode | null = null;
  let accepted = 0;

  const forward = (client: Socket): void => {
    const upstream = createConnection({ host: target.host, port: target.port });
    live.add(client);
    live.add(upstream);
    const drop = () => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    let gate: Promise<unknown> = Promise.resolve();
    const write = (chunk: Buffer) => {
      if (!upstream.destroyed && !upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    };
    client.on('data', (chunk: Buffer) => {
      const held = [...listeners].map((listener) => listener(chunk)).filter((r): r is Promise<void> => r instanceof Promise);
      if (held.length === 0) {
        void gate.then(() => write(chunk));
        return;
      }
      client.pause();
      gate = gate
        .then(() => Promise.allSettled(held))
        .then(() => {
          write(chunk);
          client.resume();
        });
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.resume();
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    accepted += 1;
    client.on('error', () => client.destroy());
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hold') {
      held.add(client);
      client.on('close', () => held.delete(client));
      return;
    }
    forward(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const destroyAll = (sockets: Set<Socket>) => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
  };

  return {
    host: '127.0.0.1',
    port,
    get accepted() {
      return accepted;
    },
    cut(next: CutMode = 'reset') {
      mode = next;
      destroyAll(live);
    },
    restore() {
      mode = null;
      const waiting = [...held];
      held.clear();
      for (const client of waiting) if (!client.destroyed) forward(client);
    },
    onClientData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      destroyAll(live);
      destroyAll(held);
      await closed;
    },
  };
};
