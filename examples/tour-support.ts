/** The tour's plumbing: which server it talks to and why, and a line for every wait over a second. */
import type { Hooks } from 'saas-litellm';

const VARIABLES = ['SAAS_LITELLM_API_URL', 'SAAS_LITELLM_TEAM_ID', 'SAAS_LITELLM_VIRTUAL_KEY'] as const;

export type ServerChoice = { kind: 'mock'; why: string } | { kind: 'yours'; why: string; model: string | undefined };

/** Your server when all three variables are set, the mock API when none is; a half-set environment stops the tour. */
export function chooseServer(env: Record<string, string | undefined>): ServerChoice {
  const set = VARIABLES.filter((name) => env[name]?.trim());
  if (set.length === 0) {
    return { kind: 'mock', why: 'Using the embedded mock API (saas-litellm/testing): none of SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID, SAAS_LITELLM_VIRTUAL_KEY is set.\nSet all three to run the tour against your server.' };
  }
  if (set.length < VARIABLES.length) {
    const missing = VARIABLES.filter((name) => !set.includes(name));
    console.error(`${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not.`);
    console.error('Set all three to run the tour against your server, or none to run it against the embedded mock API.');
    process.exit(2);
  }
  return { kind: 'yours', why: `Using your server at ${env.SAAS_LITELLM_API_URL} (team ${env.SAAS_LITELLM_TEAM_ID}): SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID and SAAS_LITELLM_VIRTUAL_KEY are set.`, model: env.SAAS_LITELLM_MODEL?.trim() || undefined };
}

/** Print a section title. */
export function section(title: string): void {
  console.log(`\n-- ${title} --`);
}

/** Await `work`, printing a line each second it takes past the first. */
export async function waiting<T>(what: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const ticker = setInterval(() => console.log(`   … ${what}: ${Math.round((Date.now() - started) / 1000)} s`), 1000);
  try {
    return await work;
  } finally {
    clearInterval(ticker);
  }
}

/** A line for every retry, with what failed and how long the SDK waits before the next attempt. */
export const progressHooks: Hooks = {
  onRetry: ({ operation, attempt, reason, delayMs }) => console.log(`   ↻ ${operation}: attempt ${attempt} failed (${reason}); next attempt in ${delayMs < 1000 ? `${delayMs} ms` : `${(delayMs / 1000).toFixed(1)} s`}`),
};
