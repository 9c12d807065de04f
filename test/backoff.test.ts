import { describe, expect, it } from 'vitest';
import { exponentialDelay, planDelay } from '../src/policies/backoff.js';
import { errorFromResponse } from '../src/classify/response.js';

const options = { baseDelayMs: 1000, maxDelayMs: 32_000, jitter: 0.25 };
const middle = () => 0.5;

function rateLimited(headers: Record<string, string>) {
  return errorFromResponse({ status: 429, bodyText: '', headers: new Headers(headers), context: {}, now: Date.now() });
}

describe('exponentialDelay', () => {
  it('doubles from the base without jitter at the midpoint', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => exponentialDelay(retry, options, middle))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000]);
  });

  it('is capped at maxDelayMs', () => {
    expect(exponentialDelay(10, options, middle)).toBe(32_000);
    expect(exponentialDelay(10, options, () => 0.999)).toBe(32_000);
  });

  it('spreads by ±jitter', () => {
    expect(exponentialDelay(1, options, () => 0)).toBe(1500);
    expect(exponentialDelay(1, options, () => 0.999_999)).toBe(2500);
  });

  it('grows with the random value from d·(1-j) to d·(1+j), never outside', () => {
    const draws = Array.from({ length: 100 }, (_, index) => index / 100);
    const delays = draws.map((draw) => exponentialDelay(2, options, () => draw));
    expect(delays[0]).toBe(3000);
    expect(delays.at(-1)).toBe(4980);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });
});

describe('planDelay', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('uses Retry-After seconds over backoff', () => {
    expect(planDelay(rateLimited({ 'retry-after': '3' }), 0, options, middle, now, undefined)).toEqual({ kind: 'wait', delayMs: 3000, source: 'retry-after' });
  });

  it('reads Retry-After as an HTTP date', () => {
    const date = new Date(now + 5000).toUTCString();
    expect(planDelay(rateLimited({ 'retry-after': date }), 0, options, middle, now, undefined)).toMatchObject({ delayMs: 5000 });
  });

  it('prefers retry-after-ms', () => {
    expect(planDelay(rateLimited({ 'retry-after-ms': '250', 'retry-after': '9' }), 0, options, middle, now, undefined)).toMatchObject({ delayMs: 250 });
  });

  it('gives up when the server asks for more than maxDelayMs', () => {
    expect(planDelay(rateLimited({ 'retry-after': '60' }), 0, options, middle, now, undefined)).toEqual({ kind: 'give-up', reason: 'retry-after-exceeds-max', requestedMs: 60_000 });
  });

  it('gives up when the wait would end past the deadline', () => {
    expect(planDelay(rateLimited({}), 2, options, middle, now, 3999)).toEqual({ kind: 'give-up', reason: 'past-deadline', requestedMs: 4000 });
  });

  it('falls back to backoff for an unparseable Retry-After', () => {
    expect(planDelay(rateLimited({ 'retry-after': 'soon' }), 1, options, middle, now, undefined)).toEqual({ kind: 'wait', delayMs: 2000, source: 'backoff' });
  });
});
