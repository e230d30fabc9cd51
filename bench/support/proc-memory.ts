import { readFileSync } from 'node:fs';

export interface ProcMemory {
  /** Resident set now, bytes. */
  rss: number;
  /** Peak resident set over the process's life (VmHWM), bytes. */
  peak: number;
}

const field = (status: string, name: string): number => {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
};

/** Linux only: reads /proc/<pid>/status, so the figure is the kernel's, not the process's own opinion. */
export const procMemory = (pid: number): ProcMemory => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: field(status, 'VmRSS'), peak: field(status, 'VmHWM') };
};
