import { procMemory } from './proc-memory.ts';

/** Samples a process's resident set every `everyMs`; `stop()` returns the largest sample in bytes. */
export const sampleRss = (pid: number, everyMs = 100): { stop(): number } => {
  let peak = procMemory(pid).rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, procMemory(pid).rss);
    } catch {
      clearInterval(timer);
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      try {
        peak = Math.max(peak, procMemory(pid).rss);
      } catch {
        // The process is gone; the samples taken so far stand.
      }
      return peak;
    },
  };
};
