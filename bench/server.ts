/**
 * The benchmark's server, run as a child process so that its CPU is not counted against the client.
 * It serves the job routes the SDK calls and OpenAI's `/v1/chat/completions` with the same bytes: one
 * JSON body that satisfies both shapes, and one SSE body of OpenAI chunks ending in `[DONE]`.
 *
 * Request header `x-bench-chunks: N` sets a stream's length; `x-bench-hold: 1` sends the headers and the
 * first chunk, then holds the stream open until the client goes away.
 */
import http from 'node:http';

const created = 1_764_000_000;
const reply = 'Hello from the bench server.';

/** One body both clients accept: OpenAI's chat.completion and the API's llm-call answer. */
const JSON_BODY = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
    call_id: '00000000-0000-4000-8000-000000000001',
    response: { content: reply, finish_reason: 'stop' },
    metadata: { tokens_used: 16, latency_ms: 8, model: 'gpt-4o-mini' },
  }),
);

const chunk = (content: string | null, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-4o-mini', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;

const streams = new Map<number, Buffer>();
function sseBody(chunks: number): Buffer {
  let body = streams.get(chunks);
  if (body === undefined) {
    const parts = [chunk('', null).replace('"delta":{"content":""}', '"delta":{"role":"assistant","content":""}')];
    for (let index = 0; index < chunks - 2; index += 1) parts.push(chunk(`tok${index % 10} `, null));
    parts.push(chunk(null, 'stop'), 'data: [DONE]\n\n');
    body = Buffer.from(parts.join(''));
    streams.set(chunks, body);
  }
  return body;
}

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const isStream = request.url?.endsWith('-stream') || request.headers['x-bench-stream'] === '1';
    if (!isStream) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': JSON_BODY.length });
      response.end(JSON_BODY);
      return;
    }
    const chunks = Number(request.headers['x-bench-chunks'] ?? 100);
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (request.headers['x-bench-hold'] === '1') {
      response.write(chunk('', null));
      return;
    }
    response.end(sseBody(chunks));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
