/**
 * The server breaker of a fleet: its state lives in the shared state (one Lua state machine for every
 * process, see redis/scripts.ts), because opossum's lives in one process. Open after `failureThreshold`
 * consecutive failures anywhere in the fleet; every process then refuses without sending; past
 * `resetTimeoutMs` one process holds the half-open probe, whose outcome closes or reopens it for all.
 */
import { errorContext, type Call } from '../policies/call.js';
import { CircuitOpenError } from '../errors/index.js';
import type { CircuitState } from '../observability/hooks.js';
import type { CircuitBreakerOptions } from '../options/types.js';
import { countsAgainstCircuit, type BreakerScope, type FleetBreakerLike } from '../policies/circuit-breaker.js';
import type { SharedStateGuard } from './guard.js';
import type { SharedBreakerSettings } from '../options/shared-state.js';

export class FleetBreaker implements FleetBreakerLike {
  readonly #shared: SharedStateGuard;
  readonly #settings: SharedBreakerSettings;
  readonly #onTransition: BreakerScope['onTransition'];
  #seen: CircuitState = 'closed';

  constructor(shared: SharedStateGuard, options: Readonly<CircuitBreakerOptions>, onTransition: BreakerScope['onTransition']) {
    this.#shared = shared;
    // The probe's lease: long enough for one attempt, so that a prober that died frees the fleet.
    this.#settings = { failureThreshold: options.failureThreshold, resetTimeoutMs: options.resetTimeoutMs, probeLeaseMs: Math.max(1_000, options.resetTimeoutMs) };
    this.#onTransition = onTransition;
  }

  get state(): CircuitState | undefined {
    return this.#shared.available ? this.#seen : undefined;
  }

  async execute<T>(call: Call, next: () => Promise<T>): Promise<{ result: T } | undefined> {
    const admission = await this.#shared.run('circuit breaker', (state) => state.admit('server', this.#settings));
    if (admission === undefined) return undefined;
    this.#see(admission.state);
    if (admission.decision === 'refuse') {
      const probing = admission.state === 'halfOpen';
      throw new CircuitOpenError(
        `${call.where} was not sent: the fleet's circuit breaker is ${probing ? 'half-open and another process is probing' : 'open'} after repeated failures. Retry in ${Math.ceil(admission.retryAfterMs / 1000)} s.`,
        { ...errorContext(call), retryAfterMs: admission.retryAfterMs },
      );
    }
    const probe = admission.decision === 'probe';
    let result: T;
    try {
      result = await next();
    } catch (error) {
      // Anything but a failure that says the server is unwell means it answered: a probe's success.
      const outcome = countsAgainstCircuit(error) ? 'failure' : 'success';
      if (outcome === 'failure' || probe || admission.failures > 0) await this.#record(outcome, probe);
      throw error;
    }
    // A success only needs recording when it ends a probe or a run of failures.
    if (probe || admission.failures > 0) await this.#record('success', probe);
    return { result };
  }

  async #record(outcome: 'success' | 'failure', probe: boolean): Promise<void> {
    const state = await this.#shared.run('circuit breaker', (shared) => shared.record('server', outcome, probe, this.#settings));
    if (state !== undefined) this.#see(state);
  }

  #see(state: CircuitState): void {
    const previous = this.#seen;
    if (previous === state) return;
    this.#seen = state;
    this.#onTransition(previous, state);
  }
}
