import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a log line: the redact paths cover the
 * places where a key or token could appear in objects we log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'support-bot' },
      redact: {
        paths: ['*.MicrosoftAppPassword', '*.OPENAI_API_KEY', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
