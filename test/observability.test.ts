import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  metricsToPrometheus,
  SaaSLLMClient,
  ServiceUnavailableError,
  type ClientOptions,
  type LogFields,
  type Logger,
  type LogLevel,
} from '../src/index.js';
import { LatencyHistogram } from '../src/observability/histogram.js';
import {
  createEmulator,
  dropStreamAfter,
  networkError,
  serverErrors,
  TEST_BASE_URL,
  TEST_TEAM_ID,
  type EmulatorOptions,
  type Fault,
} from '../src/testing/index.js';
import { clientOn, hello, rejectionOf } from './helpers.js';

const KEY = 'sk-OBSERVE-distinctive-9d2e41';

interface Line {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

function capturingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: LogLevel) => (message: string, fields: LogFields) => void lines.push({ level, message, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** A client with KEY as its key, a capturing logger at debug, every hook captured, on a fresh emulator. */
function observed(options: { faults?: Fault[]; emulator?: EmulatorOptions; client?: ClientOptions } = {}) {
  const emulator = createEmulator({ ...options.emulator, faults: options.faults ?? [] });
  emulator.addTeam({ teamId: 'observed-team', virtualKey: KEY });
  const { logger, lines } = capturingLogger();
  const hooks: Array<{ name: string; state: unknown }> = [];
  const record = (name: string) => (state: unknown) => void hooks.push({ name, state });
  const client = clientOn(emulator, {
    teamId: 'observed-team',
    virtualKey: KEY,
    logger,
    logLevel: 'debug',
    retry: { baseDelayMs: 0 },
    hooks: {
      onRequest: record('onRequest'),
      onResponse: record('onResponse'),
      onRetry: record('onRetry'),
      onError: record('onError'),
      onCircuitStateChange: record('onCircuitStateChange'),
      onStreamEnd: record('onStreamEnd'),
    },
    ...options.client,
  });
  return { emulator, client, lines, hooks };
}

const everything = (value: unknown) => [JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true }), String(value)];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('log events', () => {
  it('request and response carry requestId, method, endpoint template, jobId, attempt, status and latency', async () => {
    const { client, lines } = observed();
    const job = await client.createJob('observe');
    lines.length = 0;
    await client.getJob(job.job_id);
    const request = lines.find((line) => line.message === 'request');
    const response = lines.find((line) => line.message === 'response');
    expect(request?.fields).toMatchObject({ method: 'GET', endpoint: '/api/jobs/{job_id}', jobId: job.job_id, attempt: 1 });
    expect(response?.fields).toMatchObject({ endpoint: '/api/jobs/{job_id}', status: 200, attempt: 1 });
    expect(response?.fields.latencyMs).toBeTypeOf('number');
    expect(response?.fields.requestId).toBe(request?.fields.requestId);
    for (const line of lines) expect(String(line.fields.endpoint)).not.toContain(job.job_id);
  });

  it('a retry is logged with attempt, delay and reason', async () => {
    const { client, lines } = observed({ faults: [serverErrors({ status: 503, times: 1 })] });
    await client.getCreditBalance();
    const retry = lines.find((line) => line.message.startsWith('retrying'));
    expect(retry?.level).toBe('warn');
    expect(retry?.fields).toMatchObject({ attempt: 1, delayMs: 0, reason: 'service_unavailable', errorCode: 'service_unavailable' });
  });

  it('a failed call is logged as an error with status and errorCode', async () => {
    const { client, lines } = observed();
    await rejectionOf(client.getJob(globalThis.crypto.randomUUID()));
    const failure = lines.find((line) => line.level === 'error');
    expect(failure?.fields).toMatchObject({ endpoint: '/api/jobs/{job_id}', status: 404, errorCode: 'not_found', attempt: 1 });
  });

  it('circuit state changes are logged', async () => {
    const { client, lines } = observed({
      faults: [serverErrors({ status: 503 })],
      client: { retry: false, circuitBreaker: { failureThreshold: 2 } },
    });
    await rejectionOf(client.getCreditBalance());
    await rejectionOf(client.getCreditBalance());
    client.close();
    expect(lines.find((line) => line.message === 'circuit breaker open')?.fields).toMatchObject({ previous: 'closed', state: 'open' });
  });

  it('stream start, stream failure and the job auto-fail are logged', async () => {
    const { client, lines } = observed({ emulator: { jobStreamRoute: 'fixed' }, faults: [dropStreamAfter(2)] });
    const job = await client.createJob('observe');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    await rejectionOf(stream.text());
    const start = lines.find((line) => line.message === 'stream start');
    expect(start?.fields).toMatchObject({ endpoint: '/api/jobs/{job_id}/llm-call-stream', jobId: job.job_id, status: 200 });
    const failed = lines.find((line) => line.message === 'stream failed');
    expect(failed?.level).toBe('warn');
    expect(failed?.fields).toMatchObject({ jobId: job.job_id, errorCode: 'stream_interrupted', chunkCount: 2, requestId: start?.fields.requestId });
    expect(lines.find((line) => line.message.startsWith('job auto-failed'))?.fields).toMatchObject({ jobId: job.job_id, errorCode: 'stream_interrupted' });
  });

  it('a finished stream is logged with its chunk count and finish reason', async () => {
    const { client, lines } = observed();
    const stream = await client.createAndCallStream({ job_type: 'observe', model: 'sdk-gemini', messages: hello });
    await stream.text();
    expect(lines.find((line) => line.message === 'stream completed')?.fields).toMatchObject({ chunkCount: 12, finishReason: 'stop' });
  });

  it('invalid input is logged, and nothing is sent', async () => {
    const { client, lines, emulator } = observed();
    await rejectionOf(client.getJob('not-a-uuid'));
    expect(lines.find((line) => line.message.includes('invalid input'))?.fields).toMatchObject({ operation: 'getJob', errorCode: 'invalid_request', issues: ['jobId'] });
    expect(emulator.requests).toHaveLength(0);
  });

  it('logLevel drops what is below it', async () => {
    const { client, lines } = observed({ client: { logLevel: 'warn' } });
    await client.getCreditBalance();
    expect(lines).toHaveLength(0);
  });

  it('SAAS_LITELLM_LOG=debug writes one JSON line per event to stderr', async () => {
    vi.stubEnv('SAAS_LITELLM_LOG', 'debug');
    const written: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void written.push(line));
    const emulator = createEmulator();
    emulator.addTeam({ teamId: 'observed-team', virtualKey: KEY });
    const client = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: 'observed-team', virtualKey: KEY, fetch: emulator.fetch });
    await client.getCreditBalance();
    const events = written.map((line) => JSON.parse(line));
    expect(events.map((event) => event.msg)).toEqual(['request', 'response']);
    expect(events[1]).toMatchObject({ level: 'debug', endpoint: '/api/credits/teams/{team_id}/balance', status: 200 });
    for (const line of written) expect(line).not.toContain(KEY);
  });
});

