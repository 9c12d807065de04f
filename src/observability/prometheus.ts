/** A metrics snapshot in the Prometheus text exposition format (version 0.0.4). */
import { InvalidRequestError } from '../errors/index.js';
import type { MetricsSnapshot } from './metrics.js';

const CIRCUIT_STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Render `client.metrics()` for a `/metrics` endpoint.
 *
 * @example
 * app.get('/metrics', (_req, res) => res.type('text/plain; version=0.0.4').send(metricsToPrometheus(client.metrics())));
 */
export function metricsToPrometheus(snapshot: MetricsSnapshot, options: { labels?: Record<string, string> } = {}): string {
  const isSnapshot = typeof snapshot === 'object' && snapshot !== null && typeof snapshot.endpoints === 'object' && typeof snapshot.total === 'object';
  const labelsOk = typeof options === 'object' && options !== null && (options.labels === undefined || (typeof options.labels === 'object' && options.labels !== null));
  if (!isSnapshot || !labelsOk) {
    throw new InvalidRequestError('metricsToPrometheus(): pass `client.metrics()` and, optionally, `{ labels: { name: value } }`.', {
      operation: 'metricsToPrometheus',
      issues: [{ path: isSnapshot ? 'options' : 'snapshot', message: isSnapshot ? 'must be { labels?: object }' : 'must be what client.metrics() returns' }],
    });
  }
  const extra = options.labels ?? {};
  const lines: string[] = [];
  const endpoints = Object.values(snapshot.endpoints);

  lines.push('# HELP saas_llm_requests_total SaaS LiteLLM API calls by endpoint template and outcome (HTTP status, or error code without a response).');
  lines.push('# TYPE saas_llm_requests_total counter');
  for (const endpoint of endpoints) {
    for (const [status, count] of Object.entries(endpoint.statuses)) {
      lines.push(`saas_llm_requests_total${labels({ ...extra, endpoint: endpoint.endpoint, status })} ${count}`);
    }
  }

  lines.push('# HELP saas_llm_errors_total Failed SaaS LiteLLM API calls by endpoint template and error code.');
  lines.push('# TYPE saas_llm_errors_total counter');
  for (const endpoint of endpoints) {
    for (const [code, count] of Object.entries(endpoint.errorsByCode)) {
      lines.push(`saas_llm_errors_total${labels({ ...extra, endpoint: endpoint.endpoint, code })} ${count}`);
    }
  }

  lines.push('# HELP saas_llm_request_duration_seconds SaaS LiteLLM API call latency, retries included.');
  lines.push('# TYPE saas_llm_request_duration_seconds histogram');
  for (const endpoint of endpoints) {
    const { latency } = endpoint;
    for (const bucket of latency.buckets) {
      lines.push(`saas_llm_request_duration_seconds_bucket${labels({ ...extra, endpoint: endpoint.endpoint, le: String(bucket.leSeconds) })} ${bucket.count}`);
    }
    lines.push(`saas_llm_request_duration_seconds_bucket${labels({ ...extra, endpoint: endpoint.endpoint, le: '+Inf' })} ${latency.count}`);
    lines.push(`saas_llm_request_duration_seconds_sum${labels({ ...extra, endpoint: endpoint.endpoint })} ${latency.sumMs / 1000}`);
    lines.push(`saas_llm_request_duration_seconds_count${labels({ ...extra, endpoint: endpoint.endpoint })} ${latency.count}`);
  }

  lines.push('# HELP saas_llm_retries_total Retries made by the SDK, by endpoint template.');
  lines.push('# TYPE saas_llm_retries_total counter');
  for (const endpoint of endpoints) lines.push(`saas_llm_retries_total${labels({ ...extra, endpoint: endpoint.endpoint })} ${endpoint.retries}`);

  lines.push('# HELP saas_llm_streams_total Streams that started, by endpoint template and how they ended.');
  lines.push('# TYPE saas_llm_streams_total counter');
  for (const endpoint of endpoints) {
    for (const [outcome, count] of Object.entries(endpoint.streams)) {
      if (count > 0) lines.push(`saas_llm_streams_total${labels({ ...extra, endpoint: endpoint.endpoint, outcome })} ${count}`);
    }
  }

  lines.push('# HELP saas_llm_circuit_opens_total Times the circuit breaker opened.');
  lines.push('# TYPE saas_llm_circuit_opens_total counter');
  lines.push(`saas_llm_circuit_opens_total${labels(extra)} ${snapshot.circuitOpens}`);

  lines.push('# HELP saas_llm_circuit_state Circuit breaker state: 0 closed, 1 half-open, 2 open.');
  lines.push('# TYPE saas_llm_circuit_state gauge');
  lines.push(`saas_llm_circuit_state${labels(extra)} ${CIRCUIT_STATE_VALUE[snapshot.circuitState]}`);

  return `${lines.join('\n')}\n`;
}

function labels(values: Record<string, string>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
