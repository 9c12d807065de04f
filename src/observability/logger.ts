/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields of one log event. Never contains the virtual key or an `Authorization` header. */
export interface LogFields {
  requestId?: string | undefined;
  operation?: string | undefined;
  method?: string | undefined;
  /** Path template, e.g. `/api/jobs/{job_id}/llm-call`. */
  endpoint?: string | undefined;
  jobId?: string | undefined;
  status?: number | undefined;
  attempt?: number | undefined;
  latencyMs?: number | undefined;
  errorCode?: string | undefined;
  [field: string]: unknown;
}

/** A structured logger, e.g. pino, winston or console wrapped. */
export interface Logger {
  debug(message: string, fields: LogFields): void;
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

export const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The logger `SAAS_LITELLM_LOG` turns on: one JSON line per event on stderr (console.error), so it never
 * mixes with a program's own stdout.
 */
export function createConsoleLogger(): Logger {
  const write = (level: LogLevel) => (message: string, fields: LogFields) => {
    console.error(JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields }));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
