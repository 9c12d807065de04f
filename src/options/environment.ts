/**
 * What the client reads from the environment in a server runtime: the `SAAS_LITELLM_*` fallbacks and the
 * console logger `SAAS_LITELLM_LOG` turns on. The package's `browser` build swaps this file for
 * environment.browser.ts, so a browser bundle carries neither the lookup nor the console logger.
 */
import { createConsoleLogger, type Logger, type LogLevel } from '../observability/logger.js';

export type Env = Record<string, string | undefined>;

/** `process.env` where there is one (Node, Deno, Bun), else nothing. */
export function readEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The console logger and its level when `SAAS_LITELLM_LOG` is set (`debug`, `info`, `warn`, `error`, or any value for `info`). */
export function environmentLogging(env: Env): { logger?: Logger | undefined; logLevel?: LogLevel | undefined } {
  const setting = env.SAAS_LITELLM_LOG;
  if (!setting) return {};
  const named = setting.toLowerCase();
  return { logger: createConsoleLogger(), logLevel: LOG_LEVELS.find((level) => level === named) };
}
