import type { DependencyContainer } from 'tsyringe';
import type { RouterMount } from '../adapters/http/app-deps.ts';
import type { OpenApiRegistry } from '../adapters/http/openapi.ts';
import type { Config } from './config.ts';

/** Member music routes (issue 5): browse sets, stream and download tracks. */
export const memberMusicRouters = (_c: DependencyContainer, _config: Config, _openapi: OpenApiRegistry): RouterMount[] => [];
