import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr: stdout belongs to the stdio protocol.
 * Execution inputs, credentials and tokens are never passed to the logger;
 * the redact list is a second line of defence for fields that might carry them.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'stepfunctions-tool-mcp-server',
      // The level comes from the resolved settings (SETTINGS' logLevel); 'info' when a caller gives none.
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['input', '*.input', 'authorization', '*.authorization', 'token', '*.token', 'credentials'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for unit tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
