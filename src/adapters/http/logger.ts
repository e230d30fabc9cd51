import { Writable } from 'node:stream';
import { pino, stdSerializers, type DestinationStream, type Level, type Logger } from 'pino';
import { sanitizeLogString, sanitizeLogValue } from './log-sanitizer.ts';

export interface LoggerOptions {
  level?: Level | 'silent';
  /** One human-readable line per record instead of JSON (development only). */
  pretty?: boolean;
  /** Where records go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  name?: string;
}

const SECRET_FIELDS = ['authorization', 'cookie', '["set-cookie"]', 'token', 'accessToken', 'secret', 'password'];

/** Whole values that are secrets, at the top level and up to three levels down (e.g. `req.headers.authorization`). */
const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => {
  const join = (prefix: string) => (field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`);
  return [field, join('*'), join('*.*'), join('*.*.*')];
});

export const createLogger = (options: LoggerOptions = {}): Logger =>
  pino(
    {
      level: options.level ?? 'info',
      ...(options.name === undefined ? {} : { name: options.name }),
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      formatters: { log: (record) => sanitizeLogValue(record) as Record<string, unknown> },
      // The sanitizer has already turned errors into plain records; the default serializer would relabel them `Object`.
      serializers: { err: (value: unknown) => (value instanceof Error ? sanitizeLogValue(stdSerializers.err(value)) : value) },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? sanitizeLogString(arg) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? (options.pretty === true ? prettyStream() : pino.destination(1)),
  );

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** pino-pretty is not a dependency; this is enough to read logs in a terminal. */
const prettyStream = (): Writable =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const { level, time, msg, pid: _pid, hostname: _host, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const when = new Date(typeof time === 'number' ? time : Date.now()).toISOString().slice(11, 23);
          const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
          process.stdout.write(`${when} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${extra}\n`);
        } catch {
          process.stdout.write(`${line}\n`);
        }
      }
      done();
    },
  });
