import type { RouterMount } from '../../adapters/http/app-deps.ts';
import { createWebAppRouter } from '../../adapters/http/web-app.router.ts';
import { packageFile } from '../../adapters/shared/package-file.ts';
import type { Config } from '../config.ts';
import { TOKENS } from '../tokens.ts';
import type { AreaModule } from './area-module.ts';

/**
 * Where presigned URLs point when they are not the service's own: the S3 endpoint, path style or with the
 * bucket as a subdomain (AWS's default), or PUBLIC_BASE_URL when the page is reached under another origin.
 */
const storeOrigins = (config: Config): string[] => {
  const origins = new Set<string>();
  if (config.PUBLIC_BASE_URL) origins.add(new URL(config.PUBLIC_BASE_URL).origin);
  if (config.S3_BUCKET && config.STORAGE_DRIVER !== 'fs') {
    const endpoint = new URL(config.S3_ENDPOINT ?? `https://s3.${config.S3_REGION}.amazonaws.com`);
    origins.add(endpoint.origin);
    if (!config.S3_FORCE_PATH_STYLE) origins.add(`${endpoint.protocol}//${config.S3_BUCKET}.${endpoint.host}`);
  }
  return [...origins];
};

/** The browser page at /app: served unless NODE_ENV=production, where SERVE_APP=true turns it on. */
export const webAppRouters = (config: Config): RouterMount[] => {
  const on = config.SERVE_APP ?? config.NODE_ENV !== 'production';
  if (!on) return [];
  return [{ router: createWebAppRouter({ root: packageFile('dist', 'web'), storeOrigins: storeOrigins(config) }) }];
};

export const webAppModule: AreaModule = {
  register() {},
  routers: (c) => webAppRouters(c.resolve(TOKENS.config)),
};
