/**
 * `saas-litellm/testing/msw`: msw request handlers backed by the emulator, for msw 2 and msw 3. The only
 * part of the testing kit that needs msw installed.
 * @module saas-litellm/testing/msw
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createEmulator, isEmulatedNetworkError, type Emulator, type EmulatorOptions } from './emulator.js';
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
 * import { createEmulator } from 'saas-litellm/testing';
 * import { createHandlers } from 'saas-litellm/testing/msw';
 *
 * const emulator = createEmulator();
 * const server = setupServer(...createHandlers({ emulator }));
 * server.listen({ onUnhandledFrame: 'error' }); // msw 2: { onUnhandledRequest: 'error' }
 * afterEach(() => emulator.reset());
 * ```
 */
export function createHandlers(options: HandlerOptions = {}): HttpHandler[] {
  const { baseUrl = TEST_BASE_URL, emulator = createEmulator(options) } = options;
  const origin = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      try {
        return await emulator.fetch(request);
      } catch (error) {
        if (isEmulatedNetworkError(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
