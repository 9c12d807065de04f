import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  APIError,
  AuthenticationError,
  InsufficientCreditsError,
  InvalidRequestError,
  isAPIError,
  isSaaSLLMError,
  ModelAccessDeniedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  SaaSLLMClient,
  SaaSLLMError,
  ServerError,
  ServiceUnavailableError,
  TeamInactiveError,
  ValidationError,
  type ErrorCode,
  type SaaSLLMErrorName,
} from '../src/index.js';
import { EMPTY_TEAM_ID, EMPTY_VIRTUAL_KEY, SUSPENDED_VIRTUAL_KEY, TEST_BASE_URL } from '../src/testing/index.js';
import { hello, rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

const JOB_ID = '00000000-0000-4000-8000-000000000000';

/** A client whose every request is answered with `response`. */
function answering(response: () => Response) {
  let requests = 0;
  const client = new SaaSLLMClient({
    baseUrl: TEST_BASE_URL,
    teamId: 'sdk-team',
    virtualKey: 'sk-abc',
    retry: false,
    circuitBreaker: false,
    fetch: async () => {
      requests += 1;
      return response();
    },
  });
  return { client, requests: () => requests };
}

const detailResponse = (status: number, detail: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify({ detail }), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('every detail text of contract §11 maps to its class', () => {
  const table: Array<[number, string, new (...args: never[]) => APIError, Record<string, unknown>?]> = [
    [401, "Missing Authorization header. Expected: 'Authorization: Bearer sk-xxx...'", AuthenticationError],
    [401, "Invalid Authorization header format. Expected: 'Authorization: Bearer sk-xxx...'", AuthenticationError],
    [401, 'Invalid API key', AuthenticationError],
    [403, 'Team access is suspended. Please contact support.', TeamInactiveError, { teamStatus: 'suspended' }],
    [403, 'Team access is paused. Please contact support.', TeamInactiveError, { teamStatus: 'paused' }],
    [403, "API key does not belong to team 'other'", PermissionDeniedError],
    [403, 'Job does not belong to your team', PermissionDeniedError],
    [403, "Team 'sdk-team' does not have access to model alias 'gpt-4o'", ModelAccessDeniedError, { model: 'gpt-4o' }],
    [403, "Team 'sdk-team' does not have access to model group 'nope'", ModelAccessDeniedError, { model: 'nope' }],
    [403, "Model group 'g' not found or inactive", ModelAccessDeniedError, { model: 'g' }],
    [403, "No active models configured for group 'g'", ModelAccessDeniedError, { model: 'g' }],
    [403, 'Cannot access jobs for a different team', PermissionDeniedError],
    [403, 'Cannot access usage data for a different team', PermissionDeniedError],
    [403, 'Cannot access credit balance for a different team', PermissionDeniedError],
    [403, 'Cannot access credit transactions for a different team', PermissionDeniedError],
    [403, 'Cannot check credits for a different team', PermissionDeniedError],
    [403, 'Insufficient credits. Team has 0 credits remaining', InsufficientCreditsError],
    [402, 'Payment required', InsufficientCreditsError],
    [403, 'Cannot resolve model group for a different team', PermissionDeniedError],
    [404, 'Job not found', NotFoundError],
    [404, "Team 'sdk-team' not found", NotFoundError],
    [404, "No credit account found for team 'sdk-team'", NotFoundError],
    [404, "Model group 'x' not found", NotFoundError],
    [404, "Model alias 'x' not found", NotFoundError],
    [404, 'Not Found', NotFoundError],
    [500, 'LLM call failed: 500: Failed to call provider API: OpenAI error: boom', ServerError, { retryable: true, ambiguous: false }],
    [500, 'LLM call failed: 500: No provider credentials configured for openai. Please add credentials in the admin dashboard.', ServerError, { retryable: false }],
    [500, "LLM call failed: 500: Failed to call provider API: OpenAI authentication failed: Error code: 401", ServerError, { retryable: false }],
  ];

  it.each(table)('%i %s', async (status, text, ErrorClass, fields = {}) => {
    const { client } = answering(detailResponse(status, text));
    const error = await rejectionOf(client.chat(JOB_ID, { model: 'm', messages: hello }), ErrorClass);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toMatchObject({ status, detail: text, operation: 'chat', method: 'POST', endpoint: '/api/jobs/{job_id}/llm-call', jobId: JOB_ID, ...fields });
    expect(error.message).toContain(text);
    expect(error.message).toContain('chat() POST /api/jobs/{job_id}/llm-call');
    expect(typeof error.code).toBe('string');
    expect(typeof error.retryable).toBe('boolean');
  });
});

describe('error bodies of every shape', () => {
  it('a 422 with pydantic v2 issues → ValidationError with issues', async () => {
    const issues = [{ type: 'missing', loc: ['body', 'job_type'], msg: 'Field required', input: { team_id: 'x' } }];
    const error = await rejectionOf(answering(detailResponse(422, issues)).client.getJob(JOB_ID), ValidationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual(issues);
    expect(error.message).toContain('body.job_type: Field required');
    expect(error.retryable).toBe(false);
  });

  it('a 422 with pydantic v1 issues → ValidationError with issues', async () => {
    const issues = [{ loc: ['body', 'model'], msg: 'field required', type: 'value_error.missing' }];
    const error = await rejectionOf(answering(detailResponse(422, issues)).client.getJob(JOB_ID), ValidationError);
    expect(error.issues).toEqual(issues);
  });

  it('the plain-text 500 → ServerError with the text as detail', async () => {
    const { client } = answering(() => new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    const error = await rejectionOf(client.getJob(JOB_ID), ServerError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.detail).toBe('Internal Server Error');
    expect(error.ambiguous).toBe(true);
  });

  it('an HTML 502 from a proxy → ServerError with the page title', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    const { client } = answering(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await rejectionOf(client.getJob(JOB_ID), ServerError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, detail: '502 Bad Gateway', retryable: true });
  });

  it('503 → ServiceUnavailableError', async () => {
    const error = await rejectionOf(answering(() => new Response('', { status: 503 })).client.getJob(JOB_ID), ServiceUnavailableError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.detail).toBeUndefined();
  });

  it('the {"error": {code, message, requestId}} envelope', async () => {
    const body = { error: { code: 'quota', message: 'Quota exceeded', details: {}, requestId: 'srv-1' } };
    const error = await rejectionOf(answering(() => Response.json(body, { status: 400 })).client.getJob(JOB_ID));
    expect(error).toMatchObject({ detail: 'Quota exceeded', requestId: 'srv-1', status: 400 });
  });

  it('the {"status": "error", code, message, request_id} envelope', async () => {
    const body = { status: 'error', code: 'x', message: 'Something broke', details: null, request_id: 'srv-2' };
    const error = await rejectionOf(answering(() => Response.json(body, { status: 500 })).client.getJob(JOB_ID), ServerError);
    expect(error).toMatchObject({ detail: 'Something broke', requestId: 'srv-2' });
  });

  it('429 → RateLimitError with retryAfterMs from Retry-After', async () => {
    const { client } = answering(detailResponse(429, 'slow down', { 'retry-after': '7' }));
    const error = await rejectionOf(client.getJob(JOB_ID), RateLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7000);
  });

  it('a server-sent x-request-id wins over the one the SDK sent', async () => {
    const { client } = answering(detailResponse(404, 'Job not found', { 'x-request-id': 'from-server' }));
    expect((await rejectionOf(client.getJob(JOB_ID))).requestId).toBe('from-server');
  });

  it('a 2xx body that does not match the schema → ResponseValidationError, with extra fields tolerated', async () => {
    const bad = answering(() => Response.json({ status: 'healthy' }));
    const error = await rejectionOf(bad.client.health(), ResponseValidationError);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues).toContainEqual({ path: 'service', message: expect.any(String) });
    expect(error.body).toBe('{"status":"healthy"}');
    const extra = answering(() => Response.json({ status: 'healthy', service: 's', region: 'eu' }));
    await expect(extra.client.health()).resolves.toMatchObject({ region: 'eu' });
  });

  it('a 2xx body that is not JSON → ResponseValidationError', async () => {
    const error = await rejectionOf(answering(() => new Response('<html>ok</html>')).client.health(), ResponseValidationError);
    expect(error).toBeInstanceOf(ResponseValidationError);
  });
});

describe('errors from the emulated server', () => {
  it('a suspended team gets TeamInactiveError on every authenticated call', async () => {
    const { client } = setup({ client: { virtualKey: SUSPENDED_VIRTUAL_KEY, teamId: 'sdk-team-suspended' } });
    const error = await rejectionOf(client.getCreditBalance(), TeamInactiveError);
    expect(error).toBeInstanceOf(TeamInactiveError);
    expect(error.teamStatus).toBe('suspended');
  });

  it('an unknown key gets AuthenticationError "Invalid API key"', async () => {
    const { client } = setup({ client: { virtualKey: 'sk-not-a-real-key' } });
    const error = await rejectionOf(client.createJob('x'), AuthenticationError);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.detail).toBe('Invalid API key');
  });

  it("an unknown job gets NotFoundError; another team's job PermissionDeniedError", async () => {
    const { client } = setup();
    expect(await rejectionOf(client.getJob(JOB_ID))).toBeInstanceOf(NotFoundError);
    const empty = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: EMPTY_TEAM_ID, virtualKey: EMPTY_VIRTUAL_KEY, retry: false });
    const { job_id } = await empty.createJob('theirs');
    const error = await rejectionOf(client.chat(job_id, { model: 'sdk-chat', messages: hello }), PermissionDeniedError);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.detail).toBe('Job does not belong to your team');
  });

  it('a provider failure → retryable ServerError "LLM call failed" that was refused, not ambiguous', async () => {
    const { client } = setup();
    const { job_id } = await client.createJob('x');
    const error = await rejectionOf(client.chat(job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'please fail [fake:500]' }] }), ServerError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ retryable: true, ambiguous: false, code: 'server_error' });
    expect(error.detail).toMatch(/^LLM call failed: 500: Failed to call provider API: OpenAI error/);
  });

  it('a provider auth failure is not retryable', async () => {
    const { client } = setup();
    const { job_id } = await client.createJob('x');
    const error = await rejectionOf(client.chat(job_id, { model: 'sdk-chat', messages: [{ role: 'user', content: 'please fail [fake:401]' }] }));
    expect(error).toMatchObject({ retryable: false, code: 'server_error_permanent' });
  });

  it('every error is a SaaSLLMError', async () => {
    const { client } = setup({ client: { virtualKey: 'sk-wrong' } });
    expect(await rejectionOf(client.getCreditBalance())).toBeInstanceOf(SaaSLLMError);
  });
});

