/** Faults named on a command line (`rateLimited:2`, `serverErrors:10%`, `slow:1500`), for `saas-litellm-mock`. */
import type { Fault } from './emulator.js';
import { networkError, plainTextError, rateLimited, serverErrors, slow, type FaultScope } from './faults.js';
import { dropStreamAfter } from './stream-faults.js';

/** Faults whose argument is how often: a count (`2`) or a share of requests (`10%`); none is every request. */
const COUNTED: Record<string, (scope: FaultScope) => Fault> = {
  rateLimited: (scope) => rateLimited({ ...scope, retryAfter: 1 }),
  serverErrors: (scope) => serverErrors(scope),
  plainTextError: (scope) => plainTextError(scope),
  networkError: (scope) => networkError(scope),
};

/** Faults whose argument is a size: milliseconds for `slow`, frames for `dropStreamAfter`. */
const SIZED: Record<string, (size: number) => Fault> = {
  slow: (ms) => slow(ms),
  dropStreamAfter: (frames) => dropStreamAfter(frames),
};

/** The names the command line accepts, with their argument. */
export const FAULT_SPECS: readonly string[] = [...Object.keys(COUNTED).map((name) => `${name}[:N|:P%]`), 'slow:MS', 'dropStreamAfter:FRAMES'];

/** `name[:arg]` → a fault; `seed` seeds a share. Throws an Error that says what is wrong. */
export function faultFromSpec(spec: string, seed: number): Fault {
  const [name = '', argument, ...extra] = spec.split(':');
  if (extra.length > 0) throw new Error(`--fault ${spec}: one argument at most (name:arg)`);
  const counted = COUNTED[name];
  if (counted !== undefined) {
    if (argument === undefined) return counted({});
    const share = /^(\d+(?:\.\d+)?)%$/.exec(argument);
    if (share) {
      const rate = Number(share[1]) / 100;
      if (rate > 1) throw new Error(`--fault ${spec}: a share must be at most 100%`);
      return counted({ rate, seed });
    }
    if (/^\d+$/.test(argument)) return counted({ times: Number(argument) });
    throw new Error(`--fault ${spec}: the argument of ${name} is a count (2) or a share (10%)`);
  }
  const sized = SIZED[name];
  if (sized !== undefined) {
    if (argument === undefined || !/^\d+$/.test(argument)) throw new Error(`--fault ${spec}: ${name} needs a whole number (${name}:${name === 'slow' ? '1500' : '4'})`);
    return sized(Number(argument));
  }
  throw new Error(`--fault ${spec}: unknown fault "${name}"; known: ${FAULT_SPECS.join(', ')}`);
}
