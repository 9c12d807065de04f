/** fleet.ts for the package's browser build: shared state (Redis) is a server concern. */
import { InvalidRequestError } from '../errors/index.js';
import type { Observer } from '../observability/observer.js';
import type { ResolvedOptions } from '../options/resolved.js';
import type { Fleet } from './fleet.js';

export function fleetOf(options: ResolvedOptions, _observer: Observer): Fleet | undefined {
  if (options.sharedState === undefined) return undefined;
  throw new InvalidRequestError('`sharedState` is for server processes (saas-litellm/redis); the browser build of the SDK has no fleet state.', {
    issues: [{ path: 'sharedState', message: 'not available in a browser' }],
  });
}
