// @ts-check
// The same conversion in plain JavaScript: the function the rewrite adds has its parameter typed
// in JSDoc, so a checked file stays checked.
const { trace } = require('@opentelemetry/api');

const tracer = trace.getTracer('svc');

/** @param {string} method */
function serve(method) {
  const span = tracer.startSpan('request', { attributes: { ...httpRequestMethod(method) } });
  span.end();
}

function run() {
  serve('delete');
  serve('purge');
}

module.exports = { run };

/**
 * `http.request.method` as OpenTelemetry's HTTP conventions write it (as the bridge did with
 * `http.method`): upper-cased; a method they do not list is `_OTHER`, with the original.
 * @param {string | null | undefined} method
 * @returns {Record<string, string>}
 */
function httpRequestMethod(method) {
  if (method === undefined || method === null) return {};
  const known = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];
  const upper = method.toUpperCase();
  return known.includes(upper)
    ? { 'http.request.method': upper }
    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };
}
