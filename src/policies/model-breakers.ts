/**
 * One breaker per model, counting only that model's provider failures (`500 LLM call failed: …`): when
 * one model's provider is down, its calls fail fast with `CircuitOpenError` (`model` set) while other
 * models and the job lifecycle go on. Held in a bounded map, so a client that sees many model names
 * keeps a fixed number of breakers (the oldest closed one makes room).
 */
import type { Call, Policy } from '../core/pipeline.js';
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
    // A model that never failed costs no breaker: the first provider failure creates one, counted in.
    return breaker === undefined ? this.#untilFirstFailure(model, next) : breaker.run(call, next);
  }

  shutdown(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
    this.#breakers.clear();
  }

  async #untilFirstFailure<T>(model: string, next: () => Promise<T>): Promise<T> {
    try {
      return await next();
    } catch (error) {
      if (isProviderFailure(error) && !this.#breakers.has(model)) this.#create(model).recordFailure();
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
