import type { DependencyContainer, FactoryFunction, InjectionToken } from 'tsyringe';
import { instanceCachingFactory } from 'tsyringe';
import type { OrphanSource } from '../../application/use-cases/maintenance/orphan-source.ts';
import type { RouterMount } from '../../adapters/http/app-deps.ts';

/**
 * One area of the service (images, music, streaming, the web page), matching the FEATURES flags: it
 * registers its use cases and adapters once, and contributes routers and what the sweeper must check.
 * An area that is off is never registered, so its routes are 404 and absent from the docs.
 */
export interface AreaModule {
  register(c: DependencyContainer): void;
  routers(c: DependencyContainer): RouterMount[];
  /** Kinds of stored object this area owns, for the orphan sweeper. */
  orphanSources?(c: DependencyContainer): OrphanSource[];
}

/** Registers a factory whose product is built on first use and then shared: one instance per container. */
export const registerOnce = <T>(c: DependencyContainer, token: InjectionToken<T>, factory: FactoryFunction<T>): void => {
  c.register(token, { useFactory: instanceCachingFactory(factory) });
};
