import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { SignedObjectAccess } from '../../src/adapters/shared/signed-object-access.ts';
import { createObjectsRouter, type ObjectsRouterOptions } from '../../src/adapters/http/objects.router.ts';

export interface ObjectsRouteServer {
  baseUrl: string;
  /** Serves a store's signed URLs; the store is built after the server so it can know `baseUrl`. */
  mount(access: SignedObjectAccess, options?: ObjectsRouterOptions): void;
  close(): Promise<void>;
}

/** A bare express app on 127.0.0.1:0 with nothing but the objects router, for contract and route tests. */
export const startObjectsRouteServer = async (): Promise<ObjectsRouteServer> => {
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    mount: (access, options) => {
      app.use(createObjectsRouter(access, options));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
