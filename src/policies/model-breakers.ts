/**
 * One breaker per model, counting only that model's provider failures (`500 LLM call failed: …`): when
 * one model's provider is down, its calls fail fast with `CircuitOpenError` (`model` set) while other
 * models and the job lifecycle go on. Held in a bounded map, so a client that sees many model names
 * keeps a fixed number of breakers (the oldest closed one makes room).
 */
import type { Call, Policy } from './call.js';
import type { CircuitState } from '../observability/hooks.js';
import type { CircuitBreakerOptions } from '../options/types.js';
import { Breaker, isProviderFailure } from './circuit-breaker.js';

const MAX_MODELS = 256;

export class ModelBreakers implements Policy {
  readonly #options: Readonly<CircuitBreakerOptions>;
  readonly #onTransition: (model: string, previous: CircuitState, state: CircuitState) => void;
  readonly #breakers = new Map<string, Breaker>();

  constructor(options: Readonly<CircuitBreakerOptions>, onTransition: (model: string, previous: CircuitState, state: CircuitState) => void) {
    this.#options = options;
    this.#onTransition = onTransition;
  }

  /** A model's state; `closed` for a model not seen failing. */
  stateOf(model: string): CircuitState {
    return this.#breakers.get(model)?.state ?? 'closed';
  }

  isOpenFor(call: Call): boolean {
    const { model } = call.spec;
    return model !== undefined && this.stateOf(model) === 'open';
  }

  execute<T>(call: Call, next: () => Promise<T>): Promise<T> {
    const { model } = call.spec;
    if (model === undefined) return next();
    const breaker = this.#breakers.get(model);
    // A model that never failed costs no breaker: creating one on a model's first call would cost, per
    // model name seen, an opossum instance (measured: 25 µs, 6.6 KB and a bucket interval). The first
    // provider failure creates it; calls already in flight count on it as they settle (one map lookup).
    return breaker === undefined ? this.#untilFirstFailure(model, next) : breaker.run(call, next);
  }

  shutdown(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
    this.#breakers.clear();
  }

  /**
   * A call made while the model had no breaker. Its outcome is still counted when a breaker exists by the
   * time it settles: calls to a model are concurrent, and a provider outage fails them all at once (the
   * first failure creates the breaker; the ones in flight beside it must count too).
   */
  async #untilFirstFailure<T>(model: string, next: () => Promise<T>): Promise<T> {
    try {
      const result = await next();
      this.#breakers.get(model)?.recordOutside('success');
      return result;
    } catch (error) {
      if (isProviderFailure(error)) (this.#breakers.get(model) ?? this.#create(model)).recordOutside('failure');
      else if (this.#breakers.has(model)) this.#breakers.get(model)?.recordOutside('success');
      throw error;
    }
  }

  #create(model: string): Breaker {
    if (this.#breakers.size >= MAX_MODELS) this.#evict();
    const breaker = new Breaker(this.#options, {
      counts: isProviderFailure,
      label: `the circuit breaker for model '${model}'`,
      model,
      onTransition: (previous, state) => this.#onTransition(model, previous, state),
    });
    this.#breakers.set(model, breaker);
    return breaker;
  }

  #evict(): void {
    for (const [model, breaker] of this.#breakers) {
      if (breaker.state === 'closed') {
        breaker.shutdown();
        this.#breakers.delete(model);
        return;
      }
    }
  }
}
