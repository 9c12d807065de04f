/**
 * Error bodies come in many shapes: FastAPI `{"detail": string | issue[] | object}`, the server's
 * unhandled plain-text 500, HTML from a proxy, and two common JSON envelopes. This never throws.
 */
import type { ValidationIssue } from '../errors/index.js';

export interface ParsedErrorBody {
  /** Human-readable explanation, if one could be found. */
  detail: string | undefined;
  issues: ValidationIssue[] | undefined;
  /** An application error code from an envelope, if any. */
  code: string | undefined;
  requestId: string | undefined;
  raw: string;
}

const MAX_TEXT_DETAIL = 300;

export function parseErrorBody(text: string, contentType: string | null): ParsedErrorBody {
  const parsed = tryJson(text);
  if (isRecord(parsed)) return fromJson(parsed, text);
  const empty = { issues: undefined, code: undefined, requestId: undefined, raw: text };
  if (contentType?.includes('html') || /^\s*<(!doctype|html)/i.test(text)) return { ...empty, detail: htmlSummary(text) };
  const trimmed = text.trim();
  return { ...empty, detail: trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT_DETAIL) };
}

function fromJson(body: Record<string, unknown>, raw: string): ParsedErrorBody {
  const result: ParsedErrorBody = { detail: undefined, issues: undefined, code: undefined, requestId: undefined, raw };
  const { detail, error } = body;
  if (typeof detail === 'string') result.detail = detail;
  else if (Array.isArray(detail)) {
    result.issues = detail.filter(isRecord).map(toIssue);
    result.detail = result.issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; ') || undefined;
  } else if (isRecord(detail)) {
    result.detail = stringField(detail, 'message') ?? stringField(detail, 'msg') ?? JSON.stringify(detail);
  }
  if (isRecord(error)) {
    // {"error": {code, message, details, requestId}}
    result.detail ??= stringField(error, 'message');
    result.code = stringField(error, 'code');
    result.requestId = stringField(error, 'requestId') ?? stringField(error, 'request_id');
  } else if (typeof error === 'string') {
    result.detail ??= error;
  }
  if (body.status === 'error') {
    // {"status": "error", code, message, details, request_id}
    result.detail ??= stringField(body, 'message');
    result.code ??= stringField(body, 'code');
    result.requestId ??= stringField(body, 'request_id');
  }
  result.detail ??= stringField(body, 'message');
  return result;
}

function toIssue(item: Record<string, unknown>): ValidationIssue {
  const loc = Array.isArray(item.loc) ? item.loc.filter((part) => typeof part === 'string' || typeof part === 'number') : [];
  const issue: ValidationIssue = {
    loc,
    msg: typeof item.msg === 'string' ? item.msg : String(item.msg ?? ''),
    type: typeof item.type === 'string' ? item.type : 'unknown',
  };
  if ('input' in item) issue.input = item.input;
  if (isRecord(item.ctx)) issue.ctx = item.ctx;
  return issue;
}

function htmlSummary(html: string): string | undefined {
  const title = html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim();
  if (title) return title;
  const text = html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text.slice(0, MAX_TEXT_DETAIL);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}
