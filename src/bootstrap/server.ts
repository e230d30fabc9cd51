import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { answerClientError } from '../adapters/http/client-error.ts';
import { deferContinue } from '../adapters/http/request-bounds.middleware.ts';
import { createMediaService, type MediaService, type MediaServiceOptions } from './media-service.ts';

export interface RunningService {
  url: string;
  media: MediaService;
  /** The service's own pool and store: for the maintenance paths and for tests' assertions. */
  pool: MediaService['pool'];
  store: MediaService['store'];
  server: Server;
  logger: Logger;
  /** Graceful: stop accepting, let in-flight requests finish (up to the timeout), then stop the service. */
  stop(): Promise<void>;
  sweepNow(): Promise<void>;
}

export interface StartOptions extends Omit<MediaServiceOptions, 'env'> {
  /** Called with the development tokens when the service generated its own secret. */
  onDevTokens?: (tokens: { admin: string; member: string }, url: string) => void;
}

/**
 * The standalone service (`npm start`): createMediaService, migrations when MIGRATE_ON_START, the router in
 * an express app of its own, the HTTP server and the background work.
 */
export const startService = async (env: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningService> => {
  const { onDevTokens, ...serviceOptions } = options;
  const media = await createMediaService({ env, ...serviceOptions });
  const { config, logger } = media;
  const app = express();
  app.disable('x-powered-by');
  app.use(media.router);

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
  try {
    if (config.MIGRATE_ON_START) await media.migrate();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await media.stop();
    throw error;
  }
  server.on('clientError', answerClientError);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info(
    {
      url,
      storage: config.STORAGE_DRIVER,
      database: media.embeddedDatabase ? 'embedded' : 'external',
      schema: config.DATABASE_SCHEMA,
      features: config.FEATURES,
    },
    'listening',
  );
  if (media.devTokens) onDevTokens?.(media.devTokens, url);
  media.start();

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
      await closed;
      clearTimeout(timer);
      await media.stop();
      logger.info('stopped');
    })();
    return stopping;
  };
  const sweepNow = async (): Promise<void> => {
    await media.sweep().catch((error: unknown) => logger.warn({ err: String(error) }, 'sweep failed; will retry on the next interval'));
  };
  return { url, media, server, logger, stop, sweepNow, pool: media.pool, store: media.store };
};
