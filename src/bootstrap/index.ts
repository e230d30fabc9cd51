/**
 * The package's public entry (`import { createMediaService } from 'synesthesie-media'`): the composition root
 * and the types a host backend needs to call it. Everything else is internal and may change in any release.
 */
export { createMediaService, type MediaService, type MediaServiceOptions, type HostAuthenticate } from './media-service.ts';
export { ConfigError, FEATURE_NAMES, type Config, type Feature } from './config.ts';
export { LegacyLayoutFound } from '../adapters/postgres/legacy-layout.ts';
export type { SweepReport } from '../application/use-cases/maintenance/sweep-orphans.use-case.ts';
