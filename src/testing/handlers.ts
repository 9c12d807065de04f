/** msw request handlers backed by the emulator. */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createEmulator, EmulatedNetworkError, Emulator, type EmulatorOptions } from './emulator.js';
import { TEST_BASE_URL } from './fixtures.js';

export interface HandlerOptions extends EmulatorOptions {
  /** Origin to intercept. @default TEST_BASE_URL */
  baseUrl?: string;
  /** An existing emulator to mount (its options win). @default a new one */
  emulator?: Emulator;
}

/**
 * msw handlers that answer every request to `baseUrl` from the emulator. Network faults become
 * `HttpResponse.error()`.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createEmulator, createHandlers } from 'saas-litellm/testing';
 *
 * const emulator = createEmulator();
 * const server = setupServer(...createHandlers({ emulator }));
 * server.listen({ onUnhandledFrame: 'error' });
 * ```
 */
export function createHandlers(options: HandlerOptions = {}): HttpHandler[] {
  const { baseUrl = TEST_BASE_URL, emulator = createEmulator(options) } = options;
  const origin = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      try {
        return await emulator.handle(request);
      } catch (error) {
        if (error instanceof EmulatedNetworkError) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
