import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../application/ports/id-generator.port.ts';

export const randomIdGenerator: IdGenerator = { next: () => randomUUID() };
