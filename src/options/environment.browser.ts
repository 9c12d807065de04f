/** environment.ts for the package's `browser` build: a page has no environment variables to read. */
import type { Logger, LogLevel } from '../observability/logger.js';

export type Env = Record<string, string | undefined>;

export function readEnv(): Env {
  return {};
}

export function environmentLogging(_env: Env): { logger?: Logger | undefined; logLevel?: LogLevel | undefined } {
  return {};
}
