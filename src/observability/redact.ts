import { REDACTED } from '../base/secret.js';

/** What redacting needs of the key holder: its own text replacement. */
export interface KeyRedactor {
  redact(text: string): string;
}

const SECRET_FIELD = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|virtual[-_]?key|access[-_]?token|token|secret|password|cookie)$/i;

/**
 * A deep copy of `value` with secret-named fields masked and any occurrence of the key replaced.
 * Applied to everything that leaves the SDK for a logger or a hook.
 */
export function redact<T>(value: T, key: KeyRedactor, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return key.redact(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return value;
  if (seen.has(value)) return '[circular]' as T;
  seen.add(value);
  if (value instanceof Headers) {
    const masked: Record<string, string> = {};
    value.forEach((headerValue, name) => {
      masked[name] = SECRET_FIELD.test(name) ? REDACTED : key.redact(headerValue);
    });
    return masked as T;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, key, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = SECRET_FIELD.test(name) ? REDACTED : redact(field, key, seen);
  }
  return out as T;
}
