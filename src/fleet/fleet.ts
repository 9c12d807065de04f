/**
 * What a client with `sharedState` adds to its stack: the guard, the fleet breaker, the fleet's retry
 * budget and the rate limit's shared bucket, each given to its policy through an interface the policy
 * owns. The package's browser build swaps this file for fleet.browser.ts (shared state is a server
 * concern), so a page's bundle carries none of it.
 */
import type { Observer } from '../observability/observer.js';
import type { ResolvedOptions } from '../options/resolved.js';
import type { BreakerScope, FleetBreakerLike } from '../policies/circuit-breaker.js';
import type { SharedTokens } from '../policies/rate-limit.js';
import type { RetryBudget, RetryBudgetLike } from '../policies/retry-budget.js';
import { FleetBreaker } from './fleet-breaker.js';
import { FleetRetryBudget } from './fleet-retry-budget.js';
import { SharedStateGuard } from './guard.js';

export interface Fleet {
  guard: SharedStateGuard;
  breaker(onTransition: BreakerScope['onTransition']): FleetBreakerLike;
  budget(local: RetryBudget): RetryBudgetLike;
  /** The rate limit's bucket, shared. */
  tokens: SharedTokens;
}

export function fleetOf(options: ResolvedOptions, observer: Observer): Fleet | undefined {
  const { sharedState, circuitBreaker, retryBudget } = options;
  if (sharedState === undefined) return undefined;
  const guard = new SharedStateGuard(sharedState, observer, options.sharedStateOptions);
  return {
    guard,
    breaker: (onTransition) => new FleetBreaker(guard, circuitBreaker as Exclude<typeof circuitBreaker, false>, onTransition),
    budget: (local) => (retryBudget === false ? local : new FleetRetryBudget(local, guard, retryBudget)),
    tokens: {
      take: (bucket, settings, maxWaitMs) => guard.run('rate limit', (state) => state.take(bucket, 1, settings, maxWaitMs)),
      giveBack: (bucket, settings, waitUntil) => guard.detach('rate limit', (state) => state.put(bucket, 1, settings), waitUntil),
    },
  };
}