describe('the key never appears', () => {
  it('in any log line, hook payload, error, stringify or inspect output across success, 401, retries and a stream failure', async () => {
    const { client, lines, hooks, emulator } = observed({
      emulator: { jobStreamRoute: 'fixed' },
      faults: [serverErrors({ status: 503, times: 1, path: '/api/credits/teams/observed-team/balance' }), dropStreamAfter(2)],
    });
    const outputs: unknown[] = [client];
    await client.getCreditBalance();
    const job = await client.createJob('observe');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages: hello });
    outputs.push(stream, await rejectionOf(stream.text()));
    const unauthorised = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: `${KEY}-wrong`, fetch: emulator.fetch, retry: false });
    const denied = await rejectionOf(unauthorised.getCreditBalance(), AuthenticationError);
    expect(denied).toBeInstanceOf(AuthenticationError);
    outputs.push(denied);

    expect(hooks.some((hook) => hook.name === 'onRetry')).toBe(true);
    expect(hooks.some((hook) => hook.name === 'onStreamEnd')).toBe(true);
    const request = hooks.find((hook) => hook.name === 'onRequest')?.state as { headers: Record<string, string> };
    expect(request.headers.authorization).toBe('[redacted]');
    for (const value of [...outputs, ...lines, ...hooks]) for (const text of everything(value)) expect(text).not.toContain(KEY);
  });
});

