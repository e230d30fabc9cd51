import type { Clock } from '../../application/ports/clock.port.ts';

export const systemClock: Clock = { now: () => new Date() };
