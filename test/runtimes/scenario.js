// The one scenario every runtime of the matrix runs (test/runtimes/runtimes.test.ts), written in plain
// JavaScript so that each runtime loads it as it is or bundled. It gets the SDK's two entries and the URLs
// of two `saas-litellm-mock` servers (one cuts every stream after 3 frames) and returns one line per check.

/** @param {{ sdk: typeof import('saas-litellm'), testing: typeof import('saas-litellm/testing'), baseUrl: string, cutUrl: string, client?: import('saas-litellm').SaaSLLMClient }} setup */
export async function scenario({ sdk, testing, baseUrl, cutUrl, client: given }) {
  const { SaaSLLMClient, AuthenticationError, StreamInterruptedError, RequestAbortedError } = sdk;
  const { TEST_TEAM_ID, TEST_VIRTUAL_KEY, createEmulator } = testing;
  const messages = [{ role: 'user', content: 'Say hello' }];
  const results = {};
  const check = async (name, run) => {
    try {
      results[name] = (await run()) ?? 'ok';
    } catch (error) {
      results[name] = `FAILED: ${error && error.name}: ${error && error.message}`;
    }
  };
  const client = given ?? new SaaSLLMClient({ baseUrl, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: { maxRetries: 1, baseDelayMs: 10 } });

  await check('createJob + chat + completeJob', async () => {
    const job = await client.createJob('runtime');
    const reply = await client.chat(job.job_id, { model: 'sdk-chat', messages });
    if (!reply.response.content) throw new Error('empty answer');
    const done = await client.completeJob(job.job_id, 'completed');
    if (done.status !== 'COMPLETED') throw new Error(`job ${done.status}`);
  });

  await check('chatStream iterated', async () => {
    const job = await client.createJob('runtime-stream');
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    await client.completeJob(job.job_id, 'completed');
    if (text.length === 0) throw new Error('no text');
  });

  await check('a wrong key is AuthenticationError', async () => {
    const wrong = new SaaSLLMClient({ baseUrl, teamId: TEST_TEAM_ID, virtualKey: 'sk-wrong-key', retry: false });
    try {
      await wrong.getCreditBalance();
    } catch (error) {
      if (error instanceof AuthenticationError && error.status === 401) return 'ok';
      throw error;
    }
    throw new Error('no error');
  });

  await check('a stream cut by the server: StreamInterruptedError, partial text, job FAILED', async () => {
    const cut = new SaaSLLMClient({ baseUrl: cutUrl, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, retry: false });
    const job = await cut.createJob('runtime-cut');
    const stream = await cut.chatStream(job.job_id, { model: 'sdk-chat', messages });
    try {
      await stream.text();
    } catch (error) {
      if (!(error instanceof StreamInterruptedError)) throw error;
      const stored = await cut.getJob(job.job_id);
      if (stored.status !== 'FAILED') throw new Error(`job ${stored.status}`);
      // Some runtimes' fetch drop the bytes that arrived with the reset (the README names them).
      return error.partialContent.length > 0 ? 'ok' : 'ok (no partial text: the runtime dropped it)';
    }
    throw new Error('the stream did not fail');
  });

  await check('abort mid-stream: RequestAbortedError', async () => {
    const job = await client.createJob('runtime-abort');
    const controller = new AbortController();
    const stream = await client.chatStream(job.job_id, { model: 'sdk-chat', messages }, { signal: controller.signal });
    try {
      for await (const _chunk of stream) controller.abort();
    } catch (error) {
      await client.completeJob(job.job_id, 'failed');
      if (error instanceof RequestAbortedError) return 'ok';
      throw error;
    }
    throw new Error('not aborted');
  });

  await check('createEmulator() as the fetch', async () => {
    const emulator = createEmulator();
    const local = new SaaSLLMClient({ baseUrl: 'http://emulator.test', teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch });
    const answer = await local.createAndCall({ job_type: 'runtime-emulated', model: 'sdk-chat', messages });
    if (emulator.job(answer.job_id)?.status !== 'COMPLETED') throw new Error('job not completed');
  });

  return results;
}