describe('error types', () => {
  it('each class has its literal name and the base lists every name and code', () => {
    expectTypeOf<RateLimitError['name']>().toEqualTypeOf<'RateLimitError'>();
    expectTypeOf<TeamInactiveError['name']>().toEqualTypeOf<'TeamInactiveError'>();
    expectTypeOf<SaaSLLMError['name']>().toEqualTypeOf<SaaSLLMErrorName>();
    expectTypeOf<SaaSLLMError['code']>().toEqualTypeOf<ErrorCode>();
    // @ts-expect-error: a code that does not exist is a type error
    const unknown: ErrorCode = 'no_such_code';
    expect(new RateLimitError('x', { status: 429, detail: undefined, issues: undefined, body: '', headers: new Headers(), retryable: true, sendState: 'refused', retryAfterMs: 5 })).toMatchObject({
      name: 'RateLimitError',
      code: 'rate_limited',
      retryAfterMs: 5,
    });
    expect(unknown).toBe('no_such_code');
  });
});

describe('errors from another copy of the SDK (ESM beside CommonJS, two versions)', () => {
  /** A second, separate instance of the error modules: other classes with the same names, as another copy has. */
  async function otherCopy(): Promise<typeof import('../src/index.js')> {
    vi.resetModules();
    return import('../src/index.js');
  }

  it('instanceof, isSaaSLLMError and isAPIError recognise them, class by class', async () => {
    const other = await otherCopy();
    expect(other.RateLimitError).not.toBe(RateLimitError);
    const limited = new other.RateLimitError('slow down', { status: 429, detail: undefined, issues: undefined, body: '', headers: new Headers(), retryable: true, sendState: 'refused', retryAfterMs: 1000 });
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toBeInstanceOf(APIError);
    expect(limited).toBeInstanceOf(SaaSLLMError);
    expect(limited).toBeInstanceOf(Error);
    expect(isSaaSLLMError(limited)).toBe(true);
    expect(isAPIError(limited)).toBe(true);
    expect(limited).not.toBeInstanceOf(ServerError);
    expect(limited).not.toBeInstanceOf(InvalidRequestError);

    // A real failure from a client of the other copy.
    const error = await new other.SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: 't', virtualKey: 'k' }).chat('not-a-uuid', { model: 'sdk-chat', messages: hello }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toBeInstanceOf(SaaSLLMError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(isSaaSLLMError(error)).toBe(true);
    expect(isAPIError(error)).toBe(false);
  });

  it('nothing else passes: plain errors, look-alikes, subclasses a user wrote', async () => {
    expect(new Error('x')).not.toBeInstanceOf(SaaSLLMError);
    expect(isSaaSLLMError({ name: 'RateLimitError', code: 'rate_limited' })).toBe(false);
    expect(isSaaSLLMError(Object.assign(new Error('x'), { [Symbol.for('saas-litellm.error.kinds')]: 'SaaSLLMError' }))).toBe(false);
    expect(isSaaSLLMError(null)).toBe(false);
    class MyError extends InvalidRequestError {}
    const mine = new MyError('mine', { issues: [] });
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(InvalidRequestError);
    expect(new InvalidRequestError('theirs', { issues: [] })).not.toBeInstanceOf(MyError);
  });

  it('the brand stays out of JSON.stringify and util.inspect', () => {
    const error = new InvalidRequestError('bad', { issues: [] });
    expect(JSON.stringify(error)).not.toContain('saas-litellm.error');
    expect(inspect(error)).not.toContain('saas-litellm.error');
  });
});
