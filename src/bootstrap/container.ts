import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { SweepOrphans } from '../application/use-cases/maintenance/sweep-orphans.use-case.ts';
import { createApiRouter } from '../adapters/http/create-app.ts';
import { createMeRouter } from '../adapters/http/me.router.ts';
import { createObjectsRouter } from '../adapters/http/objects.router.ts';
import { FEATURE_NAMES, type Feature } from './config.ts';
import type { AreaModule } from './modules/area-module.ts';
import { registerOnce } from './modules/area-module.ts';
import { imagesModule } from './modules/images.module.ts';
import { musicModule } from './modules/music.module.ts';
import { registerShared, type SharedInput } from './modules/shared.module.ts';
import { streamingModule } from './modules/streaming.module.ts';
import { webAppModule } from './modules/web-app.module.ts';
import { TOKENS } from './tokens.ts';

export { TOKENS } from './tokens.ts';
export type ContainerInput = SharedInput;

/** The phase each FEATURES flag turns on. A feature that is off is not registered at all. */
const FEATURE_MODULES: Record<Feature, AreaModule> = {
  images: imagesModule,
  music: musicModule,
  streaming: streamingModule,
};

/** The only place that picks adapters: shared ports, then each enabled area, then the router and the sweeper over them. */
export const createContainer = (input: ContainerInput): DependencyContainer => {
  const c = rootContainer.createChildContainer();
  const { config, infrastructure } = input;
  registerShared(c, input);
  const enabled = FEATURE_NAMES.filter((feature) => config.FEATURES.includes(feature));
  const areas = [...enabled.map((feature) => FEATURE_MODULES[feature]), webAppModule];
  for (const area of areas) area.register(c);

  registerOnce(
    c,
    TOKENS.sweepOrphans,
    (r) =>
      new SweepOrphans({
        store: r.resolve(TOKENS.store),
        queue: r.resolve(TOKENS.deletionQueue),
        sources: areas.flatMap((area) => area.orphanSources?.(r) ?? []),
        clock: r.resolve(TOKENS.clock),
        log: r.resolve(TOKENS.logger),
        graceSeconds: config.ORPHAN_GRACE_SECONDS,
        batchSize: config.SWEEP_QUEUE_BATCH_SIZE,
        listPageSize: config.SWEEP_LIST_PAGE_SIZE,
      }),
  );

  registerOnce(c, TOKENS.apiRouter, (r) => {
    const openapi = r.resolve(TOKENS.openapi);
    const routers = [];
    if (infrastructure.signedAccess) {
      routers.push({ router: createObjectsRouter(infrastructure.signedAccess, { corsOrigins: config.CORS_ORIGINS }) });
    }
    routers.push({ router: createMeRouter({ features: config.FEATURES, openapi }) });
    for (const area of areas) routers.push(...area.routers(r));
    return createApiRouter({
      logger: r.resolve(TOKENS.logger),
      authenticator: r.resolve(TOKENS.authenticator),
      schemaGate: () => infrastructure.schema.ensureCurrent(),
      readinessProbes: infrastructure.probes,
      corsOrigins: config.CORS_ORIGINS,
      rateLimiter: r.resolve(TOKENS.rateLimiter),
      openapi,
      routers,
      requestBounds: { requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000, uploadTimeoutMs: config.HTTP_UPLOAD_TIMEOUT_SECONDS * 1000 },
    });
  });
  return c;
};
