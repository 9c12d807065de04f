/**
 * Model fallback: an LLM call that fails with a provider failure (after its retries), or whose model's
 * breaker is open, is made again with the next of `fallbackModels`, within what is left of its deadline,
 * each fallback drawing on the retry budget like a retry. An ambiguous failure (the provider may have
 * answered and been charged) goes to another model only with `retryAmbiguous`.
 */
import { CircuitOpenError, SaaSLLMError } from '../errors/index.js';
import type { Observer } from '../observability/observer.js';
import type { CallOptions } from '../options/resolved.js';
import { isProviderFailure } from '../policies/circuit-breaker.js';
import type { RetryBudgetLike } from '../policies/retry-budget.js';

export interface FallbackContext {
  operation: string;
  budget: RetryBudgetLike | undefined;
  observer: Observer;
}

/** Run `call` with `input.model`, then each fallback model in turn while the failure allows it. */
export async function withFallback<T, O extends CallOptions>(
  input: Record<string, unknown>,
  options: O,
  context: FallbackContext,
  call: (input: Record<string, unknown>, options: O) => Promise<T>,
): Promise<T> {
  const first = input.model as string;
  const models = [first, ...options.fallbackModels.filter((model) => model !== first)];
  const started = Date.now();
  const failed: string[] = [];
  for (const [index, model] of models.entries()) {
    const leftMs = options.deadlineMs === undefined ? undefined : options.deadlineMs - (Date.now() - started);
    try {
      const result = await call(index === 0 ? input : { ...input, model }, leftMs === undefined || index === 0 ? options : { ...options, deadlineMs: leftMs });
      if (failed.length > 0 && typeof result === 'object' && result !== null) Object.defineProperty(result, 'fallbackFrom', { value: Object.freeze([...failed]), enumerable: true });
      return result;
    } catch (error) {
      failed.push(model);
      const next = models[index + 1];
      if (next === undefined || !(await mayFallBack(error, options, context, started))) throw error;
      context.observer.log('warn', `${context.operation}(): ${model} failed (${(error as SaaSLLMError).code}); trying ${next}`, { operation: context.operation, errorCode: (error as SaaSLLMError).code });
    }
  }
  throw new Error('unreachable: the loop returns or throws');
}

async function mayFallBack(error: unknown, options: CallOptions, context: FallbackContext, started: number): Promise<boolean> {
  if (!(error instanceof SaaSLLMError)) return false;
  const modelFailed = isProviderFailure(error) || (error instanceof CircuitOpenError && error.model !== undefined);
  if (!modelFailed) return false;
  if (error.sendState === 'ambiguous' && !options.retryAmbiguous) return false;
  if (options.deadlineMs !== undefined && Date.now() - started >= options.deadlineMs) return false;
  return context.budget === undefined || (await context.budget.tryAcquire(false));
}
