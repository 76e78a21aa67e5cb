import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** The error fields a log line keeps: what and where, never the objects an error carries. */
const ERROR_FIELDS = ['code', 'statusCode', 'status'] as const;

/**
 * Errors as type, message, stack and a few codes only. pino's default copies every own
 * property, and botbuilder attaches the dialog context to a failed turn's error: the form's
 * state values (buyer, IČO, invoices, e-mail) would reach the log.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

export type LogFormat = 'auto' | 'pretty' | 'json';

/** `auto` is pretty on a terminal and JSON elsewhere (files, pipes, containers, log collectors). */
export function resolveLogFormat(format: LogFormat, isTerminal: boolean): 'pretty' | 'json' {
  return format === 'auto' ? (isTerminal ? 'pretty' : 'json') : format;
}

/** Readable lines for a person at a terminal: local time, level, message, the fields after it. */
export function prettyDestination(colorize: boolean, destination: NodeJS.WritableStream = process.stdout): pino.DestinationStream {
  // Loaded only when wanted: JSON logging (servers, tests, child processes) never pays for it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true, sync: true, destination });
}

/**
 * Structured JSON logs (or, with `format: 'pretty'`, the same lines made readable). Secrets
 * never reach a log line: the redact paths cover the places where a key or token could appear
 * in objects we log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: { format?: LogFormat } = {}): Logger {
  const format = resolveLogFormat(options.format ?? 'json', Boolean(process.stdout.isTTY));
  if (format === 'pretty' && !destination) destination = prettyDestination(Boolean(process.stdout.isTTY));
  return pino(
    {
      level,
      serializers: { err: serializeError, error: serializeError },
      base: { service: 'support-bot' },
      redact: {
        paths: ['*.MicrosoftAppPassword', '*.OPENAI_API_KEY', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
