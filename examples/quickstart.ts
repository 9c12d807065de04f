/**
 * Quickstart: create a job, make a call, complete it and print the costs.
 *
 * With SAAS_LITELLM_API_URL, SAAS_LITELLM_TEAM_ID and SAAS_LITELLM_VIRTUAL_KEY set, it talks to that
 * server; otherwise to the emulator embedded in `saas-litellm/testing`.
 *
 *   npm install && npm run example
 */
import { CircuitOpenError, SaaSLLMClient, SaaSLLMError, StreamInterruptedError } from 'saas-litellm';
import { createEmulator, dropStreamAfter, rateLimited, serverErrors, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY } from 'saas-litellm/testing';

const env = process.env;
const real = Boolean(env.SAAS_LITELLM_API_URL && env.SAAS_LITELLM_TEAM_ID && env.SAAS_LITELLM_VIRTUAL_KEY);
const model = env.SAAS_LITELLM_MODEL ?? 'sdk-chat';

const client = real
  ? new SaaSLLMClient()
  : new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: createEmulator().fetch });

console.log(real ? `Using the server at ${client.baseUrl} (team ${client.teamId}).` : 'No SAAS_LITELLM_* variables set: using the embedded emulator.');

try {
  const job = await client.createJob({ job_type: 'quickstart', metadata: { source: 'examples/quickstart.ts' } });
  console.log(`Created job ${job.job_id} (${job.status}).`);

  const reply = await client.chat(job.job_id, { model, messages: [{ role: 'user', content: 'Say hello to the SDK' }], max_tokens: 64 });
  console.log(`Model said: ${reply.response.content}`);

  const done = await client.completeJob(job.job_id, 'completed');
  const { costs } = done;
  console.log(`Job ${done.status}: ${costs.total_calls} call(s), ${costs.total_tokens} tokens, $${costs.total_cost_usd}, credit applied: ${costs.credit_applied}, credits left: ${costs.credits_remaining}.`);

  console.log('\n-- A streamed answer (create-and-call-stream) --');
  const stream = await client.createAndCallStream({ job_type: 'quickstart_stream', model, messages: [{ role: 'user', content: 'Stream a short greeting' }] });
  process.stdout.write('Model streamed: ');
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
  console.log(`\n(${stream.chunkCount} chunks, finish reason ${stream.finishReason})`);
} catch (error) {
  if (error instanceof SaaSLLMError) {
    console.error(`${error.name} [${error.code}]: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}

if (!real) {
  // Resilience, shown against the emulator's fault scenarios.
  console.log('\n-- Retries: the API answers 429 twice, with Retry-After: 1 --');
  const flaky = createEmulator({ faults: [rateLimited({ times: 2, retryAfter: 1 })] });
  const retrying = new SaaSLLMClient({
    baseUrl: TEST_BASE_URL,
    teamId: TEST_TEAM_ID,
    virtualKey: TEST_VIRTUAL_KEY,
    fetch: flaky.fetch,
    hooks: { onRetry: ({ attempt, delayMs, reason }) => console.log(`attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`) },
  });
  const balance = await retrying.getCreditBalance();
  console.log(`Balance after ${flaky.requests.length} requests: ${balance.credits_remaining} credits.`);

  console.log('\n-- A stream that breaks halfway: the connection drops after 4 frames --');
  const cut = createEmulator({ jobStreamRoute: 'fixed', faults: [dropStreamAfter(4)] });
  const streaming = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: cut.fetch });
  const streamJob = await streaming.createJob('quickstart_stream');
  try {
    const broken = await streaming.chatStream(streamJob.job_id, { model, messages: [{ role: 'user', content: 'Stream a short greeting' }] });
    await broken.text();
  } catch (error) {
    if (!(error instanceof StreamInterruptedError)) throw error;
    console.log(`${error.name} after ${error.chunkCount} chunks; kept: "${error.partialContent}"`);
    console.log(`The SDK completed the job as ${cut.job(streamJob.job_id)?.status}: "${cut.job(streamJob.job_id)?.error_message}"`);
  }

  console.log('\n-- Circuit breaker: the API is down (503 on every request) --');
  const down = createEmulator({ faults: [serverErrors({ status: 503 })] });
  const guarded = new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: down.fetch, retry: { maxRetries: 2, baseDelayMs: 50 } });
  for (let call = 1; call <= 4; call += 1) {
    try {
      await guarded.getCreditBalance();
    } catch (error) {
      const note = error instanceof CircuitOpenError ? `nothing sent, retry in ${Math.round(error.retryAfterMs / 1000)} s` : `${(error as SaaSLLMError).attempts} attempts`;
      console.log(`call ${call}: ${(error as Error).name} (${note}); breaker ${guarded.circuitState}; server saw ${down.requests.length} requests`);
    }
  }
}
