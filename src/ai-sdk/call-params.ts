/**
 * The AI SDK's call settings as the API's parameters, and the SDK's request options: what the API has
 * no field for becomes a warning, never a silent drop.
 */
import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { StreamOptions } from '../options/types.js';
import type { ChatParams } from '../schemas/requests.js';
import { toMessages } from './prompt.js';

/** What a model call sends: the API's parameters (without `model`), the SDK's request options, the warnings. */
export interface CallPlan {
  params: Omit<ChatParams, 'model'>;
  requestOptions: StreamOptions;
  warnings: SharedV4Warning[];
  /** Whether the call has tools the model may call (the non-streaming route drops tool calls: contract §5.5). */
  mayCallTools: boolean;
}

export function planCall(options: LanguageModelV4CallOptions): CallPlan {
  const warnings: SharedV4Warning[] = [];
  const params: Record<string, unknown> = { messages: toMessages(options.prompt, warnings) };
  if (options.maxOutputTokens !== undefined) params.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) params.temperature = options.temperature;
  if (options.topP !== undefined) params.top_p = options.topP;
  if (options.presencePenalty !== undefined) params.presence_penalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) params.frequency_penalty = options.frequencyPenalty;
  if (options.stopSequences !== undefined && options.stopSequences.length > 0) params.stop = options.stopSequences;
  if (options.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK', details: 'The API has no top_k parameter.' });
  if (options.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed', details: 'The API has no seed parameter.' });
  if (options.reasoning !== undefined && options.reasoning !== 'provider-default') warnings.push({ type: 'unsupported', feature: 'reasoning', details: 'The API has no reasoning effort parameter.' });
  if (options.responseFormat?.type === 'json') {
    params.response_format =
      options.responseFormat.schema === undefined
        ? { type: 'json_object' }
        : { type: 'json_schema', json_schema: { name: options.responseFormat.name ?? 'response', ...(options.responseFormat.description ? { description: options.responseFormat.description } : {}), schema: options.responseFormat.schema } };
    warnings.push({ type: 'compatibility', feature: 'responseFormat', details: 'Sent to OpenAI and Fireworks models; Anthropic and Gemini models ignore it (the AI SDK still parses and checks the answer).' });
  }
  const tools = (options.tools ?? []).flatMap((tool) => {
    if (tool.type === 'function') return [{ type: 'function', function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.inputSchema, ...(tool.strict === undefined ? {} : { strict: tool.strict }) } }];
    warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.name}` });
    return [];
  });
  if (tools.length > 0) {
    params.tools = tools;
    const choice = options.toolChoice;
    if (choice !== undefined) params.tool_choice = choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
  }
  const requestOptions: StreamOptions = {};
  if (options.abortSignal !== undefined) requestOptions.signal = options.abortSignal;
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (Object.keys(headers).length > 0) requestOptions.headers = headers;
  return { params: params as CallPlan['params'], requestOptions, warnings, mayCallTools: tools.length > 0 && options.toolChoice?.type !== 'none' };
}
