import type { DependencyContainer } from 'tsyringe';
import type { RouterMount } from '../adapters/http/app-deps.ts';
import type { OpenApiRegistry } from '../adapters/http/openapi.ts';
import type { Config } from './config.ts';

/**
 * Music use cases and routers (issues 4 and 5). Kept beside container.ts so the music work can grow
 * without every change touching the image wiring. Resolves ports through `tokens` from container.ts.
 */
export const musicRouters = (_c: DependencyContainer, _config: Config, _openapi: OpenApiRegistry): RouterMount[] => [];
