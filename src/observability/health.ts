import { SaaSLLMError } from '../errors/index.js';
import type { Health, HealthFailure, HealthStatus } from '../schemas/models.js';

/** Run a health call and time it; with `throwOnError: false` an SDK error resolves as `{ ok: false }`. */
export async function probe(check: () => Promise<Health>, throwOnError: boolean): Promise<HealthStatus | HealthFailure> {
  const startedAt = performance.now();
  const latency = () => Math.round(performance.now() - startedAt);
  try {
    return { ...(await check()), ok: true, latencyMs: latency() };
  } catch (error) {
    if (throwOnError || !(error instanceof SaaSLLMError)) throw error;
    return { ok: false, latencyMs: latency(), error };
  }
}
