import { MemoryObjectStore } from '../../src/adapters/memory/memory-object-store.ts';
import { startObjectsRouteServer } from '../support/objects-route-server.ts';
import { testClock } from '../support/test-clock.ts';
import { objectStoreContract } from './object-store.contract.ts';

const everything = {
  verifiesSignatures: true,
  validatesCompletion: true,
  validatesPartOrder: true,
  listParts: true,
  abortMultipart: true,
  listMultipartUploads: true,
  controllableClock: true,
  byteOrderListing: true,
};

objectStoreContract(
  'memory, memory:// URLs',
  async () => {
    const clock = testClock();
    return { store: new MemoryObjectStore({ clock: clock.now }), now: clock.now, advanceClock: clock.advance };
  },
  { ...everything, fetchableUrls: false },
);

// The same store with its URLs served by the objects route, so the URL tests run on it too.
objectStoreContract(
  'memory, served by the objects route',
  async () => {
    const clock = testClock();
    const server = await startObjectsRouteServer();
    const store = new MemoryObjectStore({ clock: clock.now, publicBaseUrl: server.baseUrl, signingSecret: 'memory-contract-secret' });
    server.mount(store);
    return { store, now: clock.now, advanceClock: clock.advance, dispose: server.close };
  },
  { ...everything, fetchableUrls: true },
);
