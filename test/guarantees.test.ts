/**
 * The promises of issue #11 through the public client: no job left open, local failures typed and
 * never retried or counted, every entry checked, the key never echoed back, bounded reads, responses
 * not trusted further than they can be.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  CircuitOpenError,
  ConnectionError,
  InvalidRequestError,
  metricsToPrometheus,
  parseTimestamp,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
  SaaSLLMClient,
  SaaSLLMError,
  ServerError,
  StreamError,
  TimeoutError,
  type ClientOptions,
} from '../src/index.js';
import { createEmulator, errorFrame, networkError, rateLimited, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type Emulator, type Fault } from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

const clients: SaaSLLMClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function on(emulator: Emulator, options: ClientOptions = {}): SaaSLLMClient {
  const client = clientOn(emulator, options);
  clients.push(client);
  return client;
}

const chat = { model: 'sdk-chat', messages: hello };
const fastRetry = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 };
const completesOf = (emulator: Emulator) => emulator.requests.filter((request) => request.path.endsWith('/complete'));

describe('breakers scoped to what failed', () => {
  it('completes a job while the server breaker is open', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, path: /credits/ })] });
    const client = on(emulator, { circuitBreaker: { failureThreshold: 2 } });
    const { job_id } = await client.createJob('x');
    for (let call = 0; call < 2; call += 1) await rejectionOf(client.getCreditBalance());
    expect(client.circuitState).toBe('open');
    await rejectionOf(client.getCreditBalance(), CircuitOpenError);
    const done = await client.completeJob(job_id, 'completed');
    expect(done.status).toBe('COMPLETED');
    expect(emulator.job(job_id)?.status).toBe('COMPLETED');
  });

  it("withJob fails its job on the server although the failures of its work opened the breaker", async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, path: /credits/ })] });
    const client = on(emulator, { circuitBreaker: { failureThreshold: 2 } });
    let jobId = '';
    const error = await rejectionOf(
      client.withJob('x', async (job) => {
        jobId = job.job_id;
        for (let call = 0; call < 3; call += 1) await client.getCreditBalance().catch(() => undefined);
        return client.getCreditBalance();
      }),
      CircuitOpenError,
    );
    expect(error.completionError).toBeUndefined();
    expect(emulator.job(jobId)?.status).toBe('FAILED');
    expect(emulator.job(jobId)?.completions).toBe(1);
  });

  it('retries a completion that fails, even with the retry budget empty', async () => {
    const emulator = createEmulator({ faults: [serverErrors({ status: 503, path: /\/complete$/, times: 2 })] });
    const client = on(emulator, { retry: fastRetry, retryBudget: { capacity: 0 } });
    const { job_id } = await client.createJob('x');
    await client.completeJob(job_id, 'completed');
    expect(completesOf(emulator)).toHaveLength(3);
    expect(emulator.job(job_id)?.status).toBe('COMPLETED');
  });

  it('a completion that cannot be delivered is retried within its own deadline, then reported on completionError, the logger and onError', async () => {
    vi.useFakeTimers();
    try {
      const emulator = createEmulator({ faults: [serverErrors({ status: 503, path: /\/complete$/ })] });
      const warnings: string[] = [];
      const failedOperations: string[] = [];
      const logger = { debug: () => {}, info: () => {}, warn: (message: string) => void warnings.push(message), error: () => {} };
      const client = on(emulator, {
        timeouts: { complete: 1_000 },
        retry: { maxRetries: 100, baseDelayMs: 400, maxDelayMs: 400, jitter: 0 },
        logger,
        hooks: { onError: ({ operation }) => void failedOperations.push(operation) },
      });
      const work = new Error('work failed');
      const pending = rejectionOf(client.withJob('x', () => Promise.reject(work)), Error);
      await vi.advanceTimersByTimeAsync(2_000);
      const error = await pending;
      expect(error).toBe(work);
      // The SDK's own completion gets twice timeouts.complete: a handful of attempts, not 101.
      const completes = completesOf(emulator).length;
      expect(completes).toBeGreaterThanOrEqual(2);
      expect(completes).toBeLessThanOrEqual(6);
      expect((error as Error & { completionError?: unknown }).completionError).toBeInstanceOf(SaaSLLMError);
      expect(warnings).toContain('completing the job as failed failed too; the job may still be open');
      expect(failedOperations).toContain('completeJob');
    } finally {
      vi.useRealTimers();
    }
  });

  it("a model's provider failures open that model's breaker only", async () => {
    const emulator = createEmulator({ providersWithoutCredentials: ['anthropic'] });
    const transitions: Array<{ state: string; model?: string }> = [];
    const client = on(emulator, { circuitBreaker: { failureThreshold: 3 }, hooks: { onCircuitStateChange: (state) => void transitions.push(state) } });
    const { job_id } = await client.createJob('x');
    const claude = { model: 'sdk-claude', messages: hello };
    for (let call = 0; call < 3; call += 1) await rejectionOf(client.chat(job_id, claude), ServerError);
    expect(client.modelCircuitState('sdk-claude')).toBe('open');
    expect(client.circuitState).toBe('closed');
    const sent = emulator.requests.length;
    const refused = await rejectionOf(client.chat(job_id, claude), CircuitOpenError);
    expect(refused).toMatchObject({ model: 'sdk-claude', sendState: 'not-sent' });
    expect(refused.message).toContain("model 'sdk-claude'");
    expect(emulator.requests).toHaveLength(sent);
    await expect(client.chat(job_id, chat)).resolves.toMatchObject({ response: { content: expect.any(String) } });
    await expect(client.completeJob(job_id, 'completed')).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(client.modelCircuitState('sdk-chat')).toBe('closed');
    expect(transitions).toEqual([{ previous: 'closed', state: 'open', model: 'sdk-claude' }]);
  });
});

describe('a chatStream that fails before its first byte fails its job', () => {
  const html: Fault = async () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } });
  const cases: Array<[string, Fault, abstract new (...args: never[]) => SaaSLLMError]> = [
    ['connection refused', networkError({ code: 'ECONNREFUSED', path: /llm-call-stream/ }), ConnectionError],
    ['reset before headers', networkError({ code: 'ECONNRESET', path: /llm-call-stream/ }), ConnectionError],
    ['429 every time', rateLimited({ path: /llm-call-stream/ }), RateLimitError],
    ['a 200 that is HTML', (request, next) => (request.url.includes('llm-call-stream') ? html(request, next) : next(request)), ResponseValidationError],
  ];
  for (const [name, fault, type] of cases) {
    it(`${name}: the typed error, and the job FAILED by exactly one /complete`, async () => {
      const emulator = createEmulator({ faults: [fault], jobStreamRoute: 'fixed' });
      const client = on(emulator);
      const { job_id } = await client.createJob('x');
      const error = await rejectionOf(client.chatStream(job_id, chat), type);
      expect(error.completionError).toBeUndefined();
      expect(emulator.job(job_id)?.status).toBe('FAILED');
      expect(completesOf(emulator)).toHaveLength(1);
    });
  }

  it('leaves the job alone with autoFailJob: false, and when the caller aborts', async () => {
    const emulator = createEmulator({ faults: [networkError({ code: 'ECONNREFUSED', path: /llm-call-stream/ })] });
    const client = on(emulator);
    const { job_id } = await client.createJob('x');
    await rejectionOf(client.chatStream(job_id, chat, { autoFailJob: false }), ConnectionError);
    await rejectionOf(client.chatStream(job_id, chat, { signal: AbortSignal.abort() }));
    expect(completesOf(emulator)).toHaveLength(0);
  });
});

describe('local failures are the caller’s, never retried or counted', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  let deep: Record<string, unknown> = {};
  for (let depth = 0; depth < 20_000; depth += 1) deep = { deep };
  const bodies: Array<[string, Record<string, unknown>]> = [
    ['a BigInt', { n: 10n }],
    ['a cycle', circular],
    ['nesting past the stack', deep],
    ['a function', { f: () => 1 }],
  ];
  for (const [name, metadata] of bodies) {
    it(`metadata with ${name}: InvalidRequestError, nothing sent, breaker untouched`, async () => {
      const emulator = createEmulator();
      const client = on(emulator, { circuitBreaker: { failureThreshold: 1 }, retry: fastRetry });
      const error = await rejectionOf(client.createJob({ job_type: 'x', metadata }), InvalidRequestError);
      expect(error.message).toContain('createJob()');
      expect(emulator.requests).toHaveLength(0);
      expect(client.circuitState).toBe('closed');
      await expect(client.createJob('x')).resolves.toMatchObject({ status: 'PENDING' });
    });
  }

  it('a header fetch refuses is InvalidRequestError, not a connection failure', async () => {
    const emulator = createEmulator();
    const refusing = async () => {
      throw new TypeError("Headers.append: \"a\nb\" is an invalid header value.");
    };
    const client = on(emulator, { fetch: refusing, circuitBreaker: { failureThreshold: 1 }, retry: fastRetry });
    const error = await rejectionOf(client.createJob('x'), InvalidRequestError);
    expect(error.attempts).toBe(1);
    expect(client.circuitState).toBe('closed');
  });

  it("a browser's network failure (a bare TypeError) stays a retried ConnectionError", async () => {
    for (const message of ['Failed to fetch', 'Load failed', 'NetworkError when attempting to fetch resource.']) {
      let calls = 0;
      const offline = async () => {
        calls += 1;
        throw new TypeError(message);
      };
      const error = await rejectionOf(on(createEmulator(), { fetch: offline, retry: fastRetry }).getCreditBalance(), ConnectionError);
      expect(error.retryable).toBe(true);
      expect(calls).toBe(4);
    }
  });

  it('a key that cannot go in a header is refused at construction, without echoing it', () => {
    for (const key of ['sk-abc\r\nx-evil: 1', 'sk-abc\u0000def', 'sk-abc def', 'sk-ключ']) {
      let error: unknown;
      try {
        new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: key });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(JSON.stringify(error)).not.toContain(key);
      expect((error as Error).message).toContain('virtualKey');
    }
  });
});

describe('every entry checked: InvalidRequestError naming the field, zero requests', () => {
  const jobId = '00000000-0000-4000-8000-000000000000';
  const calls: Array<[string, (client: SaaSLLMClient) => Promise<unknown>]> = [
    ['createJob', (client) => client.createJob('x', null as never)],
    ['getJob', (client) => client.getJob(jobId, null as never)],
    ['chat', (client) => client.chat(jobId, chat, null as never)],
    ['chatStream', (client) => client.chatStream(jobId, chat, null as never)],
    ['createAndCallStream', (client) => client.createAndCallStream({ ...chat, job_type: 'x' }, null as never)],
    ['health', (client) => client.health(null as never)],
    ['listJobs', (client) => client.listJobs({}, null as never)],
    ['structuredOutput', (client) => client.structuredOutput(jobId, chat, z.object({}), null as never)],
    ['withJob', (client) => client.withJob('x', () => 1, null as never)],
    ['completeJob', (client) => client.completeJob(jobId, 'completed', {}, null as never)],
  ];
  for (const [name, call] of calls) {
    it(`${name} with options = null`, async () => {
      const emulator = createEmulator();
      const error = await rejectionOf(call(on(emulator)), InvalidRequestError);
      expect(error.issues[0]?.path).toBe('options');
      expect(emulator.requests).toHaveLength(0);
    });
  }

  const wrongOptions: Array<[string, Record<string, unknown>, string]> = [
    ['timeoutMs: "x"', { timeoutMs: 'x' }, 'options.timeoutMs'],
    ['timeoutMs: -1', { timeoutMs: -1 }, 'options.timeoutMs'],
    ['maxRetries: "x"', { maxRetries: 'x' }, 'options.maxRetries'],
    ['signal that is not a signal', { signal: { aborted: 'no' } }, 'options.signal'],
    ['a header value with CR/LF', { headers: { 'x-a': 'a\r\nb' } }, 'options.headers.x-a'],
    ['autoFailJob: "x"', { autoFailJob: 'x' }, 'options.autoFailJob'],
  ];
  for (const [name, options, path] of wrongOptions) {
    it(`a stream call with ${name}`, async () => {
      const emulator = createEmulator();
      const error = await rejectionOf(on(emulator).createAndCallStream({ ...chat, job_type: 'x' }, options as never), InvalidRequestError);
      expect(error.issues.map((issue) => issue.path)).toContain(path);
      expect(emulator.requests).toHaveLength(0);
    });
  }

  const wrongClientOptions: Array<[string, Record<string, unknown>, string]> = [
    ['baseUrl: 42', { baseUrl: 42 }, 'options.baseUrl'],
    ['teamId: {}', { teamId: {} }, 'options.teamId'],
    ['virtualKey: 7', { virtualKey: 7 }, 'options.virtualKey'],
    ['timeouts: null', { timeouts: null }, 'options.timeouts'],
    ['retry: null', { retry: null }, 'options.retry'],
    ['retry.maxRetries: "x"', { retry: { maxRetries: 'x' } }, 'options.retry'],
    ['fetch: "x"', { fetch: 'x' }, 'options.fetch'],
    ['logLevel: 5', { logLevel: 5 }, 'options.logLevel'],
    ['hooks.onError: 1', { hooks: { onError: 1 } }, 'options.hooks.onError'],
  ];
  for (const [name, options, path] of wrongClientOptions) {
    it(`new SaaSLLMClient with ${name}`, () => {
      let error: unknown;
      try {
        new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, ...options });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).issues.map((issue) => issue.path).some((issuePath) => issuePath.startsWith(path))).toBe(true);
    });
  }
  it('new SaaSLLMClient(null) is InvalidRequestError naming the options', () => {
    vi.stubEnv('SAAS_LITELLM_API_URL', TEST_BASE_URL);
    vi.stubEnv('SAAS_LITELLM_TEAM_ID', TEST_TEAM_ID);
    vi.stubEnv('SAAS_LITELLM_VIRTUAL_KEY', TEST_VIRTUAL_KEY);
    let error: unknown;
    try {
      new SaaSLLMClient(null as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues[0]?.path).toBe('options');
  });

  it('structuredOutput with a schema that is not zod', async () => {
    const emulator = createEmulator();
    const error = await rejectionOf(on(emulator).structuredOutput(jobId, chat, { parse: () => 1 } as never), InvalidRequestError);
    expect(error.issues[0]?.path).toBe('schema');
    expect(emulator.requests).toHaveLength(0);
  });

  it('withJob with a work that is not a function creates no job', async () => {
    const emulator = createEmulator();
    const error = await rejectionOf(on(emulator).withJob('x', 'work' as never), InvalidRequestError);
    expect(error.issues[0]?.path).toBe('work');
    expect(emulator.requests).toHaveLength(0);
  });

  it('the standalone functions check their arguments too', () => {
    expect(() => metricsToPrometheus(null as never)).toThrow(InvalidRequestError);
    expect(() => metricsToPrometheus(on(createEmulator()).metrics(), null as never)).toThrow(InvalidRequestError);
    expect(() => parseTimestamp(42 as never)).toThrow(InvalidRequestError);
  });

  it('completeJob with extra = null sends a plain completion', async () => {
    const emulator = createEmulator();
    const client = on(emulator);
    const { job_id } = await client.createJob('x');
    await expect(client.completeJob(job_id, 'failed', null as never)).resolves.toMatchObject({ status: 'FAILED' });
  });

  const malformed: Array<[string, (client: SaaSLLMClient) => Promise<unknown>, string]> = [
    ['content undefined', (client) => client.chat(jobId, { model: 'sdk-chat', messages: [{ role: 'user', content: undefined as never }] }), 'messages.0.content'],
    ['content a symbol', (client) => client.chat(jobId, { model: 'sdk-chat', messages: [{ role: 'user', content: Symbol('x') as never }] }), 'messages.0.content'],
    ['content a function', (client) => client.chat(jobId, { model: 'sdk-chat', messages: [{ role: 'user', content: (() => 'x') as never }] }), 'messages.0.content'],
    ['tool_choice NaN', (client) => client.chat(jobId, { ...chat, tool_choice: Number.NaN as never }), 'tool_choice'],
    ['updateJobMetadata(id, null)', (client) => client.updateJobMetadata(jobId, null as never), 'metadata'],
    ['model_group without model', (client) => client.chat(jobId, { model_group: 'g', messages: hello } as never), 'model_group'],
  ];
  for (const [name, call, path] of malformed) {
    it(`${name} never reaches the wire`, async () => {
      const emulator = createEmulator();
      const error = await rejectionOf(call(on(emulator)), InvalidRequestError);
      expect(error.issues.map((issue) => issue.path)).toContain(path);
      expect(emulator.requests).toHaveLength(0);
    });
  }
});

describe('the key never leaves the SDK, even when the other side echoes it', () => {
  const echoKey = (request: Request) => request.headers.get('authorization') ?? '';
  function leaks(value: unknown): boolean {
    return JSON.stringify(value)?.includes(TEST_VIRTUAL_KEY) === true || inspect(value, { depth: 8 }).includes(TEST_VIRTUAL_KEY);
  }

  it('in an error body and a header of a 4xx', async () => {
    const fault: Fault = async (request) =>
      new Response(JSON.stringify({ detail: `bad key ${echoKey(request)}` }), { status: 400, headers: { 'content-type': 'application/json', 'x-echo': echoKey(request) } });
    const seen: unknown[] = [];
    const logged: unknown[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (_: string, fields: unknown) => void logged.push(fields), error: (_: string, fields: unknown) => void logged.push(fields) };
    const client = on(createEmulator({ faults: [fault] }), { hooks: { onError: (state) => void seen.push(state) }, logger });
    const error = await rejectionOf(client.createJob('x'));
    expect(error.message).toContain('[redacted]');
    expect(leaks(error)).toBe(false);
    expect(leaks(seen)).toBe(false);
    expect(leaks(logged)).toBe(false);
    expect((error as unknown as { headers: Headers }).headers.get('x-echo')).toBe('Bearer [redacted]');
  });

  it('in a 2xx body the SDK cannot read', async () => {
    const fault: Fault = async (request) => new Response(JSON.stringify({ job_id: echoKey(request) }), { status: 200, headers: { 'content-type': 'application/json' } });
    const error = await rejectionOf(on(createEmulator({ faults: [fault] })).createJob('x'), ResponseValidationError);
    expect(error.body).toContain('[redacted]');
    expect(leaks(error)).toBe(false);
  });

  it('in a stream error frame', async () => {
    const emulator = createEmulator({ faults: [errorFrame(`upstream refused key ${TEST_VIRTUAL_KEY}`, { after: 1 })], jobStreamRoute: 'fixed' });
    const ended: unknown[] = [];
    const client = on(emulator, { hooks: { onStreamEnd: (state) => void ended.push(state) } });
    const stream = await client.createAndCallStream({ ...chat, job_type: 'x' });
    const error = await rejectionOf(stream.text(), StreamError);
    expect(error.detail).toContain('[redacted]');
    expect(leaks(error)).toBe(false);
    expect(leaks(ended)).toBe(false);
  });

  it('in the cause of a connection failure', async () => {
    const failing = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`proxy said: ${TEST_VIRTUAL_KEY}`), { code: 'ECONNRESET' }) });
    };
    const error = await rejectionOf(on(createEmulator(), { fetch: failing }).createJob('x', { reconcile: false }), ConnectionError);
    expect(leaks(error)).toBe(false);
    expect(((error.cause as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    // With reconciliation the cause is the failed lookup (its own connection failure): redacted the same way.
    const reconciled = await rejectionOf(on(createEmulator(), { fetch: failing, retry: { maxRetries: 1, baseDelayMs: 0 } }).createJob('x'), ConnectionError);
    expect(leaks(reconciled)).toBe(false);
    expect((reconciled.cause as Error & { operation?: string }).operation).toBe('listJobs');
  });
});

describe('bounded reads', () => {
  const big = (status: number, bytes: number, chunked: boolean): Fault => async () => {
    const text = JSON.stringify({ detail: 'x'.repeat(bytes) });
    const body = chunked ? new Blob([text]).stream() : text;
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };

  it('a 2xx body past maxResponseBytes: ResponseTooLargeError saying how much arrived', async () => {
    const client = on(createEmulator({ faults: [big(200, 5_000, true)] }), { maxResponseBytes: 1_000 });
    const error = await rejectionOf(client.createJob('x'), ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'response_too_large', limitBytes: 1_000, status: 200, sendState: 'ambiguous' });
    expect(error.receivedBytes).toBeGreaterThan(1_000);
    expect(error.message).toContain('createJob()');
  });

  it('an error body past the limit, announced by Content-Length, is not read', async () => {
    const client = on(createEmulator({ faults: [big(503, 5_000, false)] }), { maxResponseBytes: 1_000 });
    const error = await rejectionOf(client.getJob('00000000-0000-4000-8000-000000000000'), ResponseTooLargeError);
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  it('one stream event past the limit: the partial answer kept, the job failed', async () => {
    const long: Fault = async (request, next) => {
      if (!request.url.includes('llm-call-stream')) return next(request);
      const first = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`;
      return new Response(`${first}data: {"x":"${'y'.repeat(20_000)}"}\n\n`, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const emulator = createEmulator({ faults: [long], jobStreamRoute: 'fixed' });
    const client = on(emulator, { maxResponseBytes: 10_000 });
    const { job_id } = await client.createJob('x');
    const stream = await client.chatStream(job_id, chat);
    const error = await rejectionOf(stream.text(), ResponseTooLargeError);
    expect(error.partialContent).toBe('Hi');
    expect(emulator.job(job_id)?.status).toBe('FAILED');
  });
});

describe('responses trusted only as far as they can be', () => {
  it('createJob refuses a job_id that is not a UUID', async () => {
    const fault: Fault = async () => new Response(JSON.stringify({ job_id: 'job-1', status: 'PENDING', created_at: '2026-01-01T00:00:00Z' }), { status: 200, headers: { 'content-type': 'application/json' } });
    const error = await rejectionOf(on(createEmulator({ faults: [fault] })).createJob('x'), ResponseValidationError);
    expect(error.issues[0]?.path).toBe('job_id');
  });

  it('a 2xx that is not JSON says the server did the work, and names the call', async () => {
    const fault: Fault = async () => new Response('<html>ok</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const error = await rejectionOf(on(createEmulator({ faults: [fault] })).createJob('x'), ResponseValidationError);
    expect(error).toMatchObject({ sendState: 'ambiguous', ambiguous: true });
    expect(error.message).toContain('createJob() POST /api/jobs/create');
  });

  it("the runtime's own headers timeout is a TimeoutError that says so", async () => {
    const undiciTimeout = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) });
    };
    const error = await rejectionOf(on(createEmulator(), { fetch: undiciTimeout }).createJob('x'), TimeoutError);
    expect(error.message).toContain('headersTimeout');
    expect(error.phase).toBe('request');
  });
});
