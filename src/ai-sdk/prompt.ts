/**
 * The AI SDK's prompt (system, user, assistant and tool messages; text, file, tool-call and tool-result
 * parts) as the API's messages, which are OpenAI's: the server passes them on to OpenAI and Fireworks
 * unchanged, and reduces them for Anthropic and Gemini (contract §4).
 */
import { UnsupportedFunctionalityError, type LanguageModelV4Prompt, type LanguageModelV4ToolResultOutput, type SharedV4Warning } from '@ai-sdk/provider';
import type { ChatMessage } from '../schemas/requests.js';

type UserPart = Extract<LanguageModelV4Prompt[number], { role: 'user' }>['content'][number];
type FilePart = Extract<UserPart, { type: 'file' }>;

export function toMessages(prompt: LanguageModelV4Prompt, warnings: SharedV4Warning[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const onlyText = message.content.every((part) => part.type === 'text');
        messages.push({
          role: 'user',
          content: onlyText ? message.content.map((part) => (part.type === 'text' ? part.text : '')).join('') : message.content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : imagePart(part))),
        });
        break;
      }
      case 'assistant': {
        let text = '';
        const toolCalls: Array<Record<string, unknown>> = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call') toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: JSON.stringify(part.input) } });
          else if (part.type === 'reasoning') warnings.push({ type: 'other', message: 'Reasoning parts of earlier assistant messages are not sent: the API has no field for them.' });
          else if (part.type !== 'tool-result') throw new UnsupportedFunctionalityError({ functionality: `assistant ${part.type} parts` });
        }
        messages.push({ role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type === 'tool-result') messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: outputText(part.output) });
        }
        break;
    }
  }
  return messages;
}

/** An image as OpenAI's `image_url` part (a URL, or the data as a data URL); other files have no place in the API. */
function imagePart(part: FilePart): Record<string, unknown> {
  if (!part.mediaType.startsWith('image/')) throw new UnsupportedFunctionalityError({ functionality: `file parts of type ${part.mediaType} (images only)` });
  const { data } = part;
  if (data.type === 'url') return { type: 'image_url', image_url: { url: data.url.toString() } };
  if (data.type !== 'data') throw new UnsupportedFunctionalityError({ functionality: `file parts given as ${data.type}` });
  const base64 = typeof data.data === 'string' ? data.data : base64Of(data.data);
  return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${base64}` } };
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A tool's output as the text of a `tool` message. */
function outputText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `Tool execution denied${output.reason ? `: ${output.reason}` : '.'}`;
    default:
      return JSON.stringify(output);
  }
}
