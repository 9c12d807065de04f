/**
 * What the client reads from the environment in a server runtime: the `SAAS_LITELLM_*` fallbacks and the
 * console logger `SAAS_LITELLM_LOG` turns on. The package's `browser` build swaps this file for
 * environment.browser.ts, so a browser bundle carries neither the lookup nor the console logger.
 */
import { createConsoleLogger, type Logger, type LogLevel } from '../observability/logger.js';

export type Env = Record<string, string | undefined>;

/** The variables the client reads. */
const NAMES = ['SAAS_LITELLM_API_URL', 'SAAS_LITELLM_TEAM_ID', 'SAAS_LITELLM_VIRTUAL_KEY', 'SAAS_LITELLM_LOG'] as const;

/**
 * The client's variables from `process.env` where there is one (Node, Deno, Bun, a Worker with
 * `nodejs_compat`). Reading never throws: Deno without `--allow-env` throws `NotCapable` on each read,
 * and an unreadable variable counts as unset.
 */
export function readEnv(): Env {
  const env: Env = {};
  let source: Env | undefined;
  try {
    source = (globalThis as { process?: { env?: Env } }).process?.env;
  } catch {
    return env;
  }
  if (source === undefined || source === null) return env;
  for (const name of NAMES) {
    try {
      const value = source[name];
      if (typeof value === 'string') env[name] = value;
    } catch {
      // Not readable here (a permission, a proxy that throws): unset.
    }
  }
  return env;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The console logger and its level when `SAAS_LITELLM_LOG` is set (`debug`, `info`, `warn`, `error`, or any value for `info`). */
export function environmentLogging(env: Env): { logger?: Logger | undefined; logLevel?: LogLevel | undefined } {
  const setting = env.SAAS_LITELLM_LOG;
  if (!setting) return {};
  const named = setting.toLowerCase();
  return { logger: createConsoleLogger(), logLevel: LOG_LEVELS.find((level) => level === named) };
}
