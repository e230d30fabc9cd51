import process from 'node:process';
import { DEV_TOKEN_TTL_SECONDS } from './auth-setup.ts';
import { ConfigError } from './config.ts';
import { startService } from './server.ts';

/** `npm start`: read the environment once, start, and stop cleanly on SIGTERM/SIGINT with exit code 0. */
const main = async (): Promise<void> => {
  let service;
  try {
    service = await startService(process.env, {
      onDevTokens: (tokens, url) => {
        // Printed for the developer on purpose, outside the JSON log (which never carries tokens).
        process.stdout.write(
          [
            '',
            `Development auth (generated secret; these tokens are valid ${DEV_TOKEN_TTL_SECONDS / 3600} h):`,
            `  ADMIN_TOKEN=${tokens.admin}`,
            `  MEMBER_TOKEN=${tokens.member}`,
            `  page as admin:  ${url}/app/#token=${tokens.admin}`,
            `  page as member: ${url}/app/#token=${tokens.member}`,
            '',
          ].join('\n') + '\n',
        );
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = service;
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    running.logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
};

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
