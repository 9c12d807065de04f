/**
 * zod schema → OpenAI strict `response_format`, and answer text → validated value. Strict mode needs
 * every property listed in `required` and `additionalProperties: false` on every object, so optional
 * properties become required-but-nullable, and a null the model sends for them is read back as absent.
 *
 * The SDK never imports zod's JSON Schema generator (21 KB minified, a third of zod in a browser bundle):
 * a classic schema brings its own (`schema.toJSONSchema()`), and a zod/mini user passes `toJSONSchema`
 * from `zod/mini`, so the generator is in a bundle only when the app uses structured output.
 */
import * as z from 'zod/mini';
import type { Caller } from '../core/caller.js';
import { InvalidRequestError, ResponseValidationError } from '../errors/index.js';
import { requestOptionsShape } from '../options/schemas.js';
import type { RequestOptions, StructuredOutputOptions } from '../options/types.js';
import { SchemaNameSchema } from '../schemas/requests.js';
import { issueText } from '../base/issue-text.js';
import { summariseIssues, toIssues } from '../base/validate.js';

type JsonSchema = Record<string, unknown>;
type ToJsonSchema = (schema: z.core.$ZodType, params: JsonSchemaParams) => unknown;
type JsonSchemaParams = { target: 'draft-7'; io: 'output'; unrepresentable: 'any' };

const JSON_SCHEMA_PARAMS: JsonSchemaParams = { target: 'draft-7', io: 'output', unrepresentable: 'any' };

const StructuredOptionsSchema = z.lazy(() =>
  z.looseObject(
    {
      ...requestOptionsShape(),
      schemaName: z.optional(SchemaNameSchema),
      toJSONSchema: z.optional(z.custom<ToJsonSchema>((value) => typeof value === 'function', { error: 'must be a function (toJSONSchema from zod/mini)' })),
    },
    'must be an object',
  ),
);

/** Check `structuredOutput`'s schema and options before anything is sent; build its `response_format`. */
export function checkStructured(
  caller: Caller,
  schema: unknown,
  options: StructuredOutputOptions | undefined,
): { responseFormat: Record<string, unknown>; requestOptions: RequestOptions } {
  // Classic and mini zod schemas both carry `_zod`; anything else cannot be turned into a JSON schema.
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) {
    throw new InvalidRequestError('structuredOutput(): `schema` must be a zod schema (zod 4, classic or mini). Nothing was sent.', {
      operation: 'structuredOutput',
      issues: [{ path: 'schema', message: 'must be a zod schema' }],
    });
  }
  const { schemaName = 'response', toJSONSchema, ...requestOptions } = caller.checkOptions('structuredOutput', StructuredOptionsSchema, options) ?? {};
  const convert = toJSONSchema ?? ownConverter(schema);
  if (convert === undefined) {
    throw new InvalidRequestError(
      "structuredOutput(): a zod/mini schema has no JSON Schema export of its own: pass `{ toJSONSchema }` (import { toJSONSchema } from 'zod/mini') in the options. Nothing was sent.",
      { operation: 'structuredOutput', issues: [{ path: 'options.toJSONSchema', message: 'needed with a zod/mini schema' }] },
    );
  }
  return { responseFormat: responseFormatFor(schema as z.core.$ZodType, schemaName, convert), requestOptions };
}

/** A classic zod 4 schema's own `toJSONSchema(params)` method, bound as a converter. */
function ownConverter(schema: object): ToJsonSchema | undefined {
  const method = (schema as { toJSONSchema?: unknown }).toJSONSchema;
  return typeof method === 'function' ? (_schema, params) => method.call(schema, params) : undefined;
}

/** The `response_format` for `schema`: `{ type: 'json_schema', json_schema: { name, schema, strict: true } }`. */
function responseFormatFor(schema: z.core.$ZodType, name: string, convert: ToJsonSchema): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = convert(schema, JSON_SCHEMA_PARAMS) as JsonSchema;
  return { type: 'json_schema', json_schema: { name, schema: strictify(jsonSchema), strict: true } };
}

function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    // zod spells "any integer" as ±MAX_SAFE_INTEGER bounds: noise for a model, and not needed to validate.
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = strictify(value);
  }
  if (isObjectSchema(out)) {
    const properties = out.properties as Record<string, unknown>;
    const required = new Set((out.required as string[] | undefined) ?? []);
    for (const [key, property] of Object.entries(properties)) {
      if (!required.has(key)) properties[key] = nullable(property as JsonSchema);
    }
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

function isObjectSchema(node: JsonSchema): boolean {
  return node.type === 'object' && typeof node.properties === 'object' && node.properties !== null;
}

function nullable(node: JsonSchema): JsonSchema {
  if (typeof node.type === 'string') return { ...node, type: [node.type, 'null'] };
  if (Array.isArray(node.type)) return node.type.includes('null') ? node : { ...node, type: [...node.type, 'null'] };
  return { anyOf: [node, { type: 'null' }] };
}

/**
 * Parse the model's answer and validate it. Tolerates a Markdown code fence around the JSON (models that
 * ignore `response_format` add one).
 * @throws ResponseValidationError with the raw text on `.body`.
 */
export function parseStructured<S extends z.core.$ZodType>(schema: S, content: string | null, context: { operation: string; jobId?: string }): z.output<S> {
  const text = content ?? '';
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  let value: unknown;
  try {
    value = JSON.parse(fenced?.[1] ?? text);
  } catch {
    throw new ResponseValidationError(`${context.operation}(): the model's answer is not JSON. The raw text is on .body.`, {
      ...context,
      issues: [{ path: '(root)', message: 'not JSON' }],
      body: text,
    });
  }
  const result = z.safeParse(schema, value, { error: issueText });
  if (result.success) return result.data;
  const retried = z.safeParse(schema, withoutNullProperties(value), { error: issueText });
  if (retried.success) return retried.data;
  const issues = toIssues(result.error);
  throw new ResponseValidationError(`${context.operation}(): the model's answer does not match the schema (${summariseIssues(issues)}). The raw text is on .body.`, {
    ...context,
    issues,
    body: text,
  });
}

/** Strict mode's stand-in for an absent optional property is null: drop those before a second try. */
function withoutNullProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullProperties);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNullProperties(field)]),
  );
}
