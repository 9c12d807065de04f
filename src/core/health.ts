import type { Caller } from './caller.js';
import { ENDPOINTS } from '../endpoints/index.js';
import { SaaSLLMError } from '../errors/index.js';
import { HealthOptionsSchema } from '../options/schemas.js';
import type { RequestOptions } from '../options/types.js';
import type { HealthFailure, HealthStatus } from '../schemas/models.js';
import { monotonicNow } from '../base/timers.js';

/** Options of `client.health()`. */
export type HealthOptions = RequestOptions & { throwOnError?: boolean };

/** Run a health call and time it; with `throwOnError: false` an SDK error resolves as `{ ok: false }`. */
export async function probe(caller: Caller, options: HealthOptions | undefined): Promise<HealthStatus | HealthFailure> {
  const { throwOnError = true, ...requestOptions } = caller.checkOptions('health', HealthOptionsSchema, options) ?? {};
  const startedAt = monotonicNow();
  const latency = () => Math.round(monotonicNow() - startedAt);
  try {
    return { ...(await caller.call(ENDPOINTS.health, {}, requestOptions)), ok: true, latencyMs: latency() };
  } catch (error) {
    if (throwOnError || !(error instanceof SaaSLLMError)) throw error;
    return { ok: false, latencyMs: latency(), error };
  }
}
