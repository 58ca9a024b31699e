// Tag values the bridge converts when the code runs, given as variables: the rewritten file gets a
// function that converts them the same way (`'get'` to `'GET'`, an unlisted method to `_OTHER` with
// the original, `'SQL'` to `'other_sql'`).
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('svc');

function serve(method: string, database: string): void {
  const span = tracer.startSpan('request', {
    kind: SpanKind.SERVER,
    attributes: { ...httpRequestMethod(method) },
  });
  span.setAttributes(dbSystemAttributes(database));
  span.end();
}

function retry(method: string): void {
  const span = tracer.startSpan('retry');
  span.setAttributes(httpRequestMethod(method));
  span.end();
}

export function run(): void {
  serve('get', 'SQL');
  serve('PROPFIND', 'redis');
  retry('post');
}

/**
 * `http.request.method` as OpenTelemetry's HTTP conventions write it (as the bridge did with
 * `http.method`): upper-cased; a method they do not list is `_OTHER`, with the original.
 */
function httpRequestMethod(method: string | null | undefined): Record<string, string> {
  if (method === undefined || method === null) return {};
  const known = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];
  const upper = method.toUpperCase();
  return known.includes(upper)
    ? { 'http.request.method': upper }
    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };
}

/**
 * `db.system.name` as OpenTelemetry's database conventions write it (as the bridge did with
 * `db.type`): lower-cased; the generic `sql` is `other_sql`.
 */
function dbSystemAttributes(type: string | null | undefined): Record<string, string> {
  if (type === undefined || type === null) return {};
  const system = type.toLowerCase();
  return { 'db.system.name': system === 'sql' ? 'other_sql' : system };
}