describe('request ids', () => {
  it('one id per logical call: the same on every retry, on the error and in every log line', async () => {
    const { client, lines, emulator } = observed({ faults: [serverErrors({ status: 503 })], client: { retry: { maxRetries: 2, baseDelayMs: 0 } } });
    const error = await rejectionOf(client.getCreditBalance());
    const sent = emulator.requests.map((request) => request.headers['x-request-id']);
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(1);
    expect(error.requestId).toBe(sent[0]);
    expect(new Set(lines.map((line) => line.fields.requestId))).toEqual(new Set([sent[0]]));
  });

  it('different calls get different ids', async () => {
    const { client, emulator } = observed();
    await client.getCreditBalance();
    await client.getCreditBalance();
    const [first, second] = emulator.requests.map((request) => request.headers['x-request-id']);
    expect(first).not.toBe(second);
  });

  it("the server's x-request-id wins when it sends one", async () => {
    const { client } = observed({ faults: [serverErrors({ status: 503, headers: { 'x-request-id': 'edge-42' } })], client: { retry: false } });
    expect((await rejectionOf(client.getCreditBalance())).requestId).toBe('edge-42');
  });
});

describe('hooks', () => {
  it('a hook that throws or rejects never breaks the call, and is logged', async () => {
    const { logger, lines } = capturingLogger();
    const emulator = createEmulator();
    emulator.addTeam({ teamId: 'observed-team', virtualKey: KEY });
    const client = clientOn(emulator, {
      teamId: 'observed-team',
      virtualKey: KEY,
      logger,
      hooks: {
        onRequest: () => {
          throw new Error('hook bug');
        },
        onResponse: async () => {
          throw new Error('async hook bug');
        },
      },
    });
    const balance = await client.getCreditBalance();
    expect(balance.credits_remaining).toBe(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((line) => line.message.startsWith('hook')).map((line) => line.fields.hook)).toEqual(['onRequest', 'onResponse']);
  });

  it('an async hook is not awaited', async () => {
    const emulator = createEmulator();
    const client = new SaaSLLMClient({
      baseUrl: TEST_BASE_URL,
      teamId: TEST_TEAM_ID,
      virtualKey: 'sk-test-0123456789abcdef',
      fetch: emulator.fetch,
      hooks: { onResponse: () => new Promise<void>(() => {}) },
    });
    expect((await client.getCreditBalance()).credits_remaining).toBe(100);
  });
});

describe('metrics', () => {
  it('counts calls, successes, errors by code, retries and statuses per endpoint template and in total', async () => {
    const { client } = observed({ faults: [serverErrors({ status: 503, times: 1, path: '/api/credits/teams/observed-team/balance' })] });
    await client.getCreditBalance();
    const job = await client.createJob('observe');
    await client.getJob(job.job_id);
    await rejectionOf(client.getJob(globalThis.crypto.randomUUID()));
    const metrics = client.metrics();
    const getJob = metrics.endpoints['/api/jobs/{job_id}'];
    expect(getJob).toMatchObject({ requests: 2, successes: 1, errors: 1, errorsByCode: { not_found: 1 }, errorRate: 0.5, statuses: { '200': 1, '404': 1 } });
    expect(metrics.endpoints['/api/credits/teams/{team_id}/balance']).toMatchObject({ requests: 1, successes: 1, retries: 1, statuses: { '200': 1 } });
    expect(metrics.total).toMatchObject({ requests: 4, successes: 3, errors: 1, retries: 1, errorRate: 0.25 });
    expect(metrics.total.latency.count).toBe(4);
    expect(Object.keys(metrics.endpoints).every((endpoint) => !endpoint.includes(job.job_id))).toBe(true);
  });

  it('counts calls that got no response by error code, and circuit opens', async () => {
    const { client } = observed({ faults: [networkError({ code: 'ECONNREFUSED' })], client: { retry: false, circuitBreaker: { failureThreshold: 2 } } });
    for (let call = 0; call < 3; call += 1) await rejectionOf(client.getCreditBalance());
    client.close();
    const metrics = client.metrics();
    expect(metrics.total.statuses).toEqual({ connection_error: 2, circuit_open: 1 });
    expect(metrics.circuitOpens).toBe(1);
    expect(metrics.circuitState).toBe('open');
  });

  it('counts how streams ended', async () => {
    const { client } = observed({ faults: [dropStreamAfter(2, { times: 1 })] });
    const broken = await client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    await rejectionOf(broken.text());
    const whole = await client.createAndCallStream({ job_type: 'x', model: 'sdk-chat', messages: hello });
    await whole.text();
    expect(client.metrics().endpoints['/api/jobs/create-and-call-stream']?.streams).toEqual({ completed: 1, failed: 1, aborted: 0 });
    expect(metricsToPrometheus(client.metrics())).toContain('saas_llm_streams_total{endpoint="/api/jobs/create-and-call-stream",outcome="failed"} 1');
  });

  it('keeps one entry per endpoint template however many job ids it sees', async () => {
    const { client } = observed();
    for (let call = 0; call < 200; call += 1) await rejectionOf(client.getJob(globalThis.crypto.randomUUID()));
    const { endpoints } = client.metrics();
    expect(Object.keys(endpoints)).toEqual(['/api/jobs/{job_id}']);
    expect(endpoints['/api/jobs/{job_id}']?.requests).toBe(200);
  });

  it('resetMetrics() starts afresh', async () => {
    const { client } = observed();
    await client.getCreditBalance();
    client.resetMetrics();
    expect(client.metrics().total.requests).toBe(0);
    expect(client.metrics().endpoints).toEqual({});
  });

  it('percentiles are within 2% of the exact values over 100k latencies, in memory that does not grow', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    const add = (count: number) => {
      for (let index = 0; index < count; index += 1) {
        // log-normal-ish: most calls fast, a long tail
        const value = Math.exp(4 + 1.5 * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random()));
        values.push(value);
        histogram.record(value);
      }
    };
    add(1_000);
    const bucketsAfter1k = histogram.bucketCount;
    add(99_000);
    expect(histogram.bucketCount).toBe(bucketsAfter1k);
    expect(histogram.count).toBe(100_000);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] as number;
      expect(Math.abs(histogram.percentile(q) - exact) / exact).toBeLessThan(0.02);
    }
  });
});

