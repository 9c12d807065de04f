/** Streams over real sockets (undici's fetch against the emulator on a loopback server). */
import { afterEach, describe, expect, it } from 'vitest';
import { SaaSLLMClient, StreamInterruptedError } from '../src/index.js';
import {
  createEmulator,
  dropStreamAfter,
  rewriteStream,
  TEST_TEAM_ID,
  TEST_VIRTUAL_KEY,
  type Fault,
} from '../src/testing/index.js';
import { startEmulatorServer, type EmulatorServer } from '../src/testing/server.js';
import { hello, rejectionOf } from './helpers.js';

let server: EmulatorServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(faults: Fault[] = []) {
  const emulator = createEmulator({ jobStreamRoute: 'fixed', faults });
  server = await startEmulatorServer(emulator);
  const client = new SaaSLLMClient({ baseUrl: server.url, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: false, circuitBreaker: false });
  return { emulator, client };
}

describe('streams over HTTP', () => {
  it('reads a whole answer', async () => {
    const { client } = await serve();
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-claude', messages: hello });
    expect(await stream.text()).toBe('Hello from the fake upstream. You said: Say hello to the SDK');
  });

  it('a connection reset mid-stream is StreamInterruptedError, and the job is failed', async () => {
    const { client, emulator } = await serve([dropStreamAfter(3)]);
    const job = await client.createJob('stream');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    const error = await rejectionOf(stream.text(), StreamInterruptedError);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.partialContent).toBe('Hello from ');
    expect(emulator.job(job.job_id)?.status).toBe('FAILED');
  });

  it('breaking out of the loop closes the connection (the server sees the client leave)', async () => {
    let serverSawCancel: () => void = () => {};
    const cancelled = new Promise<void>((resolve) => {
      serverSawCancel = resolve;
    });
    const endless: Fault = async (request, next) =>
      rewriteStream(await next(request), async function* (frames, signal) {
        signal.addEventListener('abort', () => serverSawCancel());
        for await (const frame of frames) {
          if (frame.includes('[DONE]')) break;
          yield frame;
        }
        // Never end: only the client leaving stops this stream.
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      });
    const { client } = await serve([endless]);
    const stream = await client.createAndCallStream({ job_type: 'stream', model: 'sdk-chat', messages: hello });
    let seen = 0;
    for await (const _chunk of stream) {
      seen += 1;
      if (seen === 2) break;
    }
    await cancelled;
    expect(seen).toBe(2);
  });
});
