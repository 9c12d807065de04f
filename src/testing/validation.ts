/** A small imitation of the pydantic v2 request validation FastAPI runs before a handler. */
import { json } from './responses.js';

export interface PydanticIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

type FieldKind = 'str' | 'list' | 'dict' | 'number' | 'int' | 'bool' | 'any';
export interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  nullable?: boolean;
  literal?: readonly string[];
}

const MESSAGES: Record<Exclude<FieldKind, 'any'>, [string, string]> = {
  str: ['string_type', 'Input should be a valid string'],
  list: ['list_type', 'Input should be a valid list'],
  dict: ['dict_type', 'Input should be a valid dictionary'],
  number: ['float_type', 'Input should be a valid number'],
  int: ['int_type', 'Input should be a valid integer'],
  bool: ['bool_type', 'Input should be a valid boolean'],
};

function matches(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'str':
      return typeof value === 'string';
    case 'list':
      return Array.isArray(value);
    case 'dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'number':
      return typeof value === 'number';
    case 'int':
      return Number.isInteger(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'any':
      return true;
  }
}

export function validateBody(body: Record<string, unknown>, rules: Record<string, FieldRule>): PydanticIssue[] {
  const issues: PydanticIssue[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    const value = body[field];
    if (!(field in body)) {
      if (rule.required) issues.push({ type: 'missing', loc: ['body', field], msg: 'Field required', input: body });
      continue;
    }
    if (value === null && rule.nullable !== false && !rule.required) continue;
    if (rule.literal) {
      if (!rule.literal.includes(value as string)) {
        const expected = rule.literal.map((option) => `'${option}'`).join(' or ');
        issues.push({ type: 'literal_error', loc: ['body', field], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
      }
      continue;
    }
    if (!matches(rule.kind, value)) {
      const [type, msg] = MESSAGES[rule.kind as Exclude<FieldKind, 'any'>];
      issues.push({ type, loc: ['body', field], msg, input: value });
    } else if (rule.kind === 'list' && field === 'messages') {
      (value as unknown[]).forEach((item, index) => {
        if (!matches('dict', item)) issues.push({ type: 'dict_type', loc: ['body', field, index], msg: 'Input should be a valid dictionary', input: item });
      });
    }
  }
  return issues;
}

export function queryInt(url: URL, name: string, fallback: number): number | PydanticIssue {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw.trim())) {
    return { type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw };
  }
  return Number(raw);
}

export function unprocessable(issues: PydanticIssue[]): Response {
  return json(422, { detail: issues });
}

/** FastAPI parses the body before auth runs: invalid JSON is a 422 even without a key. */
export function parseJsonBody(text: string): { body: unknown } | { error: Response } {
  if (text.trim() === '') return { body: undefined };
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    const position = Number(/position (\d+)/.exec(String(error))?.[1] ?? text.length);
    return {
      error: unprocessable([{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]),
    };
  }
}