describe('metricsToPrometheus', () => {
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$/;
  const COMMENT = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$/;

  it('renders the text exposition format line by line', async () => {
    const { client } = observed({ faults: [serverErrors({ status: 503, times: 1, path: '/api/credits/teams/observed-team/balance' })] });
    await client.getCreditBalance();
    await rejectionOf(client.getJob(globalThis.crypto.randomUUID()));
    const text = metricsToPrometheus(client.metrics());
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line.match(SAMPLE) ?? line.match(COMMENT)).not.toBeNull();
    expect(text).toContain('saas_llm_requests_total{endpoint="/api/credits/teams/{team_id}/balance",status="200"} 1');
    expect(text).toContain('saas_llm_requests_total{endpoint="/api/jobs/{job_id}",status="404"} 1');
    expect(text).toContain('saas_llm_retries_total{endpoint="/api/credits/teams/{team_id}/balance"} 1');
    expect(text).toContain('saas_llm_circuit_state 0');
    const buckets = lines
      .filter((line) => line.startsWith('saas_llm_request_duration_seconds_bucket{endpoint="/api/jobs/{job_id}"'))
      .map((line) => Number(line.split(' ').at(-1)));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(1);
    expect(lines.some((line) => line.startsWith('saas_llm_request_duration_seconds_bucket{endpoint="/api/jobs/{job_id}",le="+Inf"} 1'))).toBe(true);
  });
});

describe('health', () => {
  it('resolves to the server body plus ok and latencyMs', async () => {
    const { client } = observed();
    const health = await client.health();
    expect(health).toMatchObject({ ok: true, status: 'healthy', service: 'saas-llm-api' });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('with throwOnError: false, a failing server resolves to ok: false with the error', async () => {
    const { client } = observed({ faults: [serverErrors({ status: 503 })], client: { retry: false } });
    const health = await client.health({ throwOnError: false });
    expect(health.ok).toBe(false);
    if (!health.ok) expect(health.error).toBeInstanceOf(ServiceUnavailableError);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('with throwOnError: false, an unreachable server resolves too', async () => {
    const { client } = observed({ faults: [networkError({ code: 'ECONNREFUSED' })], client: { retry: false } });
    const health = await client.health({ throwOnError: false });
    expect(health).toMatchObject({ ok: false, error: { code: 'connection_error' } });
  });

  it('throws by default', async () => {
    const { client } = observed({ faults: [serverErrors({ status: 503 })], client: { retry: false } });
    expect(await rejectionOf(client.health())).toBeInstanceOf(ServiceUnavailableError);
  });
});
