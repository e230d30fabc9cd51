import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 at a free port, over a real socket. */
export const listen = async (app: RequestListener): Promise<RunningServer> => {
  const server: Server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
};

/** Collects pino's output lines, so tests can read what was logged. */
export const logCapture = (): { write(line: string): void; lines: string[]; text(): string } => {
  const lines: string[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(line);
    },
    text: () => lines.join(''),
  };
};
