import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { answerClientError } from '../adapters/http/client-error.ts';
import { createLogger } from '../adapters/http/logger.ts';
import { deferContinue } from '../adapters/http/request-bounds.ts';
import { setUpAuth } from './auth-setup.ts';
import type { Config } from './config.ts';
import { createContainer, TOKENS } from './container.ts';
import { openInfrastructure, type Infrastructure } from './infrastructure.ts';

export interface RunningService {
  url: string;
  /** The service's own pool and store: for the CLI-less maintenance paths and for tests' assertions. */
  pool: Infrastructure['pool'];
  store: Infrastructure['store'];
  server: Server;
  logger: Logger;
  /** Graceful: stop accepting, let in-flight requests finish (up to the timeout), then close everything. */
  stop(): Promise<void>;
  sweepNow(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Called with the development tokens when the service generated its own secret. */
  onDevTokens?: (tokens: { admin: string; member: string }, url: string) => void;
}

/** Opens everything, serves HTTP and runs the sweeper on its interval. Used by main, the CLI-less e2e tests and Deno. */
export const startService = async (config: Config, options: StartOptions = {}): Promise<RunningService> => {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const auth = await setUpAuth(config);
  const infrastructure = await openInfrastructure(config, logger);
  const container = createContainer({ config, logger, infrastructure, verifier: auth.verifier });
  const app = container.resolve(TOKENS.httpApp);
  const sweeper = container.resolve(TOKENS.sweepOrphans);
  const rateLimiter = container.resolve(TOKENS.rateLimiter);

  const headersTimeout = config.HTTP_HEADERS_TIMEOUT_SECONDS * 1000;
  // Node's own limits are the outer bound (checked every second, not its default 30 s); the app holds every request
  // to HTTP_REQUEST_TIMEOUT_SECONDS and gives only admitted upload bodies the long allowance (request-bounds.ts).
  const server = createServer(
    { headersTimeout, requestTimeout: config.HTTP_UPLOAD_TIMEOUT_SECONDS * 1000, connectionsCheckingInterval: Math.min(1000, headersTimeout) },
    app,
  );
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  // `Expect: 100-continue` is answered by the app once auth or the URL's signature passed, not by Node up front.
  server.on('checkContinue', (req, res) => {
    deferContinue(req);
    server.emit('request', req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await infrastructure.close();
    throw error;
  });
  server.on('clientError', answerClientError);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info({ url, storage: config.STORAGE_DRIVER, database: infrastructure.embedded ? 'embedded' : 'external' }, 'listening');
  if (auth.devTokens) options.onDevTokens?.(auth.devTokens, url);

  let sweeping: Promise<void> | null = null;
  const sweepNow = (): Promise<void> => {
    sweeping ??= sweeper
      .execute()
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: String(error) }, 'sweep failed; will retry on the next interval'))
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };
  const interval =
    config.SWEEP_INTERVAL_SECONDS > 0 ? setInterval(() => void sweepNow(), config.SWEEP_INTERVAL_SECONDS * 1000) : null;
  interval?.unref();

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (interval) clearInterval(interval);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
      await closed;
      clearTimeout(timer);
      await sweeping;
      await rateLimiter.close();
      await infrastructure.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, server, logger, stop, sweepNow, pool: infrastructure.pool, store: infrastructure.store };
};
