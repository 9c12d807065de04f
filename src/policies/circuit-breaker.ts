/** State of the client's circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';
