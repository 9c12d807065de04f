import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SaaSLLMClient, APIError } from '../src/index.js';
import { hello, rejectionOf, setup, useMswServer } from './helpers.js';

useMswServer();

const KEY = 'sk-DISTINCTIVE-secret-7f3a9c';

/** Every way a value could be printed. */
function renderings(value: unknown): string[] {
  return [JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true }), String(value), (value as Error)?.stack ?? ''];
}

describe('the virtual key never leaks', () => {
  it('not through JSON.stringify, util.inspect or String() of the client', () => {
    const client = new SaaSLLMClient({ baseUrl: 'http://api.test', teamId: 't', virtualKey: KEY });
    for (const text of renderings(client)) expect(text).not.toContain(KEY);
  });

  it('not through an error from a 401, even when the server echoes the key', async () => {
    const client = new SaaSLLMClient({
      baseUrl: 'http://api.test',
      teamId: 't',
      virtualKey: KEY,
      retry: false,
      fetch: async (input, init) => Response.json({ detail: `Invalid API key ${new Request(input, init).headers.get('authorization')}` }, { status: 401 }),
    });
    const error = await rejectionOf(client.getCreditBalance(), APIError);
    expect(error.status).toBe(401);
    for (const text of [...renderings(error), error.body, error.detail]) expect(text).not.toContain(KEY);
  });

  it('not through errors of a real exchange (success, 403, validation)', async () => {
    const { client, emulator } = setup({ client: { virtualKey: KEY } });
    emulator.addTeam({ teamId: 'sdk-team-2', virtualKey: KEY });
    const withTeam = new SaaSLLMClient({ baseUrl: client.baseUrl, teamId: 'sdk-team-2', virtualKey: KEY, retry: false });
    const { job_id } = await withTeam.createJob('x');
    const errors = [
      await rejectionOf(withTeam.chat(job_id, { model: 'nope', messages: hello })),
      await rejectionOf(withTeam.getJob('bad')),
      await rejectionOf(client.createJob('x')),
    ];
    for (const error of errors) for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('not through the error for missing options', () => {
    try {
      new SaaSLLMClient({ baseUrl: 'http://api.test', virtualKey: KEY, teamId: '' });
    } catch (error) {
      for (const text of renderings(error)) expect(text).not.toContain(KEY);
      return;
    }
    throw new Error('expected a throw');
  });
});
